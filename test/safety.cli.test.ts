import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJournal } from '../src/io/journal.js';
import { oracleEncode } from './support/oracle.js';
import { runCli } from './support/runCli.js';
import { tempFile } from './support/tempFile.js';
import { formatUsd } from '../src/core/format.js';

const TERMINAL_CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

function expectOneLineError(result: { status: number | null; stderr: string }, message: RegExp | string): void {
  expect(result.status).toBe(2);
  expect(result.stderr).toMatch(typeof message === 'string' ? new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : message);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('empty input shows zero', () => {
  it.each([
    ['an empty file', ''],
    ['a blank file', '\n  \n'],
    ['an empty message list', '{"messages": []}'],
    ['an empty array', '[]'],
  ])('report on %s: 0 messages, $0 spent', (_name, content) => {
    const file = tempFile('empty.json', content);
    const text = runCli(['report', file]);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain(`0 messages; next call 3 tokens; spent ${formatUsd(0)}`);
    const report = JSON.parse(runCli(['report', file, '--json']).stdout);
    expect(report.turns).toEqual([]);
    // 3 is the reply priming every request bills, even an empty one.
    expect(report.totals).toEqual({ messages: 0, usedTokens: 3, cumulativeCost: 0, calls: 0, refusedCalls: 0 });
  });

  it('a message with empty content costs only its framing', () => {
    const file = tempFile('blank.json', JSON.stringify([{ role: 'user', content: '' }, { role: 'assistant', content: [] }]));
    const report = JSON.parse(runCli(['report', file, '--json']).stdout);
    const userFraming = 3 + oracleEncode('cl100k_base', 'user').length;
    const assistantFraming = 3 + oracleEncode('cl100k_base', 'assistant').length;
    expect(report.turns.map((t: { tokens: number }) => t.tokens)).toEqual([userFraming, assistantFraming]);
  });

  it('count of empty stdin and of an empty file is 0', () => {
    expect(runCli(['count'], '').stdout).toBe('0\n');
    expect(runCli(['count', tempFile('e.txt', '')]).stdout).toBe('0\n');
  });
});

describe('bad input at the io boundary', () => {
  it('refuses a file over --max-bytes, naming the limit', () => {
    const content = JSON.stringify([{ role: 'user', content: 'x'.repeat(2000) }]);
    const file = tempFile('big.json', content);
    const size = Buffer.byteLength(content).toLocaleString('en-US');
    expectOneLineError(runCli(['report', file, '--max-bytes', '1K']), `${file}: ${size} bytes, over the --max-bytes limit of 1,024 bytes`);
    expect(runCli(['report', file, '--max-bytes', '4k']).status).toBe(0);
    expectOneLineError(runCli(['count', '--max-bytes', '10'], 'x'.repeat(11)), 'stdin: at least 11 bytes, over the --max-bytes limit of 10 bytes');
  });

  it.each(['lots', '-5', '0', '1.5.5', ''])('--max-bytes %j is refused', (value) => {
    expectOneLineError(runCli(['count', '--max-bytes', value], 'x'), /--max-bytes must be a size such as 50M/);
  });

  it('refuses binary and non-UTF-8 files', () => {
    const binary = tempFile('a.out', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]));
    expectOneLineError(runCli(['report', binary]), `${binary}: binary file (NUL byte at byte 7), not text`);
    const latin1 = tempFile('latin1.json', Buffer.from('[{"role":"user","content":"caf\xe9"}]', 'latin1'));
    expectOneLineError(runCli(['report', latin1]), `${latin1}:1: not UTF-8 text (invalid byte 0xE9 at byte 30)`);
    expectOneLineError(runCli(['count', binary]), 'binary file');
  });
});

