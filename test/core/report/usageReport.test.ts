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
    expect(csv[1]).toBe('1,claude-sonnet-4-5-20250929,2026-11-30T09:00:00Z,main,3,0,5000,0,120,0,5003,200000,0.020559,list,,,');
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

describe('Batch calls', () => {
  // gpt-4o-mini: $0.15 in, $0.075 cached, $0.60 out per 1M; its Batch price is half of each.
  // claude-haiku-4-5: $1 in, $0.10 read, $1.25 5m write, $5 out; its Message Batches price is half of each.
  // gemini-2.5-pro: no batch price in the catalog.
  const batch = (model: string, usage: Partial<typeof NO_USAGE>, id: string) => call(model, usage, { batchId: id });
  const report = usageReport({
    logs: [
      log(
        [
          batch('gpt-4o-mini-2024-07-18', { input: 1000, cacheRead: 1024, output: 200 }, 'a'),
          batch('claude-haiku-4-5-20251001', { input: 1000, cacheWrite5m: 2000, output: 500 }, 'b'),
          batch('gemini-2.5-pro', { input: 1000, output: 100 }, 'c'),
          call('gpt-4o-mini-2024-07-18', { input: 1000, output: 200 }),
          call(undefined, {}, { batchId: 'd', failed: 'batch_expired: too late' }),
        ],
        'api-log',
      ),
    ],
    pricesOn,
    reprice: [requireModel('gpt-4o'), requireModel('gemini-2.5-flash')],
  });

  it('bills a Batch line at the Batch price where the catalog has one, at list price (said) where not', () => {
    expect(report.calls.map((row) => [row.cost, row.billing])).toEqual([
      [0.0001734, 'batch'], // (1,000 x $0.15 + 1,024 x $0.075 + 200 x $0.60) / 2 = $346.80 / 2 = $173.40 per 1M
      [0.003, 'batch'], // (1,000 x $1 + 2,000 x $1.25 + 500 x $5) / 2 = $3,000 per 1M
      [0.00225, 'list'], // 1,000 x $1.25 + 100 x $10 = $2,250 per 1M: no batch price
      [0.00027, 'list'], // not a Batch line: 1,000 x $0.15 + 200 x $0.60 = $270 per 1M
      [0, 'list'], // failed: billed nothing
    ]);
    expect(report.notes).toEqual([
      '1 Batch call billed at the Batch price (50% of list, OpenAI Batch API pricing (platform.openai.com/docs/guides/batch), 2026-12-02)',
      '1 Batch call billed at the Batch price (50% of list, Anthropic Message Batches pricing (platform.claude.com/docs/build-with-claude/batch-processing), 2026-12-02)',
      '1 Batch call priced at list price: the catalog has no batch price for gemini-2.5-pro',
    ]);
    // Caching saved, at the Batch price: the 1,024 cached tokens at $0.075 instead of $0.15, halved = $38.40 per 1M;
    // the write cost 2,000 x $0.25 more, halved = -$250 per 1M
    expect(report.usageTotals.cachingSaved).toBeCloseTo((38.4 - 250) / 1e6, 12);
    const text = formatUsageReport(report);
    expect(text).toMatch(new RegExp(`^1 +gpt-4o-mini-2024-07-18 .* ${formatUsd(0.0001734).replace(/[$.]/g, '\\$&')} batch `, 'm'));
    expect(text).toContain('at list and Batch prices');
    expect(formatUsageReportCsv(report).split('\r\n')[1]).toContain(',0.0001734,batch,');
  });

  it('reprices Batch lines at the target model\'s Batch price where it has one', () => {
    const [gpt4o, flash] = report.repriced;
    // gpt-4o ($2.50 in, $1.25 cached, $10 out), the three Batch lines halved and the plain call at list:
    // a: (1,000 x 2.5 + 1,024 x 1.25 + 200 x 10) / 2 = $2,890; b: (3,000 x 2.5 + 500 x 10) / 2 = $6,250 (no cache-write price: input);
    // c: (1,000 x 2.5 + 100 x 10) / 2 = $1,750; the plain call: 1,000 x 2.5 + 200 x 10 = $4,500
    expect(gpt4o).toMatchObject({ model: 'gpt-4o', batchCalls: 3 });
    expect(gpt4o!.cost).toBeCloseTo((2890 + 6250 + 1750 + 4500) / 1e6, 12);
    expect(gpt4o!.why).toContain('3 Batch calls at its Batch price');
    expect(flash).toMatchObject({ model: 'gemini-2.5-flash', batchCalls: 0 });
    expect(flash!.why).toContain('3 Batch calls at list price (the catalog has no batch price for gemini-2.5-flash)');
  });
});

