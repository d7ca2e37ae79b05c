import type { ModelEntry } from './catalog.js';

/**
 * Where a model's tokenizer is not one we ship (Claude, Gemini, open-weight models served by
 * others), every count and price is an estimate: reports carry `estimate: true` in JSON and say so
 * in text, so that no surface shows a stand-in's figure as the billed one.
 */
export function estimateFields(model: Pick<ModelEntry, 'estimate'>): { readonly estimate?: true } {
  return model.estimate ? { estimate: true } : {};
}

/** The line text outputs print under an estimated report. */
export const ESTIMATE_LINE = 'estimate: tokens and prices are counted with a stand-in tokenizer, not the provider\'s (see: context-accountant models)';