describe('hostile shapes', () => {
  it.each(['report', 'compare', 'replay'])('%s refuses a tool enum item nested 5,000 deep: one line, exit 2', (command) => {
    const enumItem = `${'['.repeat(5000)}1${']'.repeat(5000)}`;
    const tools = `[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"x":{"type":"string","enum":[${enumItem}]}}}}}]`;
    const file = tempFile('deep.json', `{"messages":[{"role":"user","content":"hi"}],"tools":${tools}}`);
    expectOneLineError(runCli([command, file]), /deep\.json:1:\d+: nested deeper than 100 levels \(at \.tools\[0\]\.function\.parameters/);
  });
});

describe('terminal safety of the plain-text output', () => {
  const hostile = [
    { role: 'user', content: 'title \x1b]0;pwned\x07 clear \x1b[2J\x1b[H up \x1b[5A bell \x07 back \b\b cr \r \u202eevil\u2069 \u009b31m' },
    { role: 'assistant', content: '👨\u200d👩\u200d👧 ok' },
  ];

  it('prints no control character, and counts the original text', () => {
    const file = tempFile('hostile.json', JSON.stringify(hostile));
    const text = runCli(['report', file]);
    expect(text.status).toBe(0);
    expect(text.stdout).not.toMatch(TERMINAL_CONTROLS);
    const json = runCli(['report', file, '--json']);
    expect(json.stdout).not.toMatch(TERMINAL_CONTROLS);
    const tokens = JSON.parse(json.stdout).turns[0].tokens;
    expect(tokens).toBe(3 + oracleEncode('cl100k_base', 'user').length + oracleEncode('cl100k_base', hostile[0]!.content).length);
  });

  it('escapes a hostile snippet that an error message quotes', () => {
    const file = tempFile('bad.json', '{"messages": \x1b]0;pwned\x07\x1b[2J}');
    const result = runCli(['report', file]);
    expectOneLineError(result, 'invalid JSON');
    expect(result.stderr).not.toMatch(TERMINAL_CONTROLS);
  });
});

describe('report --out', () => {
  const conversation = [
    { role: 'user', content: 'Hello there.' },
    { role: 'assistant', content: 'Hi.' },
  ];

  it('writes Markdown, JSON or CSV by extension and never overwrites without --force', () => {
    const file = tempFile('chat.json', JSON.stringify(conversation));
    const dir = mkdtempSync(join(tmpdir(), 'ca-out-'));
    for (const [name, format] of [['ledger.md', 'markdown'], ['ledger.json', 'json'], ['ledger.csv', 'csv']]) {
      const out = join(dir, name!);
      const written = runCli(['report', file, '--out', out]);
      expect(written.status).toBe(0);
      expect(written.stdout).toBe(`wrote ${out} (${format}, 2 messages)\n`);
    }
    const exported = JSON.parse(readFileSync(join(dir, 'ledger.json'), 'utf8'));
    expect(exported.messages).toEqual(conversation);
    expect(exported.turns).toEqual(JSON.parse(runCli(['report', file, '--json']).stdout).turns);
    expect(readFileSync(join(dir, 'ledger.csv'), 'utf8').split('\n')[2]).toMatch(/^2,assistant,,\d+,/);

    const again = runCli(['report', file, '--out', join(dir, 'ledger.md')]);
    expectOneLineError(again, `${join(dir, 'ledger.md')}: already exists; pass --force to overwrite it`);
    expect(runCli(['report', file, '--out', join(dir, 'ledger.md'), '--force']).status).toBe(0);
    expectOneLineError(runCli(['report', file, '--out', join(dir, 'ledger.txt')]), 'end the name in .md, .json or .csv');
  });
});

describe('context-accountant sessions', () => {
  it('lists the journals under $XDG_STATE_HOME, most recent first', () => {
    const home = mkdtempSync(join(tmpdir(), 'ca-state-'));
    const dir = join(home, 'context-accountant');
    expect(runCli(['sessions'], undefined, { XDG_STATE_HOME: home }).stdout).toBe(`No sessions yet in ${dir}\n`);

    const first = openJournal({ model: 'gpt-4', dir, now: () => new Date('2026-03-01T09:00:00Z') });
    first.append({ type: 'message', message: { role: 'user', content: 'one' } });
    first.close();
    const second = openJournal({ model: 'gpt-4o\x1b[2J', dir, now: () => new Date('2026-03-02T09:00:00Z') });
    second.append({ type: 'message', message: { role: 'user', content: 'a' } });
    second.append({ type: 'message', message: { role: 'assistant', content: 'b' } });
    second.close();

    const listed = JSON.parse(runCli(['sessions', '--json'], undefined, { XDG_STATE_HOME: home }).stdout);
    expect(listed.directory).toBe(dir);
    expect(listed.sessions.map((s: { id: string; messages: number }) => [s.id, s.messages])).toEqual([
      [second.id, 2],
      [first.id, 1],
    ]);
    expect(listed.sessions[1]).toMatchObject({ model: 'gpt-4', started: '2026-03-01T09:00:00.000Z', lastActivity: '2026-03-01T09:00:00.000Z' });

    const text = runCli(['sessions'], undefined, { XDG_STATE_HOME: home });
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`${first.id}\\s+2026-03-01 09:00:00Z\\s+gpt-4\\s+1\\s+2026-03-01 09:00:00Z`));
    expect(text.stdout).toContain('gpt-4o\\e[2J');
    expect(text.stdout).not.toMatch(TERMINAL_CONTROLS);
    expect(text.stdout).toContain(`2 sessions in ${dir}`);
  });
});
