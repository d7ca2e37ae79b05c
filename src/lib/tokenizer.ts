/**
 * `context-accountant/tokenizer`: OpenAI's tokenizers (cl100k_base, o200k_base), exact to tiktoken,
 * and the open-weight families (llama3, qwen, gemma3, deepseek_v3), exact to their published
 * tokenizers, each loaded on first use; in pure JavaScript, alone: no catalog, no strategies, no Ink.
 *
 * @packageDocumentation
 * @module context-accountant/tokenizer
 */
import { loadTokenizer, type EncodingName, type Tokenizer, type TokenizerName } from '../core/tokenizer.js';

export { loadTokenizer, type EncodingName, type Tokenizer, type TokenizerName };

/** Counts `text` with an encoding, loading it on first use (once per process). */
export async function countTokens(text: string, encoding: TokenizerName = 'o200k_base'): Promise<number> {
  return (await loadTokenizer(encoding)).count(text);
}
