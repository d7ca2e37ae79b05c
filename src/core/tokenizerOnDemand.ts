import type { SteppingTokenizer, TokenizerName } from './tokenizer.js';

/**
 * `loadTokenizer`, with the tokenizer's own modules loaded by the first call rather than by the
 * program's start: building the split patterns from the Unicode tables costs tens of milliseconds,
 * and the dashboard draws its first frame before any encoder is loaded (it shows "loading...").
 * Every command imports this; only the library and the count worker, which always count, import
 * tokenizer.js itself.
 */
export async function loadTokenizer(encoding: TokenizerName): Promise<SteppingTokenizer> {
  const { loadTokenizer: load } = await import('./tokenizer.js');
  return load(encoding);
}
