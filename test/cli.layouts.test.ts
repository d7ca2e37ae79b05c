import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/runCli.js';
import { formatUsd } from '../src/core/format.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const fixture = (name: string) => join(FIXTURES, name);
const dir = mkdtempSync(join(tmpdir(), 'ca-layouts-'));
function tempFile(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
const json = (args: readonly string[]) => {
  const run = runCli(args);
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
};

interface Turn {
  readonly nextCallCost: number;
}
interface Report {
  readonly conversation: number;
  readonly turns: readonly Turn[];
  readonly limit: number;
  readonly totals: { readonly messages: number; readonly usedTokens: number; readonly cumulativeCost: number; readonly refusedCalls: number };
}

describe('report --conversation all', () => {
  const file = fixture('sharegpt-tools.json');
  const all = json(['report', file, '--conversation', 'all', '--model', 'gpt-4o', '--json']);

  it('holds, for every conversation, exactly the report --conversation N prints, and their totals', () => {
    expect(all).toMatchObject({ model: 'gpt-4o', encoding: 'o200k_base', strategy: 'keep-all', format: 'sharegpt' });
    const reports = all.conversations as Report[];
    expect(reports.map((r) => r.conversation)).toEqual(Array.from({ length: 9 }, (_, i) => i + 1));
    for (const n of [1, 2, 9]) expect(reports[n - 1]).toEqual(json(['report', file, '--conversation', String(n), '--model', 'gpt-4o', '--json']));
    const sum = (figure: (r: Report) => number) => reports.reduce((total, r) => total + figure(r), 0);
    expect(all.totals).toEqual({
      conversations: 9,
      messages: sum((r) => r.totals.messages),
      usedTokens: sum((r) => r.totals.usedTokens),
      nextCallCost: expect.closeTo(sum((r) => r.turns.at(-1)!.nextCallCost), 12),
      cumulativeCost: expect.closeTo(sum((r) => r.totals.cumulativeCost), 12),
      overLimit: 0,
      refusedCalls: sum((r) => r.totals.refusedCalls),
    });
    expect(all.totals.usedTokens).toBeGreaterThan(1000);
  });

  it('prints a row per conversation and the totals as text', () => {
    const { status, stdout } = runCli(['report', file, '--conversation', 'all', '--model', 'gpt-4o']);
    expect(status).toBe(0);
    const rows = stdout.split('\n').filter((line) => /^\s*\d+\s+\d+/.test(line));
    expect(rows).toHaveLength(9);
    const reports = all.conversations as Report[];
    // The tools column: a conversation's definitions, billed on each of its calls.
    expect(rows[1]).toMatch(new RegExp(`^\\s*2\\s+${reports[1]!.totals.messages}\\s+\\d+\\s+${reports[1]!.totals.usedTokens}\\s`));
    const total = all.totals.usedTokens.toLocaleString('en-US');
    expect(stdout).toContain(`9 conversations, ${all.totals.messages} messages: their next calls send ${total} tokens (${formatUsd(all.totals.nextCallCost)})`);
    expect(stdout).toContain(`spent ${formatUsd(all.totals.cumulativeCost)}`);
  });

  it('writes every turn of every conversation as CSV, the conversation first', () => {
    const { status, stdout } = runCli(['report', file, '--conversation', 'all', '--csv']);
    expect(status).toBe(0);
    const [header, ...rows] = stdout.trimEnd().split('\r\n');
    expect(header).toBe('conversation,index,role,tokens,usedTokens,percent,nextCallCost,cumulativeCost,overLimit,refused');
    expect(rows).toHaveLength(all.totals.messages);
    expect(rows.filter((row) => row.startsWith('9,')).length).toBe((all.conversations as Report[])[8]!.totals.messages);
  });

  it('counts what an eval run sends: every sample once, nothing spent on replies', () => {
    const evals = json(['report', fixture('evals-samples.jsonl'), '--conversation', 'all', '--json']);
    expect(evals.totals.conversations).toBe(16);
    expect(evals.totals.cumulativeCost).toBe(0);
    expect(evals.totals.nextCallCost).toBeCloseTo((evals.totals.usedTokens * 30) / 1e6, 12);
  });

  it('keeps the one-conversation shape when a file holds one', () => {
    const one = json(['report', fixture('chat-history.jsonl'), '--conversation', 'all', '--json']);
    expect(one.conversations).toHaveLength(1);
    expect(one.conversations[0]).toEqual(json(['report', fixture('chat-history.jsonl'), '--json']));
  });
});

describe('compare --conversation all', () => {
  it('adds up every strategy over the conversations, each one as compare --conversation N shows it', () => {
    const file = fixture('sharegpt-lines.jsonl');
    const all = json(['compare', file, '--conversation', 'all', '--json']);
    expect(all.totals.conversations).toBe(20);
    expect(all.conversations[4]).toEqual({ ...json(['compare', file, '--conversation', '5', '--json']), conversation: 5 });
    type Row = { strategy: string; peakTokens: number; finalTokens: number; cumulativeCost: number; overLimitCalls: number };
    const keepAll = (report: { strategies: Row[] }) => report.strategies.find((row) => row.strategy === 'keep-all')!;
    const reports = all.conversations as { strategies: Row[] }[];
    expect(keepAll(all.totals)).toMatchObject({
      peakTokens: Math.max(...reports.map((r) => keepAll(r).peakTokens)),
      finalTokens: reports.reduce((total, r) => total + keepAll(r).finalTokens, 0),
      cumulativeCost: expect.closeTo(reports.reduce((total, r) => total + keepAll(r).cumulativeCost, 0), 12),
    });
    const text = runCli(['compare', file, '--conversation', 'all']).stdout;
    expect(text).toContain('20 conversations read as sharegpt, added up');
    expect(text).toMatch(new RegExp(`keep-all\\s+[\\d,]+\\s+${keepAll(all.totals).finalTokens.toLocaleString('en-US')}\\s`));
  });
});

describe('refused, in one line, exit 2', () => {
  it.each([
    [['replay', fixture('sharegpt.json'), '--conversation', 'all'], /^context-accountant: --conversation all is for report and compare; .*--conversation N\n$/],
    [['report', fixture('sharegpt.json'), '--conversation', 'all', '--budget', '5'], /--budget works on one conversation, not with --conversation all/],
    [['report', fixture('sharegpt.json'), '--conversation', 'all', '--out', join(dir, 'x.md')], /--out works on one conversation/],
    [['compare', fixture('sharegpt.json'), '--conversation', 'all', '--chart'], /--chart works on one conversation/],
    [['report', fixture('sharegpt.json'), '--conversation', 'some'], /--conversation must be a whole number from 1 \(the first conversation\) or "all", got "some"/],
  ])('%j', (args, message) => {
    const run = runCli(args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it.each([
    ['bad-call.json', JSON.stringify([{ conversations: [{ from: 'human', value: 'hi' }, { from: 'function_call', value: 'area(5)' }] }], null, 2), [], /bad-call\.json:10:18: conversation 1, message 1: /],
    ['bad-share.jsonl', '{"conversations":[{"from":"human","value":"a"}]}\n{"conversations":[{"from":"human"}]}\n', [], /bad-share\.jsonl:2:19: conversation 2, message 0 has no "value"/],
    ['bad-kto.json', JSON.stringify([{ messages: [{ role: 'user', content: 'a' }] }, { messages: [{ role: 'robot', content: 'b' }] }]), [], /bad-kto\.json:1:\d+: conversation 2, message 0: /],
    ['bad-history.jsonl', '{"_meta":{"session":"s"}}\n{"role":"user","content":"a"}\n{"role":"user","content":7}\n', [], /bad-history\.jsonl:3:\d+: message 1: /],
    ['bad-evals.jsonl', '{"input":[{"role":"user","content":"a"}],"ideal":"b"}\n{"ideal":"c"}\n', [], /bad-evals\.jsonl:2:1: conversation 2 has no "input"/],
    ['forced.json', JSON.stringify([{ messages: [] }]), ['--format', 'evals'], /forced\.json:1:2: conversation 1 has no "input"/],
  ] as const)('%s', (name, content, args, message) => {
    const run = runCli(['report', tempFile(name, content), ...args]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
