import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TURN_TEXT_KEPT } from '../../../src/core/usage/turnText.js';
import { readUsageLog } from '../../../src/io/usageLogs/usageLogFile.js';

const LOGS = fileURLToPath(new URL('../../../fixtures/logs/', import.meta.url));
const CLAUDE_DIR = join(LOGS, 'claude-code/-home-dev-projects-billing');
const CLAUDE = join(CLAUDE_DIR, readdirSync(CLAUDE_DIR).find((name) => name.endsWith('.jsonl'))!);
const CODEX_DIR = join(LOGS, 'codex/2026/11/30');
const CODEX = join(CODEX_DIR, readdirSync(CODEX_DIR)[0]!);
const GEMINI = join(LOGS, 'gemini/chats/session-2026-11-30T11-00.json');
const read = (path: string) => readUsageLog(path, readFileSync(path, 'utf8'));
/** A call's turn as [kind, name, text]: what the dashboard shows of it. */
const turnOf = (path: string, call: number) => (read(path).calls[call]!.turn ?? []).map((part) => [part.kind, part.name ?? null, part.text]);

describe("a call's turn, kept from the log's text", () => {
  it('Claude Code: the prompt sent, then the blocks of every line of the call (thinking, text), each once', () => {
    expect(turnOf(CLAUDE, 0)).toEqual([
      ['user', null, 'The invoice totals are off by a cent. Find out why.'],
      ['thinking', null, 'Look at the rounding first.'],
      ['assistant', null, 'I will read totals.ts.'],
    ]);
    // Call 2 is three lines: text, a tool call, text.
    expect(turnOf(CLAUDE, 1).map(([kind, name]) => [kind, name])).toEqual([['assistant', null], ['toolCall', 'Read'], ['assistant', null]]);
    expect(turnOf(CLAUDE, 1)[1]![2]).toBe('{"file_path":"/home/dev/projects/billing/src/totals.ts"}');
  });

  it('Claude Code: a tool result goes with the next call, named by the call it answers, its lines counted (the last newline ends a line)', () => {
    const [result] = read(CLAUDE).calls[2]!.turn!;
    expect(result).toMatchObject({ kind: 'toolResult', name: 'Read', lines: 3, cut: 0 });
  });

  it('Claude Code: a resumed session repeating lines (same uuid) shows their text once', () => {
    const text = readFileSync(CLAUDE, 'utf8');
    const lines = text.split('\n');
    // The question and call 1's two lines written again, as a resumed session copies its history.
    const doubled = [...lines.slice(0, 5), ...lines.slice(2, 5), ...lines.slice(5)].join('\n');
    const log = readUsageLog(CLAUDE, doubled);
    expect(log.calls[0]!.turn!.map((part) => part.kind)).toEqual(['user', 'thinking', 'assistant']);
    expect(log.calls[1]!.turn!.map((part) => part.kind)).toEqual(['assistant', 'toolCall', 'assistant']);
  });

  it('Codex: the items since the previous request: message, reasoning summary, a function call and its output named by call_id', () => {
    expect(turnOf(CODEX, 0)).toEqual([
      ['user', null, 'Why are the invoice totals off by a cent?'],
      ['thinking', null, 'Check the rounding.'],
    ]);
    expect(turnOf(CODEX, 1)).toEqual([
      ['toolCall', 'shell', '{"command":["rg","Math.round"]}'],
      ['toolResult', 'shell', 'src/totals.ts:3:  return Math.round(sum * 100) / 100;\nsrc/refunds.ts:8:  Math.round(x)'],
    ]);
    expect(turnOf(CODEX, 2)).toEqual([['user', null, 'Fix it and run the tests.']]);
  });

  it("gemini-cli: the user's messages, then the reply's thoughts (subject: description), text and tool calls", () => {
    expect(turnOf(GEMINI, 0)).toEqual([
      ['user', null, 'Why are the invoice totals off by a cent?'],
      ['thinking', null, 'Rounding: Compare per-line and total rounding.'],
      ['assistant', null, 'Rounding each line before summing loses cents.'],
    ]);
    expect(turnOf(GEMINI, 1)).toEqual([
      ['user', null, 'Show me the fix.'],
      ['assistant', null, 'Sum in cents, round once.'],
      ['toolCall', 'read_file', '{"path":"src/totals.ts"}'],
    ]);
  });

  it('keeps the first characters of a long text and counts the rest (a 1 MB tool result is not held for a two-row fold)', () => {
    const big = `${'x'.repeat(1_000_000)}\n${'y'.repeat(10)}`;
    let uuid = 0;
    const line = (record: object) => JSON.stringify({ parentUuid: null, isSidechain: false, sessionId: 's', uuid: `u${uuid++}`, ...record });
    const text = [
      line({ type: 'user', message: { role: 'user', content: big } }),
      line({ type: 'assistant', message: { id: 'm1', model: 'claude-haiku-4-5', content: [{ type: 'text', text: 'ok' }], usage: { input_tokens: 1, output_tokens: 1 } } }),
      '',
    ].join('\n');
    const [prompt] = readUsageLog('big.jsonl', text).calls[0]!.turn!;
    expect(prompt!.text).toHaveLength(TURN_TEXT_KEPT);
    expect(prompt!.cut).toBe(big.length - TURN_TEXT_KEPT);
    expect(prompt!.lines).toBe(2);
  });
});
