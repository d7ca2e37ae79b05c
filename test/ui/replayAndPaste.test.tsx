import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { contentText } from '../../src/core/chatFormat.js';
import { LESSON_MESSAGES } from '../../src/core/lesson.js';
import { bindingsIn, footerItems, keyLabel } from '../../src/ui/input/keymap.js';
import { oracleEncode } from '../support/oracle.js';
import { CTRL, ESC, ENTER, PASTE_END, PASTE_START, renderDashboard, until } from '../support/renderDashboard.js';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const cl100k = (text: string) => oracleEncode('cl100k_base', text).length;
/** What the next call bills after the lesson's first `count` messages. */
const lessonUsed = (count: number) =>
  LESSON_MESSAGES.slice(0, count).reduce((sum, m) => sum + 3 + cl100k(m.role) + cl100k(contentText(m)), 3);
const n = (value: number) => value.toLocaleString('en-US');

describe('replay in the dashboard', () => {
  it('steps forward with Ctrl+N and back with Ctrl+B, "turn k/N" always shown', async () => {
    const { frame, press } = await renderDashboard({ queue: LESSON_MESSAGES });
    expect(frame()).toContain('turn 0/12');
    expect(frame()).toContain('3 / 8,192 tokens');
    await press(CTRL.n);
    await until(frame, (f) => f.includes('turn 1/12') && f.includes('#1 user'));
    await press(CTRL.n);
    const two = await until(frame, (f) => f.includes('#2 user') && !f.includes('counting'));
    expect(two).toContain('turn 2/12');
    expect(two).toContain(`${n(lessonUsed(2))} / 8,192 tokens`);
    await press(CTRL.b);
    const back = await until(frame, (f) => f.includes('turn 1/12'));
    expect(back).toContain(`${n(lessonUsed(1))} / 8,192 tokens`);
    expect(back).not.toContain('#2 user');
    // The stepped-back turn is queued again: forward brings the same one.
    await press(CTRL.n);
    await until(frame, (f) => f.includes('turn 2/12') && f.includes(`${n(lessonUsed(2))} / 8,192`));
  });

  it('plays at --speed turns per second with Ctrl+P and pauses with it again', async () => {
    // The autoplay timer and the clock it reads (performance.now) are the only fakes.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    const { frame, press } = await renderDashboard({ queue: LESSON_MESSAGES, speed: 2 });
    // The autoplay interval is the only fake timer; wait until the hook has set it.
    const timerSet = () => until(() => String(vi.getTimerCount()), (count) => count === '1', 'the autoplay timer');
    await press(CTRL.p);
    await until(frame, (f) => f.includes('▶ playing'));
    await timerSet();
    expect(frame()).toContain('turn 0/12');
    for (let turn = 1; turn <= 3; turn++) {
      vi.advanceTimersByTime(500);
      await until(frame, (f) => f.includes(`turn ${turn}/12`) && f.includes(`#${turn} `) && !f.includes('counting'), `turn ${turn}`);
    }
    await press(CTRL.p);
    const paused = await until(frame, (f) => f.includes('paused'));
    expect(paused).toContain('turn 3/12');
    await until(() => String(vi.getTimerCount()), (count) => count === '0', 'the timer cleared');
    vi.advanceTimersByTime(5_000);
    expect(frame()).toContain('turn 3/12 · paused');
    await press(CTRL.p);
    await until(frame, (f) => f.includes('▶ playing'));
    await timerSet();
    for (let turn = 4; turn <= 12; turn++) {
      vi.advanceTimersByTime(500);
      await until(frame, (f) => f.includes(`turn ${turn}/12`) && !f.includes('counting'), `turn ${turn}`);
    }
    const done = await until(frame, (f) => f.includes('turn 12/12 · done') && !f.includes('counting'));
    expect(done).toContain(`${n(lessonUsed(12))} / 8,192 tokens (${((lessonUsed(12) / 8192) * 100).toFixed(1)}%)`);
  });

  it('plays all twelve turns in 136 ms at --speed 100 (a tick a frame), with no frame of "counting..." rows between ticks', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    const { frame, frames, press } = await renderDashboard({ queue: LESSON_MESSAGES, speed: 100 });
    await press(CTRL.p);
    await until(frame, (f) => f.includes('▶ playing, 100/s'));
    await until(() => String(vi.getTimerCount()), (count) => count === '1', 'the autoplay timer');
    const playing = frames.length;
    // 136 ms of the 34 ms timer (a tick per frame Ink draws): 4 ticks, 12 turns due at the last;
    // none waits for the one before to be counted.
    vi.advanceTimersByTime(136);
    await until(frame, (f) => f.includes('turn 12/12 · done') && !f.includes('counting'), 'all twelve turns');
    expect(frame()).toContain('#12 ');
    // A tick's turns are counted in the render that shows them: no frame of "counting..." rows between.
    expect(frames.length).toBeGreaterThan(playing);
    expect(frames.slice(playing).filter((f) => f.includes('counting'))).toEqual([]);
  });

  it('changes the speed with + and - while playing, and the header says the rate asked and shown', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    const { frame, press } = await renderDashboard({ queue: LESSON_MESSAGES, speed: 2 });
    await press('+');
    // Not playing: + is typed text.
    await until(frame, (f) => f.includes('user › +'), 'the typed +');
    await press(ESC);
    await press(CTRL.p);
    await until(frame, (f) => f.includes('▶ playing, 2/s') && f.includes('+/- speed'));
    await press('+');
    await until(frame, (f) => f.includes('▶ playing, 5/s'));
    await until(() => String(vi.getTimerCount()), (count) => count === '1', 'the autoplay timer');
    // 5/s: a turn each 200 ms tick.
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(200);
      await until(frame, (f) => f.includes(`turn ${i + 1}/12`) && !f.includes('counting'), `turn ${i + 1}`);
    }
    // Measured at the 2 s tick, before the turn due then is counted: 9 shown in 2 s.
    expect(frame()).toContain('▶ playing, 5/s (4.5/s shown)');
    await press('-');
    await press('-');
    await until(frame, (f) => f.includes('▶ playing, 1/s'));
    expect(frame()).toContain('turn 10/12');
  });
});

