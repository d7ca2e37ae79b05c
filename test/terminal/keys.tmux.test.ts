import { execFileSync, spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI } from '../support/runCli.js';

/**
 * Key splitting in a real terminal: the built bin in tmux, keys sent the way fast typing and
 * held keys reach it (several in one write), the screen read back with capture-pane.
 */
const HAS_TMUX = spawnSync('tmux', ['-V']).status === 0;
// A server of its own per test: one being shut down by the last test's cleanup may still hold the previous name.
let runs = 0;
let socket = '';
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', 'keys').replace(/\n+$/, '');

function start(columns: number, rows: number): void {
  socket = `keys-test-${process.pid}-${++runs}`;
  const command = `NO_COLOR=1 ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} --demo --no-journal`;
  tmux('new-session', '-d', '-s', 'keys', '-x', String(columns), '-y', String(rows), command);
}

/** Sends `keys` as one write to the program (literal bytes, control characters included). */
const send = (keys: string) => tmux('send-keys', '-t', 'keys', '-l', keys);

/** Polls the screen until `check` holds (no fixed sleeps: the deadline only ends a test that hangs). */
async function until(check: (shown: string) => boolean, what: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const shown = screen();
    if (check(shown)) return shown;
    if (Date.now() > deadline) throw new Error(`waited 20 s for ${what}; screen:\n${shown}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The header on row 1, no row wider than the terminal, the footer's last row on screen. */
function expectIntact(shown: string, columns: number, rows: number): void {
  const lines = shown.split('\n');
  expect(lines[0]).toMatch(/^context-accountant/);
  expect(lines.length).toBeLessThanOrEqual(rows);
  for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(columns);
  expect(lines.at(-1)).toMatch(/quit|session/);
}

afterEach(() => {
  if (HAS_TMUX && socket !== '') spawnSync('tmux', ['-L', socket, 'kill-server']);
});

describe.skipIf(!HAS_TMUX)('keys in a real terminal (tmux)', () => {
  it('takes Ctrl+N three times and Ctrl+B twice, each sent in one write, as that many presses; nothing typed', async () => {
    start(80, 24);
    await until((s) => s.includes('turn 0/12'), 'the dashboard');
    send('\x0e\x0e\x0e');
    await until((s) => s.includes('turn 3/12') && !s.includes('counting'), 'three turns');
    send('\x02\x02');
    const back = await until((s) => s.includes('turn 1/12') && !s.includes('counting'), 'two back');
    expect(back).toContain('user ›   type a message');
    expect(back).not.toMatch(/\\x0[2e]/);
    expectIntact(back, 80, 24);
  });

  it('types and sends a question and Enter arriving in one write, the frame whole at 80x24', async () => {
    start(80, 24);
    await until((s) => s.includes('turn 0/12'), 'the dashboard');
    const question = 'How much does it cost to keep every earlier turn in the window of the next call, per call?';
    send(question.slice(0, 40));
    const typing = await until((s) => s.includes(question.slice(30, 40)), 'the first half');
    expectIntact(typing, 80, 24);
    send(`${question.slice(40)}\r`);
    const sent = await until((s) => s.includes('#1 user') && s.includes('assistant ›') && !s.includes('counting'), 'the question sent');
    expectIntact(sent, 80, 24);
    expect(sent).not.toContain('[pasted');
  });

  it.each([
    [120, 40],
    [40, 12],
  ])('keeps the frame whole at %ix%i while 125 characters are typed fast', async (columns, rows) => {
    start(columns, rows);
    await until((s) => s.includes('turn 0/12'), 'the dashboard');
    const text = 'What does it cost to keep the whole conversation in the window when every call sends it again, and again, and again, forever?';
    for (let at = 0; at < text.length; at += 25) send(text.slice(at, at + 25));
    const typed = await until((s) => s.includes('forever?'), 'the end of the line');
    expectIntact(typed, columns, rows);
    send('\x01'); // Ctrl+A: the start of the line comes into view
    expectIntact(await until((s) => s.includes('› What does it'), 'the start of the line'), columns, rows);
  });
});
