/**
 * The pre-tokenizer split patterns of OpenAI's Rust tokenizer, written for JavaScript's `u` regexes.
 *
 * Every class is spelled out as code point ranges (src/core/unicodeClasses.ts, generated from the
 * Unicode 16 data of the Rust regex crate in OpenAI's tokenizer). JavaScript's `\p{L}`, `\p{N}`,
 * `\p{M}`... follow the ICU that Node was built with, so the same text would count differently on
 * Node builds of different Unicode versions. For the same reason `\s` is Rust's, White_Space: it
 * leaves out U+FEFF and includes U+0085, unlike JavaScript's. And js-tiktoken's case-insensitive
 * contractions miss `'ſ` (long s folds to s in Rust's `(?i:...)`), so they are written out here.
 */
import {
  LETTER,
  LOWERCASE_LETTER,
  MARK,
  MODIFIER_LETTER,
  NUMBER,
  OTHER_LETTER,
  TITLECASE_LETTER,
  UPPERCASE_LETTER,
  WHITE_SPACE,
} from './unicodeClasses.js';

export type EncodingName = 'cl100k_base' | 'o200k_base';

/**
 * V8 compiles a regex whose source is longer than 20 KB (kRegExpTooLargeToOptimize) without its
 * optimizations, which makes splitting about ten times slower. The classes are therefore written
 * with the characters themselves (not `\u{...}` escapes) and merged, and each is used as few times
 * as the pattern allows; test/core/unicodeClasses.test.ts keeps both patterns under the limit.
 */
export const V8_OPTIMIZED_PATTERN_LIMIT = 20 * 1024;

/** Sorted, merged [first, last] pairs of the union of flat pair lists. */
export function unionRanges(...sets: readonly (readonly number[])[]): number[] {
  const pairs: [number, number][] = [];
  for (const set of sets) for (let i = 0; i < set.length; i += 2) pairs.push([set[i]!, set[i + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  const merged: number[] = [];
  for (const [first, last] of pairs) {
    const end = merged.length - 1;
    if (end > 0 && first <= merged[end]! + 1) merged[end] = Math.max(merged[end]!, last);
    else merged.push(first, last);
  }
  return merged;
}

/** One code point inside a character class: ASCII other than letters and digits escaped, the rest literal. */
function classAtom(codePoint: number): string {
  if (codePoint < 0x80 && !/[A-Za-z0-9]/.test(String.fromCharCode(codePoint))) return `\\x${codePoint.toString(16).padStart(2, '0')}`;
  return String.fromCodePoint(codePoint);
}

/** A character class (`[...]`, or `[^...]` when `negated`) of the union of `sets`. */
function charClass(sets: readonly (readonly number[])[], negated = false): string {
  const ranges = unionRanges(...sets);
  let body = '';
  for (let i = 0; i < ranges.length; i += 2) {
    const first = ranges[i]!;
    const last = ranges[i + 1]!;
    body += classAtom(first);
    if (last === first + 1) body += classAtom(last);
    else if (last > first) body += `-${classAtom(last)}`;
  }
  return `[${negated ? '^' : ''}${body}]`;
}

const CR_LF = [0x0a, 0x0a, 0x0d, 0x0d];
const S = charClass([WHITE_SPACE]);
const NOT_S = charClass([WHITE_SPACE], true);
const L = charClass([LETTER]);
const N = charClass([NUMBER]);
/** Any character but CR, LF, a letter or a number. */
const NOT_CRLF_L_N = charClass([CR_LF, LETTER, NUMBER], true);
/** Any character but whitespace, a letter or a number. */
const NOT_S_L_N = charClass([WHITE_SPACE, LETTER, NUMBER], true);
const CONTRACTIONS = "'(?:[sSſdDmMtT]|[lL][lL]|[vV][eE]|[rR][eE])";
const UPPER = charClass([UPPERCASE_LETTER, TITLECASE_LETTER, MODIFIER_LETTER, OTHER_LETTER, MARK]);
const LOWER = charClass([LOWERCASE_LETTER, MODIFIER_LETTER, OTHER_LETTER, MARK]);
const WHITESPACE_TAIL = `${S}*[\\r\\n]+|${S}+(?!${NOT_S})|${S}+`;

const CL100K = [
  CONTRACTIONS,
  `${NOT_CRLF_L_N}?${L}+`,
  `${N}{1,3}`,
  ` ?${NOT_S_L_N}+[\\r\\n]*`,
  WHITESPACE_TAIL,
].join('|');

/**
 * OpenAI's second alternative is `...?UPPER+LOWER*(?:contraction)?`. It is tried only where the
 * first (`...?UPPER*LOWER+...`) failed at the same place, and that happens only when no character
 * of the run of UPPER, nor the one after it, is in LOWER: so there its LOWER* always matches
 * nothing, and leaving it out gives the same pieces with one class fewer (see the limit above).
 */
const O200K = [
  `${NOT_CRLF_L_N}?${UPPER}*${LOWER}+(?:${CONTRACTIONS})?`,
  `${NOT_CRLF_L_N}?${UPPER}+(?:${CONTRACTIONS})?`,
  `${N}{1,3}`,
  ` ?${NOT_S_L_N}+[\\r\\n/]*`,
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
