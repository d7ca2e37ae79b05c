import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { LESSON_MESSAGES } from '../../src/core/lesson.js';
import { CANNED_REPLIES } from '../../src/ui/input/cannedReplies.js';
import { oracleEncode } from '../support/oracle.js';
import {
  ALT,
  BACKSPACE,
  CTRL,
  CTRL_LEFT,
  END,
  ENTER,
  HOME,
  LEFT,
  PASTE_END,
  PASTE_START,
  renderDashboard,
  TAB,
  until,
  type Size,
} from '../support/renderDashboard.js';

afterEach(cleanup);

const cl100k = (text: string) => oracleEncode('cl100k_base', text).length;
const messageTokens = (role: string, text: string) => 3 + cl100k(role) + cl100k(text);

/** The frame keeps its shape: header on row 1, no row wider than the terminal or past its last row, the input box whole. */
function expectIntact(frame: string, { columns, rows }: Size): string {
  const lines = frame.split('\n');
  expect(lines[0]).toMatch(/^context-accountant/);
  expect(lines.length).toBeLessThanOrEqual(rows);
  for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(columns);
  const at = lines.findIndex((line) => / › /.test(line) && line.startsWith('│'));
  if (at === -1) {
    // No room for borders (40x12): the input line is a bare row.
    const bare = lines.find((line) => /^(user|assistant|system|load file|export to) › /.test(line));
    expect(bare, 'the input row').toBeDefined();
    return bare!;
  }
  expect(lines[at - 1]).toMatch(/^╭─+╮$/);
  expect(lines[at]).toMatch(/^│ .* │$/);
  expect(lines[at]!.length).toBe(columns);
  expect(lines[at + 1]).toMatch(/^╰─+╯$/);
  return lines[at]!;
}

/** The first message, sent as these lines (one message, billed as their text joined by newlines), each on its own row in that order. */
async function expectSentAsLines(frame: () => string, lines: readonly string[]) {
  const sent = await until(frame, (f) => f.includes('#1 user') && !f.includes('counting'));
  expect(sent).toMatch(new RegExp(`#1 user +${messageTokens('user', lines.join('\n'))} tokens`));
  expect(sent).not.toContain('#2 ');
  const rows = sent.split('\n');
  const first = rows.findIndex((row) => row.includes(lines[0]!));
  lines.forEach((line, i) => expect(rows[first + i]).toContain(line));
}

/** Types `text` a few characters a read, as fast typing arrives. */
async function type(press: (keys: string) => Promise<void>, text: string) {
  for (let at = 0; at < text.length; at += 7) await press(text.slice(at, at + 7));
}

describe('long lines in the input box', () => {
  const question = 'How much does it cost to keep every earlier turn in the window of the next call, per call?';

  it.each<[Size, string]>([
    [{ columns: 120, rows: 40 }, 'x'.repeat(40) + ' ' + 'long line that goes on and on past the right border of the box '.repeat(2)],
    [{ columns: 80, rows: 24 }, question],
    [{ columns: 40, rows: 12 }, question],
  ])('keeps the frame whole at %j, the cursor in view wherever it goes, and sends the whole line', async (size, text) => {
    expect(text.length).toBeGreaterThan(size.columns - 4);
    const { frame, press } = await renderDashboard({}, size);
    await type(press, text);
    const end = expectIntact(await until(frame, (f) => f.includes(text.slice(-12))), size);
    expect(end).toContain('…'); // the start is scrolled out of view, and says so
    await press(HOME);
    const start = expectIntact(await until(frame, (f) => f.includes(`› ${text.slice(0, 12)}`)), size);
    expect(start).toMatch(/…( │)?$/);
    await press(END);
    await until(frame, (f) => f.includes(text.slice(-12)));
    await press(ENTER);
    const sent = await until(frame, (f) => f.includes('#1 user') && !f.includes('counting'));
    expectIntact(sent, size);
    expect(sent).toMatch(new RegExp(`#1 user +${messageTokens('user', text)} tokens`));
  });

  it('edits anywhere in the line: cursor keys, Home/End, Ctrl+A/E, word moves, Ctrl+W, Ctrl+U', async () => {
    const { frame, press } = await renderDashboard();
    const row = async (expected: string) => until(frame, (f) => f.includes(`user › ${expected}`), expected);
    await press('the cost grows');
    await press(CTRL.a);
    await press('Why ');
    await row('Why the cost grows');
    await press(CTRL.e);
    await press(LEFT + LEFT + LEFT + LEFT + LEFT);
    await press('so ');
    await row('Why the cost so grows');
    await press(ALT.b + ALT.b);
    await press('total ');
    await row('Why the total cost so grows');
    await press(CTRL_LEFT + CTRL_LEFT + CTRL_LEFT + ALT.f);
    await press(',');
    await row('Why, the total cost so grows');
    await press(END + CTRL.w);
    await row('Why, the total cost so ');
    await press(CTRL.u);
    await until(frame, (f) => f.includes('type a message'), 'the line killed');
    await press('kept' + HOME + '\x1b[3~');
    await row('ept');
  });

  it('holds a message of several lines: Ctrl+J and Alt+Enter insert a newline, Enter sends them all', async () => {
    const { frame, press } = await renderDashboard();
    expect(frame()).toMatch(/Ctrl\+J adds a line/);
    await press('first line');
    await press(CTRL.j);
    await press('second line');
    await press(ALT.enter);
    await press('third');
    await until(frame, (f) => f.includes('user › first line↵second line↵third'));
    await press(ENTER);
    await expectSentAsLines(frame, ['first line', 'second line', 'third']);
  });
});

