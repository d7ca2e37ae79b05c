import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NO_RANK, type ByteRanks } from '../../src/core/byteRanks.js';
import { createTokenizer, loadRanks, type EncodingName } from '../../src/core/tokenizer.js';
import { oracleEncode, oracleSingleToken } from '../support/oracle.js';

const ENCODINGS: EncodingName[] = ['cl100k_base', 'o200k_base'];

/** Every token's bytes by rank (undefined where no token has the rank). */
function tokenBytes(ranks: ByteRanks): (Uint8Array | undefined)[] {
  const byRank: (Uint8Array | undefined)[] = [];
  for (const [bytes, rank] of ranks.entries()) byRank[rank] = bytes.slice();
  return byRank;
}

function joined(a: Uint8Array, b: Uint8Array, pad: number): Uint8Array {
  const bytes = new Uint8Array(pad + a.length + b.length + 1);
  bytes.set(a, pad);
  bytes.set(b, pad + a.length);
  return bytes;
}

// Chinese, Japanese and Korean from the whole of their blocks (not only common characters), with
// the punctuation that splits prose into pieces, and base64: the classes the pair lookup speeds up.
const cjkChar = fc.oneof(
  fc.integer({ min: 0x4e00, max: 0x9fff }),
  fc.integer({ min: 0x3040, max: 0x30ff }),
  fc.integer({ min: 0xac00, max: 0xd7a3 }),
  fc.constantFrom(0x3001, 0x3002, 0xff0c, 0x20, 0x0a),
);
const cjkProse = fc.array(cjkChar, { minLength: 1, maxLength: 200 }).map((points) => String.fromCodePoint(...points));
const base64 = fc.uint8Array({ minLength: 1, maxLength: 600 }).map((bytes) => Buffer.from(bytes).toString('base64'));

describe('byte ranks: pairs looked up by their parts', () => {
  for (const encoding of ENCODINGS) {
    describe(encoding, () => {
      it('a pair of tokens has the rank OpenAI gives their bytes together, or none', async () => {
        const ranks = (await loadRanks(encoding)).byteRanks();
        const byRank = tokenBytes(ranks);
        const real = byRank.flatMap((bytes, rank) => (bytes ? [rank] : []));
        const token = fc.integer({ min: 0, max: real.length - 1 }).map((i) => real[i]!);
        fc.assert(
          fc.property(token, token, fc.integer({ min: 0, max: 3 }), (left, right, pad) => {
            const a = byRank[left]!;
            const b = byRank[right]!;
            const bytes = joined(a, b, pad);
            const end = pad + a.length + b.length;
            const expected = oracleSingleToken(encoding, bytes.subarray(pad, end)) ?? NO_RANK;
            expect(ranks.pair(left, right, bytes, pad, pad + a.length, end)).toBe(expected);
            expect(ranks.rank(bytes, pad, end)).toBe(expected);
          }),
          { numRuns: 3000 },
        );
      });

      it('every token that splits into two tokens is found from its halves, at every split', async () => {
        const ranks = (await loadRanks(encoding)).byteRanks();
        const byRank = tokenBytes(ranks);
        const wrong: unknown[] = [];
        let splits = 0;
        // Every 7th token: tens of thousands of splits, each from its halves' ranks.
        for (let rank = 0; rank < byRank.length; rank += 7) {
          const bytes = byRank[rank];
          if (!bytes) continue;
          for (let middle = 1; middle < bytes.length; middle++) {
            const left = ranks.rank(bytes, 0, middle);
            const right = ranks.rank(bytes, middle, bytes.length);
            if (left === NO_RANK || right === NO_RANK) continue;
            splits++;
            if (ranks.pair(left, right, bytes, 0, middle, bytes.length) !== rank) wrong.push([rank, middle]);
          }
        }
        expect(splits).toBeGreaterThan(10_000);
        expect(wrong).toEqual([]);
      });

      it('counts and encodes CJK prose and base64 as tiktoken does, on the heap merge and on the linear scan', async () => {
        const tables = await loadRanks(encoding);
        const tokenizers = [createTokenizer(encoding, tables), createTokenizer(encoding, tables, { heapMergeFrom: Infinity, cache: false })];
        fc.assert(
          fc.property(fc.oneof(cjkProse, base64), (text) => {
            const expected = oracleEncode(encoding, text);
            for (const tokenizer of tokenizers) {
              expect(tokenizer.encode(text)).toEqual(expected);
              expect(tokenizer.count(text)).toBe(expected.length);
            }
          }),
          { numRuns: 600 },
        );
      });
    });
  }
});
