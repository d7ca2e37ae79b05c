import { describe, expect, it } from 'vitest';
import { ranksFromJsTiktoken, ranksFromPrepared, isPreparedRanks, prepareRanks, type RankTables } from '../../src/core/rankTable.js';
import { importJsTiktokenRanks, loadTokenizer, rankSource, type EncodingName } from '../../src/core/tokenizer.js';
import { oracleEncode, oracleSingleToken } from '../support/oracle.js';

const ENCODINGS: EncodingName[] = ['cl100k_base', 'o200k_base'];
const utf8 = new TextEncoder();
// A computed path: dist/ exists only after `npm run build` (which `npm test` runs first), not at type-check time.
const BUILT_TOKENIZER = '../../dist/core/tokenizer.js';
const SAMPLE = "Error: Connection Refused\r\n中文字符测试 naïve 👩‍👩‍👧 <|endoftext|> it'ſ \uFEFF\n" + '='.repeat(300);

function binaryBytes(binary: string): Uint8Array {
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

function expectSameTables(actual: RankTables, expected: RankTables): void {
  expect(actual.maxTokenBytes).toBe(expected.maxTokenBytes);
  expect(actual.bytes.size).toBe(expected.bytes.size);
  expect(actual.text.size).toBe(expected.text.size);
  for (const [key, rank] of expected.bytes) if (actual.bytes.get(key) !== rank) expect([key, actual.bytes.get(key)]).toEqual([key, rank]);
  for (const [key, rank] of expected.text) if (actual.text.get(key) !== rank) expect([key, actual.text.get(key)]).toEqual([key, rank]);
}

describe('rank tables', () => {
  for (const encoding of ENCODINGS) {
    describe(encoding, () => {
      it('every token key is the token OpenAI names for those bytes, and every text key for its UTF-8', async () => {
        const tables = ranksFromJsTiktoken(await importJsTiktokenRanks(encoding));
        const wrong: unknown[] = [];
        for (const [key, rank] of tables.bytes) if (oracleSingleToken(encoding, binaryBytes(key)) !== rank) wrong.push(['bytes', key, rank]);
        for (const [text, rank] of tables.text) if (oracleSingleToken(encoding, utf8.encode(text)) !== rank) wrong.push(['text', text, rank]);
        expect(wrong).toEqual([]);
        // Most tokens are whole characters; the rest are parts of one and have no text key.
        expect(tables.text.size).toBeGreaterThan(0.95 * tables.bytes.size);
      });

      it('the prepared form written at build time (dist/ranks) holds exactly js-tiktoken ranks', async () => {
        const fromJsTiktoken = ranksFromJsTiktoken(await importJsTiktokenRanks(encoding));
        const built: { default: unknown } = await import(`../../dist/ranks/${encoding}.js`);
        expect(isPreparedRanks(built.default, encoding)).toBe(true);
        expectSameTables(ranksFromPrepared(built.default as never), fromJsTiktoken);
        // And a round trip through the generator keeps them, whatever is in dist/.
        expectSameTables(ranksFromPrepared(prepareRanks(encoding, fromJsTiktoken)), fromJsTiktoken);
      });

      it('the built tokenizer (dist/) loads the prepared table and counts exactly', async () => {
        const built = (await import(BUILT_TOKENIZER)) as typeof import('../../src/core/tokenizer.js');
        const tokenizer = await built.loadTokenizer(encoding);
        expect(built.rankSource(encoding)).toBe('prepared');
        expect(tokenizer.encode(SAMPLE)).toEqual(oracleEncode(encoding, SAMPLE));
      });

      it('the source tokenizer (no prepared table next to it) falls back to js-tiktoken and counts exactly', async () => {
        const tokenizer = await loadTokenizer(encoding);
        expect(rankSource(encoding)).toBe('js-tiktoken');
        expect(tokenizer.encode(SAMPLE)).toEqual(oracleEncode(encoding, SAMPLE));
      });
    });
  }

  it('refuses a prepared table for another encoding or an older format', async () => {
    const prepared = prepareRanks('cl100k_base', ranksFromJsTiktoken(await importJsTiktokenRanks('cl100k_base')));
    expect(isPreparedRanks(prepared, 'cl100k_base')).toBe(true);
    expect(isPreparedRanks(prepared, 'o200k_base')).toBe(false);
    expect(isPreparedRanks({ ...prepared, format: 0 }, 'cl100k_base')).toBe(false);
    expect(isPreparedRanks({ ...prepared, byteLengths: prepared.byteLengths.slice(1) }, 'cl100k_base')).toBe(false);
  });
});
