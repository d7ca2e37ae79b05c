import { describe, expect, it } from 'vitest';
import { priceUsage, usageRates } from '../../src/core/callPricing.js';
import { findModel, modelOn, requireModel } from '../../src/core/catalog.js';
import { priceReportedUsage } from '../../src/core/reportedUsagePrice.js';
import { NO_USAGE, promptOf } from '../../src/core/usage/reportedUsage.js';

describe('pricing usage a log reported (the one engine: callPricing)', () => {
  const sonnet = requireModel('claude-sonnet-4-5'); // $3 in, $15 out, read $0.30, write 5m $3.75, 1h $6; above 200k $6 / $22.50, read $0.60, 5m $7.50, 1h $12

  it('bills each part of the prompt at its own rate: uncached, cache read, 5-minute and 1-hour writes', () => {
    const usage = { ...NO_USAGE, input: 1_000, cacheRead: 10_000, cacheWrite5m: 2_000, cacheWrite1h: 4_000, output: 500, reasoning: 0 };
    const price = priceUsage(sonnet, usage);
    // 1,000 x $3 = $0.003; 10,000 x $0.30 = $0.003; 2,000 x $3.75 + 4,000 x $6 = $0.0075 + $0.024 = $0.0315; 500 x $15 = $0.0075
    expect(price.inputCost).toBeCloseTo(0.003, 12);
    expect(price.cacheReadCost).toBeCloseTo(0.003, 12);
    expect(price.cacheWriteCost).toBeCloseTo(0.0315, 12);
    expect(price.outputCost).toBeCloseTo(0.0075, 12);
    expect(price.cost).toBeCloseTo(0.045, 12);
    // No cache: 17,000 x $3 = $0.051, + $0.0075 output = $0.0585
    expect(price.uncachedCost).toBeCloseTo(0.0585, 12);
    expect(price.tier).toBeUndefined();
  });

  it('puts a call whose whole prompt (cache included) is above 200k in the higher tier, cache prices too', () => {
    // 1,000 uncached + 200,000 read = 201,000 > 200,000: the tier applies though `input` alone is small.
    const usage = { ...NO_USAGE, input: 1_000, cacheRead: 200_000, cacheWrite1h: 0, output: 1_000 };
    expect(promptOf(usage)).toBe(201_000);
    const price = priceUsage(sonnet, usage);
    // 1,000 x $6 = $0.006; 200,000 x $0.60 = $0.12; 1,000 x $22.50 = $0.0225; total $0.1485
    expect(price.tier?.aboveInputTokens).toBe(200_000);
    expect(price.cost).toBeCloseTo(0.1485, 12);
    expect(usageRates(sonnet, 201_000)).toMatchObject({ cacheWrite5m: 7.5, cacheWrite1h: 12 });
    // Exactly 200,000 is not above the threshold: base prices (200,000 x $0.30 = $0.06).
    expect(priceUsage(sonnet, { ...NO_USAGE, cacheRead: 200_000 }).cost).toBeCloseTo(0.06, 12);
  });

  it('reads OpenAI cached input at the cached price, and bills reasoning as output (already inside output)', () => {
    const gpt51 = requireModel('gpt-5.1'); // $1.25 in, $0.125 cached, $10 out
    const price = priceUsage(gpt51, { ...NO_USAGE, input: 2_000, cacheRead: 8_000, output: 1_200, reasoning: 800 });
    // 2,000 x $1.25 = $0.0025; 8,000 x $0.125 = $0.001; 1,200 x $10 = $0.012 (the 800 reasoning are inside the 1,200)
    expect(price.cost).toBeCloseTo(0.0155, 12);
    // Caching saved 8,000 x ($1.25 - $0.125) = $0.009
    expect(price.uncachedCost - price.cost).toBeCloseTo(0.009, 12);
  });

  it('bills a cache read at the input price where the catalog has no cached price (gpt-4)', () => {
    const gpt4 = requireModel('gpt-4'); // $30 in
    // 1,000 x $30 = $0.03: never $0 for tokens the catalog cannot price apart
    expect(priceUsage(gpt4, { ...NO_USAGE, cacheRead: 1_000 }).cost).toBeCloseTo(0.03, 12);
  });
});

