import { priceUsage, type CallPrice } from './callPricing.js';
import type { ModelEntry } from './catalog.js';
import type { ReportedUsage as LogUsage } from './usage/reportedUsage.js';

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

/** This shape in a log's convention (`input` the uncached part): how `usageReport` and the dashboard's reported calls take it. */
export function asLogUsage(usage: ReportedUsage): LogUsage {
  return {
    input: Math.max(0, usage.inputTokens - usage.cachedTokens - usage.cacheWriteTokens - usage.cacheWrite1hTokens),
    cacheRead: usage.cachedTokens,
    cacheWrite5m: usage.cacheWriteTokens,
    cacheWrite1h: usage.cacheWrite1hTokens,
    output: usage.outputTokens,
    reasoning: usage.reasoningTokens,
  };
}

/**
 * The price of a call the API took, from what it reported: `priceUsage`, the one engine's pricing of
 * reported usage (the tier chosen on the whole prompt, each part at its own rate), over this
 * shape's fields. Only the library's shape lives here; no price is worked out twice.
 */
export function priceReportedUsage(model: ModelEntry, usage: ReportedUsage): ReportedPrice {
  const price = priceUsage(model, asLogUsage(usage));
  const inputCost = price.inputCost + price.cacheReadCost + price.cacheWriteCost;
  return {
    inputTokens: usage.inputTokens,
    cachedTokens: usage.cachedTokens,
    cacheWriteTokens: usage.cacheWriteTokens + usage.cacheWrite1hTokens,
    cacheWrite1hTokens: usage.cacheWrite1hTokens,
    reasoningTokens: usage.reasoningTokens,
    outputTokens: usage.outputTokens,
    inputCost,
    outputCost: price.outputCost,
    cost: inputCost + price.outputCost,
    tier: price.tier,
    refused: false,
  };
}
