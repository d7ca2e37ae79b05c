import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { dashboardIo } from '../../src/commands/dashboardIo.js';
import { requireModel } from '../../src/core/catalog.js';
import { FORMAT_RULES } from '../../src/core/chatFormat.js';
import { App } from '../../src/ui/App.js';
import { LESSON_LOG_DUMP } from '../../src/core/lesson.js';
import { oracleEncode } from '../support/oracle.js';
import { CTRL, DOWN, ENTER, PAGE_UP, renderDashboard, TAB, until } from '../support/renderDashboard.js';

afterEach(cleanup);

const n = (value: number) => value.toLocaleString('en-US');
const cl100k = (text: string) => oracleEncode('cl100k_base', text).length;
/** What a request with these user messages bills: 3 to prime the reply, 3 + role + content each. */
const billed = (...contents: string[]) => contents.reduce((sum, text) => sum + 3 + cl100k('user') + cl100k(text), 3);

/** Types and sends a message, as a user would. */
async function send(app: Awaited<ReturnType<typeof renderDashboard>>, text: string, number: number) {
  await app.press(text);
  await until(app.frame, (f) => f.includes(text), 'the typed text');
  await app.press(ENTER);
  await until(app.frame, (f) => f.includes(`#${number} `) && !f.includes('counting'), `message #${number}, counted`);
}

