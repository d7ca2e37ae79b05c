import type { ModelEntry, PriceTier } from './catalog.js';
import { promptOf, type ReportedUsage } from './usage/reportedUsage.js';

/**
 * OpenAI's automatic prompt caching: prompts of 1,024 tokens or more are cached, and a later prompt
 * that starts with the same tokens reads them back in steps of 128 (1,024, 1,152, ...), billed at
 * the model's cached-input price (project reference chat-format-and-prices.md, 2026-11-24).
 */
export const AUTOMATIC_CACHE = { minTokens: 1024, stepTokens: 128 } as const;

const PER_MILLION = 1_000_000;

/** USD per 1M tokens for one call, after its price tier. */
export interface CallRates {
  readonly input: number;
  readonly output: number;
  /** Price of input read from the cache; undefined when the model has none. */
  readonly cacheRead: number | undefined;
  /** Price of input written to the cache (write-read providers only). */
  readonly cacheWrite: number | undefined;
  readonly tier: PriceTier | undefined;
}

export interface CallPrice {
  /** The request's size, billed or not. */
  readonly inputTokens: number;
  /** Input billed at the cache-read price. */
  readonly cachedTokens: number;
  /** Input billed at the cache-write price (write-read providers only). */
  readonly cacheWriteTokens: number;
  readonly outputTokens: number;
  readonly inputCost: number;
  readonly outputCost: number;
  readonly cost: number;
  readonly tier: PriceTier | undefined;
  /**
   * The request is larger than the context window: the API answers `context_length_exceeded` and
   * bills nothing, so every cost and billed token figure above is 0 (`inputTokens` keeps its size).
   */
  readonly refused: boolean;
}

export interface CallToPrice {
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Tokens at the start of this call's input that repeat the previous call's input exactly. */
  readonly prefixTokens: number;
  readonly cache: boolean;
}

/** A request the API accepts: at most the window (`--limit` or the catalog's). The one definition of "over the limit". */
export function exceedsWindow(requestTokens: number, limit: number): boolean {
  return requestTokens > limit;
}

/** Percent of the window a request fills. */
export function windowPercent(requestTokens: number, limit: number): number {
  return (requestTokens / limit) * 100;
}

/** The tier a call of `inputTokens` falls in: the highest threshold it is above, if any. */
export function priceTierFor(model: ModelEntry, inputTokens: number): PriceTier | undefined {
  let chosen: PriceTier | undefined;
  for (const tier of model.priceTiers ?? []) {
    if (inputTokens > tier.aboveInputTokens && (!chosen || tier.aboveInputTokens > chosen.aboveInputTokens)) chosen = tier;
  }
  return chosen;
}

export function callRates(model: ModelEntry, inputTokens: number): CallRates {
  const tier = priceTierFor(model, inputTokens);
  const input = tier?.inputPerMillion ?? model.inputPerMillion;
  const output = tier?.outputPerMillion ?? model.outputPerMillion;
  const rule = model.promptCache;
  if (rule) return { input, output, cacheRead: input * rule.readMultiplier, cacheWrite: input * rule.writeMultiplier, tier };
  // A tier scales the cached price with the input price (no OpenAI model in the catalog has tiers).
  const cacheRead =
    model.cachedInputPerMillion === undefined ? undefined : (model.cachedInputPerMillion * input) / model.inputPerMillion;
  return { input, output, cacheRead, cacheWrite: undefined, tier };
}

/** Whether `--cache` can change anything for this model. */
export function canCache(model: ModelEntry): boolean {
  return model.promptCache !== undefined || model.cachedInputPerMillion !== undefined;
}

/** How much of a call's input is read from, and written to, the cache. */
export function cacheSplit(model: ModelEntry, inputTokens: number, prefixTokens: number): { cached: number; written: number } {
  const prefix = Math.min(prefixTokens, inputTokens);
  const rule = model.promptCache;
  if (rule) {
    if (inputTokens < rule.minTokens) return { cached: 0, written: 0 };
    const cached = prefix >= rule.minTokens ? prefix : 0;
    return { cached, written: inputTokens - cached };
  }
  if (model.cachedInputPerMillion === undefined || prefix < AUTOMATIC_CACHE.minTokens) return { cached: 0, written: 0 };
  return { cached: Math.floor(prefix / AUTOMATIC_CACHE.stepTokens) * AUTOMATIC_CACHE.stepTokens, written: 0 };
}

/**
 * The one pricing engine: what a call bills. A request over `limit` is refused and bills nothing;
 * any other is priced by `quoteCall`. Every surface (ledger views, reports, exports, the dashboard)
 * prices its calls here, through `runStrategy`.
 */
export function priceCall(model: ModelEntry, call: CallToPrice, limit: number): CallPrice {
  if (exceedsWindow(call.inputTokens, limit)) {
    return { ...NOTHING_BILLED, inputTokens: call.inputTokens };
  }
  return quoteCall(model, call);
}

const NOTHING_BILLED: CallPrice = {
  inputTokens: 0,
  cachedTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 0,
  inputCost: 0,
  outputCost: 0,
  cost: 0,
  tier: undefined,
  refused: true,
};

