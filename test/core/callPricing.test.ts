import { describe, expect, it } from 'vitest';
import { cacheSplit, priceCall, quoteCall } from '../../src/core/callPricing.js';
import { requireModel } from '../../src/core/catalog.js';
import { LESSON_MESSAGES } from '../../src/core/lesson.js';
import { runStrategy, type StrategyRun } from '../../src/core/strategies/index.js';
import { loadTokenizer } from '../../src/core/tokenizer.js';
import { oracleEncode } from '../support/oracle.js';

const replies = (run: StrategyRun) => run.steps.flatMap((step) => step.calls).filter((call) => call.kind === 'reply');

describe('prompt caching, OpenAI rule (gpt-4o: $2.50 input, $1.25 cached, per 1M)', () => {
  const gpt4o = requireModel('gpt-4o');

  it('reads a repeated prefix of 1,024 tokens or more back in steps of 128', () => {
    expect(cacheSplit(gpt4o, 5000, 1023)).toEqual({ cached: 0, written: 0 });
    expect(cacheSplit(gpt4o, 5000, 1024)).toEqual({ cached: 1024, written: 0 });
    expect(cacheSplit(gpt4o, 5000, 1151)).toEqual({ cached: 1024, written: 0 });
    expect(cacheSplit(gpt4o, 5000, 4000)).toEqual({ cached: 3968, written: 0 }); // 31 x 128
  });

  it('bills the cached part at the cached price, the rest at the input price', () => {
    const price = quoteCall(gpt4o, { inputTokens: 5000, outputTokens: 100, prefixTokens: 4000, cache: true });
    // 1,032 x $2.50 + 3,968 x $1.25 = $7,540 per 1M input; 100 x $10 output.
    expect(price.inputCost).toBeCloseTo(0.00754, 15);
    expect(price.outputCost).toBeCloseTo(0.001, 15);
    expect(quoteCall(gpt4o, { inputTokens: 5000, outputTokens: 100, prefixTokens: 4000, cache: false }).inputCost).toBeCloseTo(0.0125, 15);
  });

  it('changes nothing for a model without a cached price (gpt-4)', () => {
    const gpt4 = requireModel('gpt-4');
    const cached = quoteCall(gpt4, { inputTokens: 5000, outputTokens: 0, prefixTokens: 4000, cache: true });
    expect(cached.inputCost).toBe(quoteCall(gpt4, { inputTokens: 5000, outputTokens: 0, prefixTokens: 4000, cache: false }).inputCost);
  });
});

describe('prompt caching, write-read rule (claude-sonnet-4-5: $3 input, write 1.25x, read 0.1x)', () => {
  const claude = requireModel('claude-sonnet-4-5');

  it('writes the whole prompt the first time, then reads the repeated prefix and writes the rest', () => {
    // 5,000 x $3.75 = $18,750 per 1M.
    expect(quoteCall(claude, { inputTokens: 5000, outputTokens: 0, prefixTokens: 0, cache: true }).inputCost).toBeCloseTo(0.01875, 15);
    // 4,000 x $0.30 + 1,000 x $3.75 = $4,950 per 1M.
    const second = quoteCall(claude, { inputTokens: 5000, outputTokens: 0, prefixTokens: 4000, cache: true });
    expect(second).toMatchObject({ cachedTokens: 4000, cacheWriteTokens: 1000 });
    expect(second.inputCost).toBeCloseTo(0.00495, 15);
  });

  it('caches nothing below 1,024 tokens', () => {
    const small = quoteCall(claude, { inputTokens: 900, outputTokens: 0, prefixTokens: 800, cache: true });
    expect(small).toMatchObject({ cachedTokens: 0, cacheWriteTokens: 0 });
    expect(small.inputCost).toBeCloseTo((900 * 3) / 1e6, 15);
  });

  it('bills a whole call above 200,000 input tokens at the higher tier: $6 input, $22.50 output', () => {
    const above = quoteCall(claude, { inputTokens: 250_000, outputTokens: 100, prefixTokens: 0, cache: false });
    expect(above.cost).toBeCloseTo((250_000 * 6 + 100 * 22.5) / 1e6, 12);
    expect(above.tier?.aboveInputTokens).toBe(200_000);
    const at = quoteCall(claude, { inputTokens: 200_000, outputTokens: 100, prefixTokens: 0, cache: false });
    expect(at.cost).toBeCloseTo((200_000 * 3 + 100 * 15) / 1e6, 12);
  });
});