describe('the dashboard', () => {
  it('draws its first frame before the encoder has loaded, saying so', () => {
    const app = render(<App model={requireModel('gpt-4o-mini')} rule={FORMAT_RULES.cookbook} dump="x" io={dashboardIo()} />);
    expect(app.lastFrame()).toContain('3 / 128,000 tokens (0.0%)  loading...');
  });

  it('opens on an empty session: the reply priming only, the input line, the keys', async () => {
    const { frame } = await renderDashboard();
    expect(frame()).toContain('3 / 8,192 tokens (0.0%)');
    expect(frame()).toContain('No messages yet.');
    expect(frame()).toContain('user › ');
    expect(frame()).not.toContain('Context limit exceeded');
  });

  it('updates the gauge when a typed message is sent with Enter', async () => {
    const { frame, press } = await renderDashboard();
    await press('Hello there.');
    await until(frame, (f) => f.includes('Hello there.'), 'the typed text');
    await press(ENTER);
    const sent = await until(frame, (f) => f.includes('#1 user') && !f.includes('counting'), 'the message, counted');
    expect(sent).toContain(`${n(billed('Hello there.'))} / 8,192 tokens`);
    expect(sent).toMatch(new RegExp(`#1 user +${3 + cl100k('user') + cl100k('Hello there.')} tokens`));
  });

  it("pastes the lesson's log with Ctrl+L: over the limit, the banner, the paste named the largest", async () => {
    const app = await renderDashboard();
    const { frame, press } = app;
    await send(app, 'Hello there.', 1);
    await press(CTRL.l);
    const over = await until(frame, (f) => f.includes('Context limit exceeded'), 'the banner');
    const used = billed('Hello there.', LESSON_LOG_DUMP);
    expect(over).toContain(`${n(used)} / 8,192 tokens (${((used / 8192) * 100).toFixed(1)}%)`);
    expect(over).toContain('10,021 / 8,192');
    expect(over).toContain('Context limit exceeded: the API refuses the next call and bills nothing');
    const logTokens = 3 + cl100k('user') + cl100k(LESSON_LOG_DUMP);
    expect(over).toContain(`largest: user #2, ${n(logTokens)} tokens, ${((logTokens / used) * 100).toFixed(1)}%`);
    // Folded, never shown whole.
    expect(over).toMatch(/\.\.\. \([\d,]+ more lines, 10,011 tokens\)/);
    expect(over.split('Connection Refused').length).toBeLessThan(60);
  });

  it('edits the input line with Backspace and clears it with Esc; Ctrl keys never type', async () => {
    const { frame, press } = await renderDashboard();
    await press('Hellp');
    await until(frame, (f) => f.includes('Hellp'));
    await press('\x7f');
    await press('o');
    await until(frame, (f) => f.includes('user › Hello'));
    await press(CTRL.n); // nothing queued: does nothing, and must not type an "n"
    await press('!');
    await until(frame, (f) => f.includes('user › Hello!'));
    await press('\x1b');
    await until(frame, (f) => f.includes('type a message'), 'the cleared input line');
    expect(frame()).not.toContain('Hello');
  });

  it('cycles the role with Tab and sends as it', async () => {
    const app = await renderDashboard();
    const role = () => /(\w+) › /.exec(app.frame())?.[1];
    expect(role()).toBe('user');
    for (const next of ['assistant', 'system', 'user', 'assistant']) {
      await app.press(TAB);
      await until(app.frame, () => role() === next, `the role ${next}`);
    }
    await send(app, 'Hi.', 1);
    expect(app.frame()).toContain('#1 assistant');
  });

  it('undoes the last turn with Ctrl+B', async () => {
    const app = await renderDashboard();
    const { frame, press } = app;
    await send(app, 'Hello there.', 1);
    await press(CTRL.l);
    await until(frame, (f) => f.includes('10,021 / 8,192'));
    await press(CTRL.b);
    const undone = await until(frame, (f) => f.includes(`${billed('Hello there.')} / 8,192 tokens`), 'the first message alone');
    expect(undone).toContain('#1 user');
    expect(undone).not.toContain('#2 user');
    expect(undone).not.toContain('Context limit exceeded');
    await press(CTRL.b);
    await until(frame, (f) => f.includes('3 / 8,192 tokens') && f.includes('No messages yet.'), 'the empty session');
  });

  it('switches the model with the picker (Ctrl+T): the limit and the costs follow at once', async () => {
    const { frame, press } = await renderDashboard();
    await press(CTRL.l);
    await until(frame, (f) => f.includes('Context limit exceeded'));
    await press(CTRL.t);
    const picker = await until(frame, (f) => f.includes('Choose a model'));
    expect(picker).toContain('gpt-4o');
    for (let i = 0; i < 3; i++) await press(DOWN); // gpt-4, gpt-4-32k, gpt-3.5-turbo, gpt-4o
    await press(ENTER);
    const used = 3 + 3 + oracleEncode('o200k_base', 'user').length + oracleEncode('o200k_base', LESSON_LOG_DUMP).length;
    const switched = await until(frame, (f) => f.includes('/ 128,000 tokens'), 'the gpt-4o window');
    expect(switched).toContain(`${n(used)} / 128,000 tokens`);
    expect(switched).toContain('gpt-4o: $2.5 in / $10 out per 1M');
    expect(switched).not.toContain('Context limit exceeded');
  });

  it('renders on a narrow terminal, stacked, every line within it', async () => {
    for (const size of [{ columns: 60, rows: 20 }, { columns: 40, rows: 12 }]) {
      const app = await renderDashboard({}, size);
      await send(app, 'Hello there.', 1);
      await app.press(CTRL.l);
      const narrow = await until(app.frame, (f) => /(Context limit|Limit) exceeded/.test(f), `the banner at ${size.columns}x${size.rows}`);
      const lines = narrow.split('\n');
      expect(lines.length).toBeLessThan(size.rows);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(size.columns);
      expect(narrow).toContain('10,021 / 8,192 tokens');
      // A user message sent: the assistant's turn.
      expect(narrow).toContain('assistant › ');
      app.unmount();
    }
  });

  it('never lets message text drive the terminal: escape codes and controls show as text', async () => {
    const hostile = { role: 'user' as const, content: 'red \x1b[31mALERT\x1b[0m bell\x07 clear\x1b[2J done' };
    const { frame, press } = await renderDashboard({ queue: [hostile] });
    await press(CTRL.n);
    const shown = await until(frame, (f) => f.includes('#1 user') && !f.includes('counting'));
    expect(shown).toContain('red \\e[31mALERT\\e[0m bell\\a clear\\e[2J done');
    expect(shown).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
  });

  it('scrolls the conversation with PageUp', async () => {
    const app = await renderDashboard({}, { columns: 100, rows: 24 });
    for (let i = 1; i <= 8; i++) await send(app, `message ${i}`, i);
    expect(app.frame()).not.toContain('#1 user');
    await app.press(PAGE_UP);
    const scrolled = await until(app.frame, (f) => f.includes('#1 user'), 'the first message after PageUp');
    expect(scrolled).toMatch(/↑ \d+ rows/);
  });
});