/** What a call would bill if the API took it: input (cached, written or plain), output, at the call's price tier. */
export function quoteCall(model: ModelEntry, call: CallToPrice): CallPrice {
  const rates = callRates(model, call.inputTokens);
  const { cached, written } = call.cache ? cacheSplit(model, call.inputTokens, call.prefixTokens) : { cached: 0, written: 0 };
  const plain = call.inputTokens - cached - written;
  const inputCost =
    cached === 0 && written === 0
      ? (call.inputTokens * rates.input) / PER_MILLION
      : (plain * rates.input + cached * (rates.cacheRead ?? rates.input) + written * (rates.cacheWrite ?? rates.input)) / PER_MILLION;
  const outputCost = (call.outputTokens * rates.output) / PER_MILLION;
  return {
    inputTokens: call.inputTokens,
    cachedTokens: cached,
    cacheWriteTokens: written,
    outputTokens: call.outputTokens,
    inputCost,
    outputCost,
    cost: inputCost + outputCost,
    tier: rates.tier,
    refused: false,
  };
}

/** The input cost of a request that fills the window exactly (the charts' "limit" line). */
export function fullWindowInputCost(model: ModelEntry): number {
  return quoteCall(model, { inputTokens: model.contextWindow, outputTokens: 0, prefixTokens: 0, cache: false }).inputCost;
}

/** USD per 1M tokens for each part of a reported call, after the call's price tier. */
export interface UsageRates {
  readonly input: number;
  readonly cacheRead: number;
  readonly cacheWrite5m: number;
  readonly cacheWrite1h: number;
  readonly output: number;
  readonly tier: PriceTier | undefined;
}

/**
 * The rates a reported call bills at. The tier is chosen by the whole prompt (cache reads and writes
 * included: Anthropic's and Google's rule for prices above 200k). A tier's own cache price wins;
 * without one, the entry's cache price scaled as the tier scales input. A cache price the catalog
 * lacks is the input price (nothing is billed $0 in silence); a missing 1-hour write price is the
 * 5-minute one (the catalog omits it where they are equal). A batch call (`batch`, where the
 * model has a batch price) bills every one of these rates times the batch multiplier.
 */
export function usageRates(model: ModelEntry, promptTokens: number, billing: UsageBilling = {}): UsageRates {
  const listed = listUsageRates(model, promptTokens);
  const discount = billing.batch ? model.batchPrice?.multiplier : undefined;
  if (discount === undefined) return listed;
  const times = (rate: number) => rate * discount;
  return { ...listed, input: times(listed.input), cacheRead: times(listed.cacheRead), cacheWrite5m: times(listed.cacheWrite5m), cacheWrite1h: times(listed.cacheWrite1h), output: times(listed.output) };
}

/** How a reported call was sent: `batch` for a Batch file's line (OpenAI Batch API, Anthropic Message Batches). */
export interface UsageBilling {
  readonly batch?: boolean;
}

function listUsageRates(model: ModelEntry, promptTokens: number): UsageRates {
  const base = callRates(model, promptTokens);
  const tier = base.tier;
  const scale = (price: number | undefined) => (price === undefined || model.inputPerMillion === 0 ? undefined : (price * base.input) / model.inputPerMillion);
  const pick = (tierPrice: number | undefined, entryPrice: number | undefined) => (tier ? tierPrice ?? scale(entryPrice) : entryPrice);
  const cacheRead = pick(tier?.cachedInputPerMillion, model.cachedInputPerMillion) ?? base.cacheRead ?? base.input;
  const cacheWrite5m = pick(tier?.cacheWritePerMillion, model.cacheWritePerMillion) ?? base.cacheWrite ?? base.input;
  const cacheWrite1h = pick(tier?.cacheWrite1hPerMillion, model.cacheWrite1hPerMillion) ?? cacheWrite5m;
  return { input: base.input, cacheRead, cacheWrite5m, cacheWrite1h, output: base.output, tier };
}

/** What a reported call billed at list prices, part by part. */
export interface UsagePrice {
  readonly inputCost: number;
  readonly cacheReadCost: number;
  readonly cacheWriteCost: number;
  readonly outputCost: number;
  readonly cost: number;
  /** The same call with no cache: the whole prompt at the (same tier's) input price. */
  readonly uncachedCost: number;
  readonly tier: PriceTier | undefined;
  /** Billed at the model's batch price (a batch call on a model the catalog has one for). */
  readonly batch: boolean;
}

/**
 * Prices usage a log reported (the tokens are the API's, not ours): each part of the prompt at its
 * own rate, output (reasoning included) at the output rate. The same engine as `quoteCall`: its
 * rates come from `callRates`. A batch call is billed at the model's batch price where the catalog
 * has one, at list price otherwise (`batch` in the result says which).
 */
export function priceUsage(model: ModelEntry, usage: ReportedUsage, billing: UsageBilling = {}): UsagePrice {
  const prompt = promptOf(usage);
  const rates = usageRates(model, prompt, billing);
  const inputCost = (usage.input * rates.input) / PER_MILLION;
  const cacheReadCost = (usage.cacheRead * rates.cacheRead) / PER_MILLION;
  const cacheWriteCost = (usage.cacheWrite5m * rates.cacheWrite5m + usage.cacheWrite1h * rates.cacheWrite1h) / PER_MILLION;
  const outputCost = (usage.output * rates.output) / PER_MILLION;
  const cost = inputCost + cacheReadCost + cacheWriteCost + outputCost;
  const batch = billing.batch === true && model.batchPrice !== undefined;
  return { inputCost, cacheReadCost, cacheWriteCost, outputCost, cost, uncachedCost: (prompt * rates.input) / PER_MILLION + outputCost, tier: rates.tier, batch };
}
