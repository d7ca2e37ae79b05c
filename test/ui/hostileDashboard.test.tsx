import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/core/chatFormat.js';
import { LESSON_MESSAGES } from '../../src/core/lesson.js';
import { HOSTILE_STRINGS } from '../support/hostileStrings.js';
import { CTRL, ENTER, PASTE_END, PASTE_START, renderDashboard, resize, until } from '../support/renderDashboard.js';

afterEach(cleanup);

/** Anything that would drive a terminal: C0 (but newline), DEL, C1, bidi controls, line separators. */
const RAW_CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

function expectFits(frame: string, columns: number, rows: number) {
  const lines = frame.split('\n');
  expect(lines.length).toBeLessThan(rows);
  for (const line of lines) expect(line.length).toBeLessThanOrEqual(columns);
}

describe('hostile text in the dashboard', () => {
  it('shows every string of the hostile corpus escaped: as messages, as the file name, as a notice, never raw', async () => {
    const queue: ChatMessage[] = HOSTILE_STRINGS.map(([, text], i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: text }));
    const [, title] = HOSTILE_STRINGS[0]!;
    const notice = { tone: 'warning' as const, text: HOSTILE_STRINGS.map(([, text]) => text.slice(0, 40)).join(' ') };
    const source = { file: `/tmp/${title}.json`, format: 'openai' as const, conversation: 1, conversationCount: 1 };
    const { frame, press } = await renderDashboard({ queue, source, notice });
    expect(frame()).toContain('\\e]0;pwned\\a.json (openai)');
    expect(frame()).not.toMatch(RAW_CONTROL);
    for (let turn = 1; turn <= queue.length; turn++) {
      await press(CTRL.n);
      const shown = await until(frame, (f) => f.includes(`turn ${turn}/${queue.length}`) && !f.includes('counting'), `turn ${turn}`);
      expect(shown, HOSTILE_STRINGS[turn - 1]![0]).not.toMatch(RAW_CONTROL);
    }
  });

  it('takes pasted hostile text as a paste (never as keys, never crashing), and shows it escaped once sent', async () => {
    const app = await renderDashboard();
    const pasted = HOSTILE_STRINGS.filter(([name]) => name !== '1 MB line').map(([, text]) => text);
    for (const [i, text] of pasted.entries()) {
      await app.press(`${PASTE_START}${text}${PASTE_END}`);
      await until(app.frame, (f) => f.includes('[pasted'), `paste ${i + 1}`);
      await app.press(ENTER);
      // The role flows: each paste is answered by the next.
      await until(app.frame, (f) => f.includes(`#${i + 1} ${i % 2 === 0 ? 'user' : 'assistant'}`) && !f.includes('counting'), `message ${i + 1}`);
      expect(app.frame()).not.toMatch(RAW_CONTROL);
    }
  });
});

describe('small and changing terminals', () => {
  it('fits 40 x 12 and follows resizes, with the prompt open and a notice shown', async () => {
    const app = await renderDashboard({ queue: LESSON_MESSAGES }, { columns: 100, rows: 30 });
    await app.press(CTRL.n);
    await app.press(CTRL.n);
    await until(app.frame, (f) => f.includes('turn 2/12') && !f.includes('counting'));
    for (const [columns, rows] of [[40, 12], [120, 40], [60, 20], [40, 12]] as const) {
      resize(app.stdout, { columns, rows });
      const shown = await until(app.frame, (f) => f.split('\n').every((line) => line.length <= columns) && f.split('\n').length < rows, `${columns} x ${rows}`);
      expect(shown).toContain('10,021 / 8,192');
      expect(shown).toContain('user › ');
      expect(shown).toContain('quit');
    }
    await app.press(CTRL.o);
    await app.press('/no/such/file.json');
    await app.press(ENTER);
    const refused = await until(app.frame, (f) => f.includes('✗'));
    expectFits(refused, 40, 12);
    expect(refused).toContain('load file ›');
    resize(app.stdout, { columns: 100, rows: 30 });
    const wide = await until(app.frame, (f) => f.includes('/no/such/file.json: cannot read file'));
    expectFits(wide, 100, 30);
  });
});
