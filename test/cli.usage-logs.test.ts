import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatUsd } from '../src/core/format.js';
import { runCli } from './support/runCli.js';

const escape = (text: string) => text.replace(/[$.]/g, '\\$&');
import { tempFile } from './support/tempFile.js';

const LOGS = fileURLToPath(new URL('../fixtures/logs/', import.meta.url));
const CLAUDE_DIR = join(LOGS, 'claude-code/-home-dev-projects-billing');
const CLAUDE = join(CLAUDE_DIR, readdirSync(CLAUDE_DIR).find((name) => name.endsWith('.jsonl'))!);
const json = (args: string[]) => {
  const run = runCli(args);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout);
};

describe('report on an agent log', () => {
  it('prints every call with the fields the issue names, its subagent included, and the totals', () => {
    const report = json(['report', CLAUDE, '--json']);
    expect(Object.keys(report.calls[0]).sort()).toEqual(
      ['index', 'model', 'at', 'agent', 'usage', 'contextTokens', 'contextWindow', 'cost', 'billing', 'loggedCost', 'loggedDelta', 'computedInput', 'computedDelta', 'pricedAs', 'modelAssumed', 'failed', 'estimate', 'file'].sort(),
    );
    expect(report.calls.map((call: { agent: string }) => call.agent)).toEqual(['main', 'main', 'main', 'main', 'a1b2c3']);
    // Call 2: 10 x $3 + 5,000 x $0.30 + 2,000 x $6 (1-hour write) + 300 x $15 = $18,030 per 1M
    expect(report.calls[1]).toMatchObject({ usage: { input: 10, cacheRead: 5000, cacheWrite5m: 0, cacheWrite1h: 2000, output: 300, reasoning: 0 }, contextTokens: 7010, contextWindow: 200000, cost: 0.01803, computedInput: null });
    expect(Object.keys(report.usageTotals)).toEqual(expect.arrayContaining(['calls', 'input', 'cacheRead', 'cacheWrite5m', 'cacheWrite1h', 'output', 'reasoning', 'cost', 'cacheHitRate', 'cachingSaved']));
    // $20,559 + $18,030 + $5,250 per 1M (the failed call bills nothing, the unknown model is unpriced)
    expect(report.usageTotals.cost).toBeCloseTo(0.043839, 12);
    expect(report.unpriced[0].model).toBe('claude-imaginary-9');
  });

  it('aggregates every log of a directory', () => {
    const report = json(['report', LOGS, '--json']);
    expect(report.formats.sort()).toEqual(['api-log', 'claude-code', 'codex', 'gemini-cli']);
    expect(report.files).toHaveLength(11);
    // 5 + 2 (legacy) Claude Code + 3 Codex + 2 + 3 gemini + 4 Chat Completions + 2 Responses + 2 Anthropic + 3 Batch + 4 Message Batches
    expect(report.usageTotals.calls).toBe(30);
  });

  it('prints the same table as text and CSV, with the torn last line as a warning', () => {
    const text = runCli(['report', join(LOGS, 'codex')]);
    expect(text.status).toBe(0);
    // gpt-5.1: 12,000 x $1.25 + 800 x $10 = $23,000 per 1M
    expect(text.stdout).toMatch(new RegExp(`^1 +gpt-5\\.1-codex .* 12,000 / 272,000 +${escape(formatUsd(0.023))}`, 'm'));
    expect(text.stdout).toMatch(/cache hit rate 56\.1%/); // 26,368 read of 47,000
    const csv = runCli(['report', CLAUDE, '--csv']).stdout.split('\r\n');
    expect(csv[0]).toBe('index,model,at,agent,input,cacheRead,cacheWrite5m,cacheWrite1h,output,reasoning,contextTokens,contextWindow,cost,billing,computedInput,computedDelta,failed');
    expect(runCli(['report', CLAUDE]).stdout).toMatch(/warning: .*:13: the last line is cut short/);
  });

  it('counts the request itself where the log holds it (Chat Completions, an exact tokenizer)', () => {
    const report = json(['report', join(LOGS, 'api/chat-completions.jsonl'), '--json']);
    expect(report.calls.slice(0, 2).map((call: { computedDelta: number }) => call.computedDelta)).toEqual([0, 0]);
    expect(report.calls[3].failed).toMatch(/context_length_exceeded/);
  });

  it('reprices the calls on other models (--reprice)', () => {
    const report = json(['report', join(LOGS, 'codex'), '--json', '--reprice', 'gpt-5.2']);
    // All three calls at gpt-5.2: input 20,632 x $1.75 + cached 26,368 x $0.175 + output 2,500 x $14 = $36,106 + $4,614.4 + $35,000
    expect(report.repriced[0]).toMatchObject({ model: 'gpt-5.2', estimate: false });
    expect(report.repriced[0].cost).toBeCloseTo(0.0757204, 12);
  });
});

