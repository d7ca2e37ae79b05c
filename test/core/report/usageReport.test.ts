import { describe, expect, it } from 'vitest';
import { findModel, requireModel } from '../../../src/core/catalog.js';
import { FORMAT_RULES } from '../../../src/core/chatFormat.js';
import { usageReport } from '../../../src/core/report/usageReport.js';
import { formatUsageReport, formatUsageReportCsv } from '../../../src/core/report/usageReportText.js';
import { loadTokenizer } from '../../../src/core/tokenizer.js';
import { NO_USAGE, type ReportedCall, type UsageLog } from '../../../src/core/usage/reportedUsage.js';
import { oracleEncode } from '../../support/oracle.js';

const pricesOn = (id: string) => findModel(id);
const log = (calls: ReportedCall[], format: UsageLog['format'] = 'claude-code'): UsageLog & { file: string } => ({ format, calls, skipped: {}, warnings: [], file: 'f.jsonl' });
const call = (model: string | undefined, usage: Partial<typeof NO_USAGE>, extra: Partial<ReportedCall> = {}): ReportedCall => ({ model, at: '2026-11-30T09:00:00Z', agent: 'main', usage: { ...NO_USAGE, ...usage }, ...extra });

describe('the usage report of a log', () => {
  // claude-sonnet-4-5: $3 in, $0.30 read, $3.75 5m write, $6 1h write, $15 out (per 1M)
  const report = usageReport({
    logs: [
      log([
        call('claude-sonnet-4-5-20250929', { input: 3, cacheWrite5m: 5000, output: 120 }),
        call('claude-sonnet-4-5-20250929', { input: 10, cacheRead: 5000, cacheWrite1h: 2000, output: 300 }),
        call(undefined, {}, { failed: 'API error' }),
        call('claude-imaginary-9', { input: 100, output: 50 }),
        call('claude-haiku-4-5-20251001', { input: 2000, cacheWrite5m: 1000, output: 400 }, { agent: 'a1b2c3' }),
      ]),
    ],
    pricesOn,
  });

  it('prices every call at its own rates and leaves a model the catalog lacks unpriced, never $0', () => {
    expect(report.calls.map((row) => row.cost)).toEqual([
      0.020559, // 3 x $3 + 5,000 x $3.75 + 120 x $15 = $20,559 per 1M
      0.01803, // 10 x $3 + 5,000 x $0.30 + 2,000 x $6 + 300 x $15 = $18,030 per 1M
      0, // failed: billed nothing
      null, // unpriced
      0.00525, // haiku-4-5: 2,000 x $1 + 1,000 x $1.25 + 400 x $5 = $5,250 per 1M
    ]);
    expect(report.unpriced).toEqual([{ model: 'claude-imaginary-9', calls: 1, usage: { ...NO_USAGE, input: 100, output: 50 } }]);
  });

  it('totals the session: spend, cache hit rate (cache read / all input) and what caching saved', () => {
    const t = report.usageTotals;
    expect(t).toMatchObject({ calls: 5, input: 2113, cacheRead: 5000, cacheWrite5m: 6000, cacheWrite1h: 2000, output: 870, reasoning: 0, failedCalls: 1, unpricedCalls: 1 });
    // 0.020559 + 0.01803 + 0.00525
    expect(t.cost).toBeCloseTo(0.043839, 12);
    // 5,000 read of 2,113 + 5,000 + 6,000 + 2,000 = 15,113 prompt tokens
    expect(t.cacheHitRate).toBeCloseTo(5000 / 15113, 4);
    // Without cache, priced calls only: sonnet 5,003 x $3 + 1,800 = $16,809; 7,010 x $3 + 4,500 = $25,530; haiku 3,000 x $1 + 2,000 = $5,000
    // = $47,339 per 1M, against $43,839 spent: saved $3,500 per 1M
    expect(t.cachingSaved).toBeCloseTo(0.0035, 12);
  });

  it('groups by model and by agent', () => {
    expect(report.byAgent.map((group) => [group.name, group.calls, group.cost])).toEqual([
      ['main', 4, 0.038589],
      ['a1b2c3', 1, 0.00525],
    ]);
    const haiku = report.byModel.find((group) => group.name === 'claude-haiku-4-5-20251001')!;
    // haiku without cache: 3,000 x $1 + 2,000 = $5,000 per 1M against $5,250: writing the cache cost $250 more than it saved
    expect(haiku.cachingSaved).toBeCloseTo(-0.00025, 12);
  });

  it('says "unpriced" and "estimate" in text, and writes the same rows to CSV', () => {
    const text = formatUsageReport(report);
    expect(text).toMatch(/unpriced: claude-imaginary-9 is not in the catalog: 1 call, 100 prompt and 50 output tokens/);
    expect(text).toMatch(/spent \$0\.04384 at list prices; cache hit rate 33\.1%; caching saved \$0\.00350/);
    expect(text).toMatch(/estimate/);
    const csv = formatUsageReportCsv(report).trimEnd().split('\r\n');
    expect(csv).toHaveLength(6);
    expect(csv[1]).toBe('1,claude-sonnet-4-5-20250929,2026-11-30T09:00:00Z,main,3,0,5000,0,120,0,5003,200000,0.020559,,,');
    expect(csv[4]).toContain(',unpriced,');
  });

  it('reprices the same calls on another model: an estimate across tokenizer families', () => {
    const repriced = usageReport({ logs: [log([call('gpt-5.1', { input: 2000, cacheRead: 8000, output: 1000 })], 'codex')], pricesOn, reprice: [requireModel('gpt-5.2'), requireModel('claude-sonnet-4-5')] }).repriced;
    // gpt-5.2: 2,000 x $1.75 + 8,000 x $0.175 + 1,000 x $14 = $18,900 per 1M; same o200k tokenizer: exact
    expect(repriced[0]).toMatchObject({ model: 'gpt-5.2', cost: 0.0189, estimate: false });
    // sonnet: 10,000 prompt tokens are above no tier; the cache read is a read: 2,000 x $3 + 8,000 x $0.30 + 1,000 x $15 = $23,400 per 1M
    expect(repriced[1]).toMatchObject({ model: 'claude-sonnet-4-5', cost: 0.0234, estimate: true });
  });
});

describe('our own count beside the reported one', () => {
  it('counts the request where the log holds it and the tokenizer is exact, with the difference', async () => {
    const { count } = await loadTokenizer('o200k_base');
    const messages = [
      { role: 'system' as const, content: 'You answer billing questions in one sentence.' },
      { role: 'user' as const, content: 'Why is invoice INV-2291 one cent higher than the sum of its lines?' },
    ];
    // The cookbook rule: 3 per message + role + content, 3 to prime the reply.
    const expected = messages.reduce((sum, m) => sum + 3 + oracleEncode('o200k_base', m.role).length + oracleEncode('o200k_base', m.content).length, 3);
    const report = usageReport({
      logs: [log([call('gpt-4o-mini', { input: expected + 5 }, { request: { messages } }), call('claude-sonnet-4-5', { input: 40 }, { request: { messages } })], 'api-log')],
      pricesOn,
      counterFor: (model) => (model.encoding === 'o200k_base' ? { count, rule: FORMAT_RULES.cookbook } : undefined),
    });
    expect(report.calls[0]).toMatchObject({ computedInput: expected, computedDelta: -5 });
    // No tokenizer of ours is exact for Claude: no own count, and the row says estimate.
    expect(report.calls[1]).toMatchObject({ computedInput: null, computedDelta: null, estimate: true });
  });
});