describe('refused calls: a request over the window bills nothing', () => {
  const claude = requireModel('claude-sonnet-4');

  it('refuses a request one token over the window, and takes one that fills it exactly', () => {
    const over = priceCall(claude, { inputTokens: 200_001, outputTokens: 100, prefixTokens: 0, cache: false }, 200_000);
    expect(over).toMatchObject({ refused: true, cost: 0, inputCost: 0, outputCost: 0, outputTokens: 0, cachedTokens: 0, inputTokens: 200_001 });
    const fits = priceCall(claude, { inputTokens: 200_000, outputTokens: 100, prefixTokens: 0, cache: false }, 200_000);
    expect(fits.refused).toBe(false);
    expect(fits.cost).toBeCloseTo((200_000 * 3 + 100 * 15) / 1e6, 12);
  });

  it('prices a call above the 200k tier when --limit lets the API take it', () => {
    const call = { inputTokens: 250_000, outputTokens: 100, prefixTokens: 0, cache: false };
    expect(priceCall(claude, call, 1_000_000)).toEqual(quoteCall(claude, call));
    expect(priceCall(claude, call, 200_000).cost).toBe(0);
  });

  it('bills nothing for calls over the window, caches nothing, and still quotes the next call', async () => {
    const { count } = await loadTokenizer('o200k_base');
    // gpt-4o at 10,000 tokens: the lesson's log (10,021 tokens with the hello) is over it.
    const model = requireModel('gpt-4o', { limit: 10_000 });
    const run = runStrategy({ messages: LESSON_MESSAGES, model, count, strategy: 'keep-all', cache: true });
    const calls = replies(run);
    expect(calls.length).toBe(5);
    expect(calls.every((call) => call.refused && call.cost === 0)).toBe(true);
    expect(run.totals).toMatchObject({ refusedCalls: 5, cumulativeCost: 0, inputTokens: 0, cachedTokens: 0 });
    // What the next call would bill is still shown: the price of the request the API refuses.
    expect(run.steps.at(-1)!.nextCallCost).toBeGreaterThan(0.02);
  });
});

describe('caching a conversation', () => {
  async function lesson(strategy: StrategyRun['strategy'], cache: boolean) {
    const { count } = await loadTokenizer('o200k_base');
    return runStrategy({ messages: LESSON_MESSAGES, model: requireModel('gpt-4o'), count, strategy, cache });
  }

  it("cuts the pasted log's price but not its place in the window", async () => {
    const [plain, cached] = [await lesson('keep-all', false), await lesson('keep-all', true)];
    expect(cached.steps.map((s) => s.usedTokens)).toEqual(plain.steps.map((s) => s.usedTokens));
    expect(cached.totals.peakTokens).toBe(plain.totals.peakTokens);
    // Every cached token costs $1.25 less per 1M; four of the five replies reuse the log.
    expect(cached.totals.cachedTokens).toBeGreaterThan(4 * 9000);
    expect(cached.totals.cumulativeCost).toBeCloseTo(plain.totals.cumulativeCost - (cached.totals.cachedTokens * 1.25) / 1e6, 12);
    // The first reply has nothing cached; the second reads the first prompt's messages (not its 3 priming tokens).
    const [first, second] = replies(cached);
    expect(first!.cachedTokens).toBe(0);
    const hello = 3 + oracleEncode('o200k_base', 'user').length + oracleEncode('o200k_base', 'Hello there.').length;
    const log = 3 + oracleEncode('o200k_base', 'user').length + oracleEncode('o200k_base', LESSON_MESSAGES[1]!.content as string).length;
    expect(first!.inputTokens).toBe(3 + hello + log);
    expect(second!.cachedTokens).toBe(Math.floor((hello + log) / 128) * 128);
  });

  it('loses the cached prefix when an early message changes: evicting the log leaves only "Hello there." in common', async () => {
    const evicted = replies(await lesson('evict-large', true));
    expect(evicted[1]!.cachedTokens).toBeGreaterThan(9000); // the log is still sent and cached
    expect(evicted[2]!.cachedTokens).toBe(0); // after it is removed, the common prefix is one short message
    expect(evicted[3]!.cachedTokens).toBe(0); // and the prompts are now under 1,024 tokens
  });
});
