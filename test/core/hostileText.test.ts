import { describe, expect, it } from 'vitest';
import { loadTokenizer, type EncodingName } from '../../src/core/tokenizer.js';
import { oracleEncode, oracleSingleToken } from '../support/oracle.js';
import { base64Blob, cjkRun, minifiedCode } from '../support/texts.js';

const ENCODINGS: EncodingName[] = ['cl100k_base', 'o200k_base'];

// The inputs that are one huge pre-tokenized piece (or many long ones): quadratic merges freeze on
// them. Sizes are the issue's; the oracle is quadratic too, so these are about as big as CI affords.
const HOSTILE: ReadonlyArray<readonly [string, () => string]> = [
  ['8,000 CJK characters, no spaces', () => cjkRun(8_000)],
  ['20,000 spaces', () => ' '.repeat(20_000)],
  ['20,000 "="', () => '='.repeat(20_000)],
  ['"a" x 16,000', () => 'a'.repeat(16_000)],
  ['a 48 KB base64 blob on one line', () => base64Blob(36_000)],
  ['a base64 blob wrapped at 76 columns', () => base64Blob(12_000, 5, 76)],
  ['20 KB of minified code', () => minifiedCode(20_000)],
  ['a padded report: columns of spaces and dashes', () => `${'-'.repeat(3_000)}\n${`| x${' '.repeat(500)}|`.repeat(20)}`],
];

describe('hostile text', () => {
  for (const encoding of ENCODINGS) {
    describe(encoding, () => {
      it.each(HOSTILE)('%s: counted and encoded exactly as tiktoken does', async (_, make) => {
        const text = make();
        const tokenizer = await loadTokenizer(encoding);
        const expected = oracleEncode(encoding, text);
        expect(tokenizer.encode(text)).toEqual(expected);
        expect(tokenizer.count(text)).toBe(expected.length);
      });

      /*
       * "a" x 1,000,000 is one piece; tiktoken needs ~15 minutes for it here, so it is checked
       * against a closed form instead, proved from the ranks the oracle itself gives "a" x k:
       *
       * The tokens made only of "a" are a^1, a^2, a^3, a^4 and a^8 (checked below up to 1,024 a's;
       * no token is longer than 128 bytes), ranked r2 < r4 < r3 < r8. Every part of the piece is
       * some a^k, and a pair's rank depends only on the sum of its sizes. The merge always takes the
       * lowest rank, so:
       *  1. while any (1,1) pair is left, it merges first (r2 is the lowest rank there is), leftmost
       *     first: the parts become 2,2,...,2 and a trailing 1 if n is odd;
       *  2. then every (2,2) pair (r4 < r3): 4,4,...,4, then a 2 if floor(n/2) is odd, then the 1;
       *  3. then a trailing (2,1) becomes a 3 (r3 < r8), and every (4,4) pair becomes an 8;
       *     no other sum (5, 6, 7, 9, 11, 12, 16, ...) is a token, so nothing else ever merges.
       * So a^n encodes as floor(n/8) x a^8, an a^4 if floor(n/4) is odd, then a^(n mod 4) if not 0.
       */
      it('counts "a" x 1,000,000 exactly, against a closed form derived from the oracle ranks', async () => {
        const a = (k: number) => new TextEncoder().encode('a'.repeat(k));
        const sizes = [];
        for (let k = 1; k <= 1024; k++) if (oracleSingleToken(encoding, a(k)) !== undefined) sizes.push(k);
        expect(sizes).toEqual([1, 2, 3, 4, 8]);
        const [r1, r2, r3, r4, r8] = sizes.map((k) => oracleSingleToken(encoding, a(k))!) as [number, number, number, number, number];
        expect(r2 < r4 && r4 < r3 && r3 < r8).toBe(true);

        const closedForm = (n: number): number[] => {
          const tokens: number[] = new Array(Math.floor(n / 8)).fill(r8);
          if (Math.floor(n / 4) % 2 === 1) tokens.push(r4);
          const tail = [[], [r1], [r2], [r3]][n % 4]!;
          return [...tokens, ...tail];
        };
        // The closed form agrees with the oracle wherever the oracle is quick.
        for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 31, 63, 64, 99, 1_001, 4_006, 4_003]) {
          expect(closedForm(n)).toEqual(oracleEncode(encoding, 'a'.repeat(n)));
        }

        const tokenizer = await loadTokenizer(encoding);
        expect(tokenizer.count('a'.repeat(1_000_000))).toBe(125_000);
        expect(tokenizer.encode('a'.repeat(1_000_006))).toEqual(closedForm(1_000_006));
      });
    });
  }
});
