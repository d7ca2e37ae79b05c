import catalogData from './catalog.json' with { type: 'json' };
import type { EncodingName } from './splitPattern.js';

/**
 * A provider whose cache is written and read explicitly (Anthropic): written tokens cost
 * `writeMultiplier` x input, read tokens `readMultiplier` x input. Models without this field but
 * with a cached price follow OpenAI's automatic rule (see promptCache.ts).
 */
export interface WriteReadCacheRule {
  readonly style: 'write-read';
  readonly minTokens: number;
  readonly writeMultiplier: number;
  readonly readMultiplier: number;
  readonly source: string;
}

/** A higher list price for a whole call whose input is above `aboveInputTokens`. */
export interface PriceTier {
  readonly aboveInputTokens: number;
  readonly inputPerMillion: number;
  readonly outputPerMillion: number;
}

/** One model's limits and list prices (USD per 1M tokens), with where they came from. */
export interface ModelEntry {
  readonly id: string;
  readonly encoding: EncodingName;
  readonly contextWindow: number;
  readonly maxOutputTokens: number;
  readonly inputPerMillion: number;
  readonly outputPerMillion: number;
  readonly cachedInputPerMillion?: number;
  readonly promptCache?: WriteReadCacheRule;
  readonly priceTiers?: readonly PriceTier[];
  /** Set where our counts only stand in for the provider's own tokenizer: says why. */
  readonly countsApproximate?: string;
  readonly source: string;
  readonly asOf: string;
}

export interface ModelOverrides {
  readonly limit?: number;
  readonly priceIn?: number;
  readonly priceOut?: number;
}

export const MODELS: readonly ModelEntry[] = catalogData.models as unknown as ModelEntry[];
export const DEFAULT_MODEL_ID = 'gpt-4';

export class UnknownModelError extends Error {
  constructor(readonly modelId: string, readonly nearest: readonly string[]) {
    super(`unknown model "${modelId}"; nearest known: ${nearest.join(', ')} (see: context-accountant models)`);
    this.name = 'UnknownModelError';
  }
}

export function findModel(id: string): ModelEntry | undefined {
  return MODELS.find((model) => model.id === id);
}

/** Looks a model up; an unknown id is an error naming the closest ids, never a silent default. */
export function requireModel(id: string, overrides: ModelOverrides = {}): ModelEntry {
  const model = findModel(id);
  if (!model) throw new UnknownModelError(id, nearestModelIds(id));
  return {
    ...model,
    contextWindow: overrides.limit ?? model.contextWindow,
    inputPerMillion: overrides.priceIn ?? model.inputPerMillion,
    outputPerMillion: overrides.priceOut ?? model.outputPerMillion,
  };
}

export function nearestModelIds(id: string, count = 3): string[] {
  return MODELS.map((model) => ({ id: model.id, distance: editDistance(id.toLowerCase(), model.id) }))
    .sort((a, b) => a.distance - b.distance || a.id.localeCompare(b.id))
    .slice(0, count)
    .map((entry) => entry.id);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