describe('the Batch price (catalogOverrides.json batch)', () => {
  it('halves every rate of a Batch call on a model the catalog has a batch price for, and says so', () => {
    const mini = requireModel('gpt-4o-mini'); // $0.15 in, $0.075 cached, $0.60 out
    expect(mini.batchPrice).toMatchObject({ multiplier: 0.5, asOf: '2026-12-02' });
    expect(mini.batchPrice!.source).toMatch(/OpenAI Batch API/);
    const usage = { ...NO_USAGE, input: 1_000, cacheRead: 2_048, output: 400 };
    // List: 1,000 x $0.15 + 2,048 x $0.075 + 400 x $0.60 = $543.60 per 1M; Batch: half, $271.80
    expect(priceUsage(mini, usage)).toMatchObject({ batch: false });
    expect(priceUsage(mini, usage).cost).toBeCloseTo(0.0005436, 12);
    const batch = priceUsage(mini, usage, { batch: true });
    expect(batch.batch).toBe(true);
    expect(batch.cost).toBeCloseTo(0.0002718, 12);
    expect(usageRates(mini, 3_048, { batch: true })).toMatchObject({ input: 0.075, cacheRead: 0.0375, output: 0.3 });
  });

  it('halves Anthropic cache writes and reads too, and the tier a large prompt is in', () => {
    const sonnet = requireModel('claude-sonnet-4-5');
    expect(sonnet.batchPrice?.source).toMatch(/Anthropic Message Batches/);
    // Above 200k: $6 in, $0.60 read, $12 1h write, $22.50 out, halved:
    // 1,000 x 3 + 200,000 x 0.30 + 10,000 x 6 + 1,000 x 11.25 = $134,250 per 1M
    const price = priceUsage(sonnet, { ...NO_USAGE, input: 1_000, cacheRead: 200_000, cacheWrite1h: 10_000, output: 1_000 }, { batch: true });
    expect(price.tier?.aboveInputTokens).toBe(200_000);
    expect(price.cost).toBeCloseTo(0.13425, 12);
  });

  it('bills a Batch call at list price on a model without a batch price', () => {
    const gemini = requireModel('gemini-2.5-pro');
    expect(gemini.batchPrice).toBeUndefined();
    const usage = { ...NO_USAGE, input: 1_000, output: 100 };
    expect(priceUsage(gemini, usage, { batch: true })).toMatchObject({ batch: false, cost: priceUsage(gemini, usage).cost });
  });

  it('keeps the batch price on a model priced on a past day', () => {
    expect(modelOn(requireModel('claude-opus-4-6'), new Date('2026-02-20T10:00:00Z')).batchPrice?.multiplier).toBe(0.5);
  });
});

describe('the library books reported usage at the same price as a log report', () => {
  it("prices the guard's usage shape through priceUsage: tier, cache reads, 5-minute and 1-hour writes", () => {
    const sonnet = findModel('claude-sonnet-4-5')!;
    // 250k prompt tokens in all: above the 200k tier, so every part is at the tier's own rate.
    const usage = { input: 40_000, cacheRead: 150_000, cacheWrite5m: 40_000, cacheWrite1h: 20_000, output: 2_000, reasoning: 500 };
    const logged = priceUsage(sonnet, usage);
    const booked = priceReportedUsage(sonnet, {
      inputTokens: 250_000,
      cachedTokens: 150_000,
      cacheWriteTokens: 40_000,
      cacheWrite1hTokens: 20_000,
      outputTokens: 2_000,
      reasoningTokens: 500,
    });
    expect(booked.cost).toBeCloseTo(logged.cost, 12);
    expect(booked.tier).toEqual(logged.tier);
    // Tier: $6 in, $0.60 read, $7.50 5m write, $12 1h write, $22.50 out per 1M:
    // 40,000 x 6 + 150,000 x 0.6 + 40,000 x 7.5 + 20,000 x 12 + 2,000 x 22.5 = $915,000 per 1M
    expect(booked.cost).toBeCloseTo(0.915, 12);
  });
});
