import { get_encoding, type Tiktoken } from 'tiktoken';
import type { EncodingName, TokenizerName } from '../../src/core/tokenizer.js';

const oracles = new Map<EncodingName, Tiktoken>();

/** tiktoken knows OpenAI's encodings only: the open-weight families have their own checks (openWeight.test.ts). */
function oracle(name: TokenizerName): Tiktoken {
  if (name !== 'cl100k_base' && name !== 'o200k_base') throw new Error(`tiktoken has no ${name}`);
  const encoding: EncodingName = name;
  let found = oracles.get(encoding);
  if (!found) {
    found = get_encoding(encoding);
    oracles.set(encoding, found);
  }
  return found;
}

/** OpenAI's own tokenizer (its Rust core built to WASM): ordinary text, no special tokens. */
export function oracleEncode(encoding: TokenizerName, text: string): number[] {
  return Array.from(oracle(encoding).encode_ordinary(text));
}

/** The rank OpenAI's tokenizer gives these exact bytes as one token, or undefined if they are not one. */
export function oracleSingleToken(encoding: TokenizerName, bytes: Uint8Array): number | undefined {
  try {
    return oracle(encoding).encode_single_token(bytes);
  } catch {
    return undefined;
  }
}
