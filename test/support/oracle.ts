import { get_encoding, type Tiktoken } from 'tiktoken';
import type { EncodingName } from '../../src/core/tokenizer.js';

const oracles = new Map<EncodingName, Tiktoken>();

/** OpenAI's own tokenizer (its Rust core built to WASM): ordinary text, no special tokens. */
export function oracleEncode(encoding: EncodingName, text: string): number[] {
  let oracle = oracles.get(encoding);
  if (!oracle) {
    oracle = get_encoding(encoding);
    oracles.set(encoding, oracle);
  }
  return Array.from(oracle.encode_ordinary(text));
}
