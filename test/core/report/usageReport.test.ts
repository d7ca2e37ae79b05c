import { describe, expect, it } from 'vitest';
import { findModel, requireModel } from '../../../src/core/catalog.js';
import { FORMAT_RULES } from '../../../src/core/chatFormat.js';
import { catalogPricesOn, usageReport } from '../../../src/core/report/usageReport.js';
import { formatUsd } from '../../../src/core/format.js';
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
    expect(text).toContain(`spent ${formatUsd(0.043839)} at list prices; cache hit rate 33.1%; caching saved ${formatUsd(0.0035)}`);
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

describe('the stand-in calibrated against what the API reported', () => {
  it('sets the stand-in count of each Claude request beside its reported prompt: their ratio, weighed by tokens, and its range', async () => {
    const claude = findModel('claude-sonnet-4-5')!;
    expect(claude.estimate).toBe(true);
    const { count } = await loadTokenizer(claude.encoding);
    const rule = FORMAT_RULES.cookbook;
    const short = { messages: [{ role: 'user' as const, content: 'Summarise the attached invoice in one line.' }] };
    const long = { messages: [{ role: 'user' as const, content: 'Why is invoice INV-2291 one cent higher than the sum of its lines? '.repeat(20) }] };
    const counted = (request: typeof short) => request.messages.reduce((sum, m) => sum + 3 + count(m.role) + count(m.content), 3);
    const report = usageReport({
      logs: [
        log([
          call('claude-sonnet-4-5', { input: 20 }, { request: short }),
          call('claude-sonnet-4-5', { input: 300, cacheRead: 100 }, { request: long }),
          call('claude-sonnet-4-5', { input: 50 }), // no request text: nothing to calibrate
        ]),
      ],
      pricesOn,
      counterFor: () => ({ count, rule }),
    });
    expect(report.calls.map((row) => row.computedInput)).toEqual([null, null, null]);
    const c = report.calibration;
    expect(c.samples).toBe(2);
    expect(c.counted).toBe(counted(short) + counted(long));
    // The whole reported prompt (cache reads included) is what the request was.
    expect(c.reported).toBe(20 + 400);
    expect(c.ratio).toBeCloseTo((counted(short) + counted(long)) / 420, 12);
    expect(c.minRatio).toBeCloseTo(Math.min(counted(short) / 20, counted(long) / 400), 12);
    expect(formatUsageReport(report)).toContain(`estimate calibration: the stand-in tokenizer counted ${c.counted} tokens where the API reported 420 for the same 2 requests (ratio ${c.ratio!.toFixed(3)}`);
  });

  it('says nothing of a calibration where no estimated request is in the log', () => {
    const report = usageReport({ logs: [log([call('claude-sonnet-4-5', { input: 50 })])], pricesOn });
    expect(report.calibration).toMatchObject({ samples: 0, ratio: undefined });
    expect(formatUsageReport(report)).not.toContain('calibration');
  });
});

describe('a logged call priced on its own day', () => {
  // claude-opus-4-6 had a long-context tier until 2026-03-13 ($10 in / $37.50 out per 1M above
  // 200k prompt tokens, as genai-prices records it); after that day, one flat price.
  const big = (at: string) => call('claude-opus-4-6', { input: 300_000, output: 1_000 }, { at });
  const report = usageReport({ logs: [log([big('2026-02-20T10:00:00Z'), big('2026-06-01T10:00:00Z')])], pricesOn: catalogPricesOn });

  it('bills the tier in force that day, and the flat price after it was dropped', () => {
    const flat = findModel('claude-opus-4-6')!;
    // Before: 300,000 x $10 + 1,000 x $37.50 = $3,037,500 per 1M
    expect(report.calls[0]!.cost).toBeCloseTo(3.0375, 9);
    // After: the list's flat prices, no tier
    expect(flat.priceTiers).toBeUndefined();
    expect(report.calls[1]!.cost).toBeCloseTo((300_000 * flat.inputPerMillion + 1_000 * flat.outputPerMillion) / 1e6, 9);
    expect(report.calls[0]!.cost).toBeGreaterThan(report.calls[1]!.cost!);
  });
});