describe('the cost the log wrote itself (Claude Code costUSD)', () => {
  // claude-sonnet-4-5: $3 in, $15 out; the log wrote $0.0100 for the first call, nothing for the second, $0.05 for an unpriced one.
  const report = usageReport({
    logs: [
      log([
        call('claude-sonnet-4-5', { input: 1000, output: 400 }, { loggedCost: 0.01 }),
        call('claude-sonnet-4-5', { input: 1000, output: 400 }),
        call('claude-imaginary-9', { input: 100, output: 50 }, { loggedCost: 0.05 }),
      ]),
    ],
    pricesOn,
  });

  it('sets it beside ours per call and in the totals, with the difference; ours stays the figure', () => {
    // Ours: 1,000 x $3 + 400 x $15 = $9,000 per 1M against the log's $10,000: -$0.001
    expect(report.calls.map((row) => [row.cost, row.loggedCost, row.loggedDelta])).toEqual([
      [0.009, 0.01, -0.001],
      [0.009, null, null],
      [null, 0.05, null],
    ]);
    // The log's own total over the two calls that carry one: $0.06; ours of them $0.009 + (unpriced: the log's $0.05)
    expect(report.usageTotals).toMatchObject({ cost: 0.018, loggedCost: 0.06, loggedDelta: -0.001 });
    const text = formatUsageReport(report);
    expect(text).toMatch(/ logged cost$/m);
    expect(text).toContain(`${formatUsd(0.01)} (-${formatUsd(0.001)})`);
    expect(text).toContain(`the log's own cost (costUSD) of 2 calls: ${formatUsd(0.06)}; ours ${formatUsd(0.059)}, ${formatUsd(0.001)} less (ours is the figure above)`);
    const csv = formatUsageReportCsv(report).split('\r\n');
    expect(csv[0]).toMatch(/,loggedCost,loggedDelta$/);
    expect(csv[1]).toMatch(/,0\.01,-0\.001$/);
  });

  it('adds no column where the log wrote no cost', () => {
    const plain = usageReport({ logs: [log([call('claude-sonnet-4-5', { input: 1000 })])], pricesOn });
    expect(plain.usageTotals).toMatchObject({ loggedCost: null, loggedDelta: null });
    expect(formatUsageReport(plain)).not.toContain('logged');
    expect(formatUsageReportCsv(plain)).not.toContain('loggedCost');
  });
});

describe('--model on a log', () => {
  const calls = [call('claude-imaginary-9', { input: 1000, output: 100 }), call(undefined, { input: 2000 }), call('gpt-4o-mini', { input: 1000 }), call(undefined, {}, { failed: 'API error' })];

  it('prices the calls whose log names no model, or one the catalog lacks, on it, and says so', () => {
    const report = usageReport({ logs: [log(calls)], pricesOn, fallbackModel: requireModel('gpt-4o') });
    // gpt-4o: 1,000 x $2.50 + 100 x $10 = $3,500; 2,000 x $2.50 = $5,000; gpt-4o-mini keeps its own: 1,000 x $0.15 = $150 per 1M
    expect(report.calls.map((row) => [row.cost, row.pricedAs, row.modelAssumed])).toEqual([
      [0.0035, 'gpt-4o', true],
      [0.005, 'gpt-4o', true],
      [0.00015, 'gpt-4o-mini', false],
      [0, null, false],
    ]);
    expect(report.unpriced).toEqual([]);
    expect(report.notes).toEqual(['--model gpt-4o: priced 1 call whose log names no model and 1 call on claude-imaginary-9 (not in the catalog) as gpt-4o, an assumption (the tokens are the log\'s)']);
    expect(formatUsageReport(report)).toMatch(/^1 +claude-imaginary-9 as gpt-4o /m);
  });

  it('never lets a model name from the log drive the terminal through the note', () => {
    const report = usageReport({ logs: [log([call('evil\u001b]0;owned\u0007-9', { input: 10 })])], pricesOn, fallbackModel: requireModel('gpt-4o') });
    expect(report.notes[0]).toContain('\u001b');
    const text = formatUsageReport(report);
    expect(text).toMatch(/^note: --model gpt-4o: priced 1 call on evil.*-9 \(not in the catalog\)/m);
    expect(text).not.toMatch(/[\u001b\u0007]/);
  });

  it('says it priced nothing where every call\'s model is in the catalog', () => {
    const report = usageReport({ logs: [log([calls[2]!])], pricesOn, fallbackModel: requireModel('gpt-4o') });
    expect(report.notes).toEqual(["--model gpt-4o: every call's model is in the catalog and priced as logged; --reprice gpt-4o prices the calls on it"]);
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

describe("a log priced at the user's prices (--price-in, --price-out, --limit)", () => {
  const calls = [
    call('claude-sonnet-4-5-20250929', { input: 10, cacheRead: 5000, cacheWrite1h: 2000, output: 300 }),
    // Above Sonnet's 200k tier at the catalog's prices ($6 / $22.50): the user's one price has no tier.
    call('claude-sonnet-4-5-20250929', { input: 250_000, output: 1000 }),
  ];
  const report = usageReport({ logs: [log(calls)], pricesOn, userPrices: { priceIn: 6, priceOut: 30, limit: 500_000 } });

  it("bills the user's input and output prices, every cache price in the catalog's ratio to input", () => {
    // Twice the catalog's $3 / $15: 10 x $6 + 5,000 x $0.60 + 2,000 x $12 + 300 x $30 = $36,060 per 1M.
    expect(report.calls[0]!.cost).toBe(0.03606);
    // 250,000 x $6 + 1,000 x $30: the user's price, not the long-context tier's.
    expect(report.calls[1]!.cost).toBe(1.53);
    expect(report.userPrices).toEqual({ priceIn: 6, priceOut: 30, limit: 500_000 });
    expect(formatUsageReport(report)).toContain(`spent ${formatUsd(1.56606)} at your prices`);
  });

  it('holds every call against the window given, and says whose prices and window the figures are at', () => {
    expect(report.calls.map((row) => row.contextWindow)).toEqual([500_000, 500_000]);
    expect(report.notes).toEqual([
      "at your prices: --price-in $6, --price-out $30 per 1M tokens for every call priced (cache prices in the catalog's ratio to input, no long-context tier); --reprice prices at the catalog's",
      "context window: --limit 500,000 tokens for every call, yours, not the log's or the catalog's",
    ]);
  });

  it('leaves --reprice at the catalog\'s prices', () => {
    const repriced = usageReport({ logs: [log(calls.slice(0, 1))], pricesOn, userPrices: { priceIn: 6 }, reprice: [requireModel('claude-sonnet-4-5')] });
    expect(repriced.repriced[0]!.cost).toBe(0.01803);
  });
});