describe('bracketed paste', () => {
  it('lands as one message however it is split, newlines inside never sending', async () => {
    const { frame, press } = await renderDashboard();
    await press(`${PASTE_START}line one\rline two\r`);
    await press('\r'); // a chunk that is only a newline: Enter outside a paste, text inside one
    await press(`line four${PASTE_END}`);
    const text = 'line one\nline two\n\nline four';
    const pasted = await until(frame, (f) => f.includes('[pasted 4 lines, '), 'the folded paste');
    expect(await until(frame, (f) => f.includes(`[pasted 4 lines, ${cl100k(text)} tokens]`))).not.toContain('#1 user');
    expect(pasted).not.toContain('[200~');
    await press(ENTER);
    const sent = await until(frame, (f) => f.includes('#1 user') && !f.includes('counting'));
    expect(sent).toMatch(new RegExp(`#1 user +${3 + cl100k('user') + cl100k(text)} tokens`));
    expect(sent).toContain('line one');
    expect(sent).not.toContain('#2 ');
    expect(sent).not.toContain('[pasted');
  });

  it('treats pasted text holding the end marker as text: nothing sent, nothing reordered, no "[201~" in the next draft', async () => {
    const { frame, press } = await renderDashboard();
    // The user pastes "AAA<ESC>[201~BBB<newline>": the terminal wraps it in markers, in one write.
    await press(`${PASTE_START}AAA${PASTE_END}BBB\r${PASTE_END}`);
    const text = `AAA${PASTE_END}BBB\n`;
    const pasted = await until(frame, (f) => f.includes(`[pasted 1 line, ${cl100k(text)} tokens]`), 'the folded paste');
    expect(pasted).not.toContain('#1 user');
    await press(ENTER);
    const sent = await until(frame, (f) => f.includes('#1 user') && !f.includes('counting'));
    // One message, the pasted text exactly as pasted (the marker shown escaped), billed as such.
    expect(sent).toMatch(new RegExp(`#1 user +${3 + cl100k('user') + cl100k(text)} tokens`));
    expect(sent).toContain('AAA\\e[201~BBB');
    expect(sent).not.toContain('#2 ');
    expect(sent).not.toMatch(/> *\S*\[201~/); // the next draft is empty
  });

  it('shows a 5 MB paste as one folded entry', async () => {
    const big = 'Error: Connection Refused\n'.repeat(200_000);
    const { frame, press } = await renderDashboard();
    await press(`${PASTE_START}${big}${PASTE_END}`);
    await until(frame, (f) => /\[pasted 200,000 lines, [\d,]+ tokens\]/.test(f), 'the paste counted');
    await press(ENTER);
    const sent = await until(frame, (f) => f.includes('#1 user') && !f.includes('counting'));
    expect(sent).toMatch(/\.\.\. \([\d,]+ more lines, [\d,]+ tokens\)/);
    expect(sent.split('Connection Refused').length).toBeLessThan(30);
  });
});

describe('the footer', () => {
  const footerOf = (f: string) => f.split('╯').at(-1)!;

  // 120 columns: with Ctrl+S, Ctrl+G, Ctrl+O, Ctrl+X and Ctrl+J all bound, the long labels take two lines
  // (two spaces apart) from 120 columns; narrower, the footer uses the short ones (the next test).
  it('lists every binding of the keymap, for the dashboard and for the model picker', async () => {
    const { frame, press } = await renderDashboard({}, { columns: 120, rows: 40 });
    expect(footerOf(frame()).trim().split('\n')).toHaveLength(2);
    for (const item of ['Enter send', 'Tab role', 'Ctrl+L paste log', 'Ctrl+B back', 'Ctrl+T model', 'Ctrl+S strategy', 'Ctrl+G compare', 'Ctrl+O load file', 'Ctrl+X export', 'Ctrl+J new line', 'Ctrl+C quit']) {
      expect(footerOf(frame())).toContain(item);
    }
    // Every binding the footer is for (the editing keys and Ctrl+R are named elsewhere: README, the input line's hint).
    for (const entry of bindingsIn('dashboard').filter((binding) => binding.footer !== false)) {
      for (const binding of entry.keys.slice(0, entry.footerKeys)) expect(footerOf(frame())).toContain(keyLabel(binding));
      expect(footerOf(frame())).toContain(entry.label);
    }
    await press(CTRL.t);
    const picker = await until(frame, (f) => f.includes('Choose a model'));
    for (const entry of bindingsIn('picker')) {
      for (const binding of entry.keys) expect(footerOf(picker)).toContain(keyLabel(binding));
      expect(footerOf(picker)).toContain(entry.label);
    }
  });

  it('lists every key with its short label at 100 columns', async () => {
    const { frame } = await renderDashboard({}, { columns: 100, rows: 30 });
    for (const item of footerItems('dashboard', true)) expect(footerOf(frame())).toContain(`${item.keys} ${item.label}`);
    expect(footerOf(frame())).toContain('^S strategy');
  });
});
