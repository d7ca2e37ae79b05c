/**
 * `context-accountant/tokenizer`: OpenAI's tokenizers (cl100k_base, o200k_base), exact to tiktoken,
 * in pure JavaScript, alone: no catalog, no strategies, no Ink.
 *
 * @packageDocumentation
 * @module context-accountant/tokenizer
 */
import { loadTokenizer, type EncodingName, type Tokenizer } from '../core/tokenizer.js';

export { loadTokenizer, type EncodingName, type Tokenizer };

/** Counts `text` with an encoding, loading it on first use (once per process). */
export async function countTokens(text: string, encoding: EncodingName = 'o200k_base'): Promise<number> {
  return (await loadTokenizer(encoding)).count(text);
}