describe('keys that arrive together', () => {
  it('reads two Ctrl+N and two Ctrl+B in one read each as two presses, nothing typed into the draft', async () => {
    const { frame, press } = await renderDashboard({ queue: LESSON_MESSAGES });
    await press(CTRL.n + CTRL.n);
    await until(frame, (f) => f.includes('turn 2/12') && !f.includes('counting'));
    await press(CTRL.n + CTRL.n + CTRL.n);
    await until(frame, (f) => f.includes('turn 5/12') && !f.includes('counting'));
    await press(CTRL.b + CTRL.b);
    const back = await until(frame, (f) => f.includes('turn 3/12') && !f.includes('counting'));
    expect(back).toContain('type a message'); // the draft is empty
    await press(ENTER); // nothing to send
    expect(frame()).not.toContain('#4');
    expect(frame()).not.toMatch(/\\x0[2e]|[\x02\x0e]/);
  });

  it('types and sends "quick" and Enter arriving in one read', async () => {
    const { frame, press } = await renderDashboard();
    await press('quick\r');
    const sent = await until(frame, (f) => f.includes('#1 user') && !f.includes('counting'));
    expect(sent).toMatch(new RegExp(`#1 user +${messageTokens('user', 'quick')} tokens`));
    expect(sent).not.toContain('[pasted');
  });

  it('takes a held Backspace in the export prompt as that many Backspaces, and Ctrl+U empties the path', async () => {
    const { frame, press } = await renderDashboard();
    await press(CTRL.x);
    const offered = await until(frame, (f) => /export to › context-accountant-\S+\.md/.test(f));
    const name = /export to › (\S+\.md)/.exec(offered)![1]!;
    await press(BACKSPACE + BACKSPACE + BACKSPACE);
    await until(frame, (f) => f.includes(`export to › ${name.slice(0, -3)} `) || f.includes(`export to › ${name.slice(0, -3)}\n`));
    expect(frame()).not.toMatch(/\\x7f|\x7f/);
    await press('.csv');
    await until(frame, (f) => f.includes(`export to › ${name.slice(0, -3)}.csv`));
    await press(CTRL.u);
    await until(frame, (f) => f.includes('.md, .json or .csv'), 'the path killed: the hint again');
    await press('/tmp/x.json');
    await until(frame, (f) => f.includes('export to › /tmp/x.json'));
  });

  it('opens the prompt and types into it from one read', async () => {
    const { frame, press } = await renderDashboard();
    await press(`${CTRL.o}/no/such/file.json`);
    await until(frame, (f) => f.includes('load file › /no/such/file.json'));
    expect(frame()).not.toContain('user › /no/such');
  });
});

describe('typed text and pastes keep their order', () => {
  it('sends a paste, a second paste and typed text in the order they came, one per line', async () => {
    const { frame, press } = await renderDashboard();
    await press(`${PASTE_START}two pastes${PASTE_END}`);
    await press(`${PASTE_START}Colors: red, green${PASTE_END}`);
    await press('and typed text');
    await until(frame, (f) => /\[pasted 1 line, \d+ tokens\] \[pasted 1 line, \d+ tokens\] and typed text/.test(f), 'both pastes counted');
    await press(ENTER);
    await expectSentAsLines(frame, ['two pastes', 'Colors: red, green', 'and typed text']);
  });
});

describe('roles flow', () => {
  it("switches to the assistant after a user message and back after the reply; Tab still overrides; Ctrl+R sends a canned reply", async () => {
    const { frame, press } = await renderDashboard();
    await press('What does this cost?\r');
    await until(frame, (f) => f.includes('#1 user') && f.includes('assistant › ') && !f.includes('counting'));
    expect(frame()).toContain('Ctrl+R sends a canned one');
    await press(CTRL.r);
    const replied = await until(frame, (f) => f.includes('#2 assistant') && !f.includes('counting'));
    expect(replied).toContain('user › ');
    expect(replied).toMatch(new RegExp(`#2 assistant +${messageTokens('assistant', CANNED_REPLIES[1]!)} tokens`));
    expect(replied).toMatch(/session spend +\$[\d.]+ · 1 call/);
    await press('Thanks.\r');
    await until(frame, (f) => f.includes('#3 user') && f.includes('assistant › ') && !f.includes('counting'));
    await press(TAB + TAB); // assistant -> system -> user
    await press('Again.\r');
    await until(frame, (f) => f.includes('#4 user') && f.includes('assistant › ') && !f.includes('counting'));
  });
});
