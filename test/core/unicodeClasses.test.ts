import { describe, expect, it } from 'vitest';
import { SPLIT_PATTERNS, V8_OPTIMIZED_PATTERN_LIMIT } from '../../src/core/splitPattern.js';
import { loadTokenizer, type EncodingName, type Tokenizer } from '../../src/core/tokenizer.js';
import { LETTER, MARK, NUMBER, UNICODE_VERSION, WHITE_SPACE } from '../../src/core/unicodeClasses.js';
import { oracleEncode } from '../support/oracle.js';

const ENCODINGS: EncodingName[] = ['cl100k_base', 'o200k_base'];

/**
 * A code point's class shows in the tokens only where it moves a boundary between characters that
 * merge: `'s` is one token, `'` and `s` two; `23` one, `2` and `3` two; `  ` one, ` ` two. So:
 * - `c's`: a letter, number, mark (o200k) or space leaves `'s` whole; anything else takes the `'`;
 * - `1c23`: a number joins the 1 and splits the 23 (`1c2`, `3`);
 * - `x  cy`: a space makes the spaces before it one piece;
 * and the rest put it alone, between spaces, beside letters of both cases and after punctuation.
 */
const EVERY_CLASS: readonly ((c: string) => string)[] = [(c) => `${c}'s`];
const CONTEXTS: readonly ((c: string) => string)[] = [
  (c) => c,
  (c) => `${c}'s`,
  (c) => `1${c}23`,
  (c) => `x  ${c}y`,
  (c) => ` ${c} `,
  (c) => `A${c}b`,
  (c) => `a${c}B`,
  (c) => `.${c}\r\n`,
];

/** Between two code points' contexts: two newlines, which no piece of a context runs into. */
const SEPARATOR = '\n\n';
const CHUNK = 2048;

function hexCodePoint(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Code points whose text (in any of `contexts`) we encode differently from tiktoken. */
function mismatches(tokenizer: Tokenizer, codePoints: readonly number[], contexts: readonly ((c: string) => string)[]): string[] {
  const text = (cp: number) => {
    const c = String.fromCodePoint(cp);
    return contexts.map((context) => context(c) + SEPARATOR).join('');
  };
  const differs = (s: string) => !sameTokens(tokenizer.encode(s), oracleEncode(tokenizer.encoding, s));
  const wrong: string[] = [];
  for (let i = 0; i < codePoints.length; i += CHUNK) {
    const chunk = codePoints.slice(i, i + CHUNK);
    if (differs(chunk.map(text).join(''))) {
      for (const cp of chunk) if (differs(text(cp))) wrong.push(hexCodePoint(cp));
    }
  }
  return wrong;
}

function sameTokens(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((token, i) => token === b[i]);
}

function inRanges(ranges: readonly number[], cp: number): boolean {
  for (let i = 0; i < ranges.length; i += 2) if (cp >= ranges[i]! && cp <= ranges[i + 1]!) return true;
  return false;
}

// Surrogates are not characters (a lone one counts as U+FFFD: test/core/tokenizer.test.ts).
const ALL: number[] = [];
for (let cp = 0; cp <= 0x10ffff; cp++) if (cp < 0xd800 || cp > 0xdfff) ALL.push(cp);

/**
 * Assigned by Node's Unicode (a superset of 16's: assignments are never taken back), or in one of
 * our classes: these get every context. Node's tables only choose what is tested more closely.
 */
const assigned = /[^\p{Cn}\p{Co}]/u;
const isClassed = (cp: number) =>
  assigned.test(String.fromCodePoint(cp)) || [LETTER, NUMBER, MARK, WHITE_SPACE].some((ranges) => inRanges(ranges, cp));
const CLASSED = ALL.filter(isClassed);
/** The rest: unassigned and private-use code points, "other" to every class (CLASSED meet `c's` too). */
const UNCLASSED = ALL.filter((cp) => !isClassed(cp));

describe(`the split pattern's classes (Unicode ${UNICODE_VERSION}, as OpenAI's tokenizer)`, () => {
  for (const encoding of ENCODINGS) {
    it(`${encoding}: every unassigned and private-use code point counts as tiktoken counts it, before 's`, async () => {
      expect(CLASSED.length + UNCLASSED.length).toBe(0x110000 - 0x800);
      const wrong = mismatches(await loadTokenizer(encoding), UNCLASSED, EVERY_CLASS);
      expect(wrong.slice(0, 20)).toEqual([]);
      expect(wrong).toHaveLength(0);
    });

    it(`${encoding}: every assigned code point counts as tiktoken counts it, in ${CONTEXTS.length} contexts`, async () => {
      expect(CLASSED.length).toBeGreaterThan(150_000);
      const wrong = mismatches(await loadTokenizer(encoding), CLASSED, CONTEXTS);
      expect(wrong.slice(0, 20)).toEqual([]);
      expect(wrong).toHaveLength(0);
    });
  }

  it('counts U+323B0 (CJK Extension J, new in Unicode 17) as no letter, as tiktoken does, whatever Node knows', async () => {
    for (const encoding of ENCODINGS) {
      const { count } = await loadTokenizer(encoding);
      expect(count("\u{323B0}'s")).toBe(6);
      expect(count("\u{323B0}'s")).toBe(oracleEncode(encoding, "\u{323B0}'s").length);
    }
  });

  it('keeps both patterns short enough for V8 to compile them optimized', () => {
    for (const encoding of ENCODINGS) expect(SPLIT_PATTERNS[encoding].length).toBeLessThanOrEqual(V8_OPTIMIZED_PATTERN_LIMIT);
  });
});