describe('Batch results files', () => {
  it('bills OpenAI Batch output at the Batch price, with its source and date, in JSON, text and CSV', () => {
    const file = join(LOGS, 'api/batch-output.jsonl');
    const report = json(['report', file, '--json', '--reprice', 'gpt-4o']);
    // gpt-4o-mini at half its list price ($0.075 in, $0.30 out per 1M):
    // request-1: 1,000 x $0.075 + 200 x $0.30 = $135; request-2: 2,000 x $0.075 + 300 x $0.30 = $240 per 1M
    expect(report.calls.map((call: { cost: number; billing: string }) => [call.cost, call.billing])).toEqual([
      [0.000135, 'batch'],
      [0.00024, 'batch'],
      [0, 'list'],
    ]);
    expect(report.usageTotals.cost).toBeCloseTo(0.000375, 12);
    expect(report.notes).toEqual(['2 Batch calls billed at the Batch price (50% of list, OpenAI Batch API pricing (platform.openai.com/docs/guides/batch), 2026-12-02)']);
    // On gpt-4o's Batch price ($1.25 in, $5 out): 1,000 x 1.25 + 200 x 5 = $2,250; 2,000 x 1.25 + 300 x 5 = $4,000 per 1M
    expect(report.repriced[0]).toMatchObject({ model: 'gpt-4o', batchCalls: 2 });
    expect(report.repriced[0].cost).toBeCloseTo(0.00625, 12);
    const text = runCli(['report', file]).stdout;
    expect(text).toMatch(new RegExp(`^1 +gpt-4o-mini-2024-07-18 .*${escape(formatUsd(0.000135))} batch`, 'm'));
    expect(text).toMatch(/^note: 2 Batch calls billed at the Batch price \(50% of list, OpenAI Batch API pricing .*, 2026-12-02\)$/m);
    expect(runCli(['report', file, '--csv']).stdout.split('\r\n')[1]).toMatch(/,0\.000135,batch,/);
  });

  it('reads Anthropic Message Batches results, billed at the Message Batches price', () => {
    const report = json(['report', join(LOGS, 'api/message-batches-results.jsonl'), '--json']);
    // claude-haiku-4-5 at half ($0.50 in, $0.625 5m write, $0.05 read, $2.50 out per 1M):
    // invoice-1: 1,000 x 0.50 + 2,000 x 0.625 + 500 x 2.50 = $3,000; invoice-2: 200 x 0.50 + 2,000 x 0.05 + 300 x 2.50 = $950 per 1M
    expect(report.calls.map((call: { cost: number; billing: string; failed: string | null }) => [call.cost, call.billing, call.failed])).toEqual([
      [0.003, 'batch', null],
      [0.00095, 'batch', null],
      [0, 'list', 'errored: invalid_request_error: max_tokens: Field required'],
      [0, 'list', 'expired'],
    ]);
    expect(report.usageTotals).toMatchObject({ cost: 0.00395, failedCalls: 2 });
    expect(report.notes[0]).toMatch(/^2 Batch calls billed at the Batch price \(50% of list, Anthropic Message Batches pricing/);
  });
});

describe('the cost an older Claude Code build wrote (costUSD)', () => {
  const LEGACY = join(LOGS, 'claude-code/-home-dev-projects-legacy');

  it('shows it beside ours per call and in the totals, with the difference; ours is the figure', () => {
    const report = json(['report', LEGACY, '--json']);
    // claude-sonnet-4-0: 4 x $3 + 3,000 x $3.75 + 200 x $15 = $14,262; 8 x $3 + 3,000 x $0.30 + 400 x $15 = $6,924 per 1M
    expect(report.calls.map((call: { cost: number; loggedCost: number; loggedDelta: number }) => [call.cost, call.loggedCost, call.loggedDelta])).toEqual([
      [0.014262, 0.014262, 0],
      [0.006924, 0.0075, -0.000576],
    ]);
    expect(report.usageTotals).toMatchObject({ cost: 0.021186, loggedCost: 0.021762, loggedDelta: -0.000576 });
    const text = runCli(['report', LEGACY]).stdout;
    expect(text).toMatch(new RegExp(`^2 .* ${escape(formatUsd(0.006924))} .* ${escape(formatUsd(0.0075))} \\(-${escape(formatUsd(0.000576))}\\)$`, 'm'));
    expect(text).toContain(`the log's own cost (costUSD) of 2 calls: ${formatUsd(0.021762)}; ours ${formatUsd(0.021186)}, ${formatUsd(0.000576)} less`);
    expect(runCli(['report', LEGACY, '--csv']).stdout.split('\r\n')[2]).toMatch(/,0\.006924,list,.*,0\.0075,-0\.000576$/);
  });
});

describe('--model on a log', () => {
  it('prices the calls on a model the catalog lacks on --model, and says so; without --model they stay unpriced', () => {
    const report = json(['report', CLAUDE, '--json', '--model', 'gpt-4o']);
    // claude-imaginary-9's 100 input and 50 output on gpt-4o: 100 x $2.50 + 50 x $10 = $750 per 1M
    expect(report.calls[3]).toMatchObject({ model: 'claude-imaginary-9', pricedAs: 'gpt-4o', modelAssumed: true, cost: 0.00075 });
    expect(report.unpriced).toEqual([]);
    expect(report.usageTotals.cost).toBeCloseTo(0.043839 + 0.00075, 12);
    expect(report.notes).toContain("--model gpt-4o: priced 1 call on claude-imaginary-9 (not in the catalog) as gpt-4o, an assumption (the tokens are the log's)");
    expect(json(['report', CLAUDE, '--json']).calls[3]).toMatchObject({ pricedAs: null, modelAssumed: false, cost: null });
    expect(json(['compare', CLAUDE, '--json', '--model', 'gpt-4o', '--models', 'gpt-4o-mini']).logged.cost).toBeCloseTo(0.043839 + 0.00075, 12);
  });

  it('refuses an unknown --model in one line', () => {
    const run = runCli(['report', CLAUDE, '--model', 'gpt-nope']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^context-accountant: --model: unknown model "gpt-nope"; nearest known: [^\n]*\n$/);
  });
});

describe('compare on an agent log', () => {
  it('prices the same calls on each model beside the logged bill (--models)', () => {
    const comparison = json(['compare', join(LOGS, 'codex'), '--models', 'gpt-4o-mini,claude-sonnet-4-5', '--json']);
    expect(comparison.logged.cost).toBeCloseTo(0.0594044, 12); // $23,000 + $17,790 + $18,614.40 per 1M
    // gpt-4o-mini: 20,632 x $0.15 + 26,368 x $0.075 + 2,500 x $0.60 = $3,094.80 + $1,977.60 + $1,500
    expect(comparison.models[0]).toMatchObject({ model: 'gpt-4o-mini', estimate: false });
    expect(comparison.models[0].cost).toBeCloseTo(0.0065724, 12);
    expect(comparison.models[1]).toMatchObject({ model: 'claude-sonnet-4-5', estimate: true });
    const text = runCli(['compare', join(LOGS, 'codex'), '--models', 'gpt-4o-mini']).stdout;
    expect(text).toMatch(new RegExp(`^gpt-4o-mini +${escape(formatUsd(0.0065724))} +${escape(formatUsd(0.0065724 - 0.0594044))} `, 'm'));
  });

  it('asks for --models on a log, and refuses --models on a conversation file', () => {
    expect(runCli(['compare', join(LOGS, 'codex')]).stderr).toMatch(/compare it across models with --models a,b,c/);
    const run = runCli(['compare', fileURLToPath(new URL('../fixtures/lesson.json', import.meta.url)), '--models', 'gpt-4o']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--models is for agent and API logs/);
  });
});

describe('bad logs', () => {
  it('exits 2 with one line naming file:line for a line of the wrong shape', () => {
    const file = tempFile('s.jsonl', `${JSON.stringify({ type: 'assistant', sessionId: 's', uuid: 'u', parentUuid: null, message: { id: 'm', usage: { output_tokens: 'many' } } })}\n`);
    const run = runCli(['report', file]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^context-accountant: ${file.replace(/[.\\/]/g, '\\$&')}:1: a Claude Code assistant line \\(message\\.usage\\.output_tokens\\)[^\\n]*\\n$`));
  });

  it('counts the lines a forced format does not know, and names every format tried when none fits', () => {
    const run = runCli(['report', tempFile('n.json', '{"a": 1}'), '--format', 'codex']);
    expect(run.status).toBe(0); // a JSON object of no known type is skipped and counted, not billed
    expect(run.stdout).toMatch(/skipped lines: untyped 1/);
    const other = runCli(['report', tempFile('m.json', '{"a": 1}')]);
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/tried openai, .*claude-code, codex, gemini-cli, api-log/);
  });

  it('says in one line (exit 2) that a file does not fit a forced --format, naming what it looks like', () => {
    const run = runCli(['report', CLAUDE, '--format', 'codex']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`context-accountant: ${CLAUDE}:1: not a Codex rollout (looks like a Claude Code transcript)\n`);
    const dir = runCli(['report', LOGS, '--format', 'codex', '--json']);
    expect(dir.status).toBe(0);
    expect(JSON.parse(dir.stdout).usageTotals.calls).toBe(3);
  });

  it('refuses conversation-only flags on a log', () => {
    const run = runCli(['report', CLAUDE, '--out', '/tmp/x.md']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--out is for conversation files/);
  });
});

describe("a log at the user's prices", () => {
  const CODEX_DIR = join(LOGS, 'codex/2026/11/30');
  const CODEX = join(CODEX_DIR, readdirSync(CODEX_DIR)[0]!);

  it('--price-in, --price-out and --limit price and hold every call, and the report says so', () => {
    const report = json(['report', CODEX, '--json', '--price-in', '2', '--price-out', '8', '--limit', '100000']);
    // Cache reads in the catalog's ratio to input (a tenth): 12,000 x $2 + 800 x $8; 3,480 x $2 + 11,520 x $0.20 + 1,200 x $8;
    // gpt-5.2: 5,152 x $2 + 14,848 x $0.20 + 500 x $8.
    expect(report.calls.map((call: { cost: number }) => call.cost)).toEqual([0.0304, 0.018864, 0.0172736]);
    expect(report.calls.map((call: { contextWindow: number }) => call.contextWindow)).toEqual([100000, 100000, 100000]);
    expect(report.userPrices).toEqual({ priceIn: 2, priceOut: 8, limit: 100000 });
    const text = runCli(['report', CODEX, '--price-in', '2', '--price-out', '8']).stdout;
    expect(text).toContain(`spent ${formatUsd(0.0304 + 0.018864 + 0.0172736)} at your prices`);
    expect(text).toContain('note: at your prices: --price-in $2, --price-out $8 per 1M tokens for every call priced');
  });

  it('--prices FILE prices a log from the newer table, named in a note', () => {
    const table = [{ id: 'openai', name: 'OpenAI', models: ['gpt-5.1', 'gpt-5.2'].map((id) => ({ id, match: { starts_with: id }, context_window: 400000, prices: { input_mtok: 1, output_mtok: 2, cache_read_mtok: 0.1 } })) }];
    const file = tempFile('data.json', JSON.stringify(table));
    const report = json(['report', CODEX, '--json', '--prices', file]);
    // 12,000 x $1 + 800 x $2; 3,480 x $1 + 11,520 x $0.10 + 1,200 x $2; 5,152 x $1 + 14,848 x $0.10 + 500 x $2
    expect(report.calls.map((call: { cost: number }) => call.cost)).toEqual([0.0136, 0.007032, 0.0076368]);
    expect(report.notes[0]).toMatch(/^prices from genai-prices table .*data\.json \(\d{4}-\d\d-\d\d\), not the bundled catalog$/);
  });

  it('refuses a bad price on a log in one line (exit 2)', () => {
    const run = runCli(['report', CODEX, '--price-in', '-1']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('context-accountant: --price-in must be a number of US dollars per 1M tokens (0 or more), got "-1"\n');
  });
});
