import type { ModelEntry } from '../core/catalog.js';
import type { Tokenizer } from '../core/tokenizer.js';

export interface CountReport {
  readonly model: string;
  readonly encoding: string;
  readonly tokens: number;
}

/** Tokens of raw text, as ordinary text (no chat framing). */
export function countReport(model: ModelEntry, tokenizer: Tokenizer, text: string): CountReport {
  return { model: model.id, encoding: model.encoding, tokens: tokenizer.count(text) };
}
