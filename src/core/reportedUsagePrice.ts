import { callRates, type CallPrice } from './callPricing.js';
import type { ModelEntry } from './catalog.js';

/**
 * What an API reported a call used, in one shape for every provider (the library's `readUsage`
 * maps the OpenAI and Anthropic shapes onto it). `inputTokens` is every input token the call
 * read, cached and written ones included, so that the price tier is chosen on the whole request.
 */
export interface ReportedUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Input read from the prompt cache. */
  readonly cachedTokens: number;
  /** Input written to the cache at the 5-minute (default) price. */
  readonly cacheWriteTokens: number;
  /** Input written to the cache kept 1 hour (Anthropic's `ephemeral_1h_input_tokens`). */
  readonly cacheWrite1hTokens: number;
  /** Output tokens spent reasoning (already inside `outputTokens`, billed as output). */
  readonly reasoningTokens: number;
}

export interface ReportedPrice extends CallPrice {
  readonly cacheWrite1hTokens: number;
  readonly reasoningTokens: number;
}

const PER_MILLION = 1_000_000;
/** Anthropic bills a 1-hour cache write at twice the input price where the table has no figure of its own. */
const ONE_HOUR_WRITE_MULTIPLIER = 2;

/**
 * The price of a call the API took, from what it reported: the rates are `callRates`' (the one
 * engine's price tier and cache prices); a 1-hour cache write, which `quoteCall` never simulates,
 * is priced from the table's own 1-hour figure. Kept apart from callPricing.ts so that a later
 * pricing of reported usage there can replace it in one place.
 */
export function priceReportedUsage(model: ModelEntry, usage: ReportedUsage): ReportedPrice {
  const rates = callRates(model, usage.inputTokens);
  const tier = rates.tier;
  // A provider without a cache-write price (OpenAI) bills written input as input.
  const writeRate = rates.cacheWrite ?? rates.input;
  const write1hRate = (tier ? tier.cacheWrite1hPerMillion : model.cacheWrite1hPerMillion) ?? rates.input * ONE_HOUR_WRITE_MULTIPLIER;
  const readRate = rates.cacheRead ?? rates.input;
  const plain = Math.max(0, usage.inputTokens - usage.cachedTokens - usage.cacheWriteTokens - usage.cacheWrite1hTokens);
  const inputCost =
    (plain * rates.input + usage.cachedTokens * readRate + usage.cacheWriteTokens * writeRate + usage.cacheWrite1hTokens * write1hRate) / PER_MILLION;
  const outputCost = (usage.outputTokens * rates.output) / PER_MILLION;
  return {
    inputTokens: usage.inputTokens,
    cachedTokens: usage.cachedTokens,
    cacheWriteTokens: usage.cacheWriteTokens + usage.cacheWrite1hTokens,
    cacheWrite1hTokens: usage.cacheWrite1hTokens,
    reasoningTokens: usage.reasoningTokens,
    outputTokens: usage.outputTokens,
    inputCost,
    outputCost,
    cost: inputCost + outputCost,
    tier,
    refused: false,
  };
}
