/**
 * The pre-tokenizer split patterns of OpenAI's Rust tokenizer, written for JavaScript's `u` regexes.
 *
 * js-tiktoken ships a translation whose `\s` is JavaScript's (it includes U+FEFF and leaves out U+0085)
 * and whose case-insensitive contractions miss `'ſ` (long s folds to s in Rust's `(?i:...)`). Both change
 * counts, so the whitespace class here is Unicode White_Space spelled out, as Rust's `\s` is.
 */
export type EncodingName = 'cl100k_base' | 'o200k_base';

const WHITE_SPACE = '\\t-\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';
const S = `[${WHITE_SPACE}]`;
const NOT_S = `[^${WHITE_SPACE}]`;
const CONTRACTIONS = "'(?:[sSſdDmMtT]|[lL][lL]|[vV][eE]|[rR][eE])";
const UPPER = '[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]';
const LOWER = '[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]';
const WHITESPACE_TAIL = `${S}*[\\r\\n]+|${S}+(?!${NOT_S})|${S}+`;

const CL100K = [
  CONTRACTIONS,
  '[^\\r\\n\\p{L}\\p{N}]?\\p{L}+',
  '\\p{N}{1,3}',
  ` ?[^${WHITE_SPACE}\\p{L}\\p{N}]+[\\r\\n]*`,
  WHITESPACE_TAIL,
].join('|');

const O200K = [
  `[^\\r\\n\\p{L}\\p{N}]?${UPPER}*${LOWER}+(?:${CONTRACTIONS})?`,
  `[^\\r\\n\\p{L}\\p{N}]?${UPPER}+${LOWER}*(?:${CONTRACTIONS})?`,
  '\\p{N}{1,3}',
  ` ?[^${WHITE_SPACE}\\p{L}\\p{N}]+[\\r\\n/]*`,
  WHITESPACE_TAIL,
].join('|');

export const SPLIT_PATTERNS: Readonly<Record<EncodingName, string>> = {
  cl100k_base: CL100K,
  o200k_base: O200K,
};

/** A fresh global regex (regexes with `g` carry `lastIndex`, so callers never share one). */
export function splitRegex(encoding: EncodingName): RegExp {
  return new RegExp(SPLIT_PATTERNS[encoding], 'gu');
}
