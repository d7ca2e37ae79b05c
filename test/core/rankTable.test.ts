import { describe, expect, it } from 'vitest';
import { isPreparedRanks, preparedRanksInSteps, prepareRanks, ranksFromJsTiktoken, ranksFromPrepared, type RankTables } from '../../src/core/rankTable.js';
import { importJsTiktokenRanks, loadTokenizer, rankSource, type EncodingName } from '../../src/core/tokenizer.js';
import { oracleEncode, oracleSingleToken } from '../support/oracle.js';

const ENCODINGS: EncodingName[] = ['cl100k_base', 'o200k_base'];
const TOKENS: Record<EncodingName, number> = { cl100k_base: 100_256, o200k_base: 199_998 };
const utf8 = new TextEncoder();
// A computed path: dist/ exists only after `npm run build` (which `npm test` runs first), not at type-check time.
const BUILT_TOKENIZER = '../../dist/core/tokenizer.js';
const SAMPLE = "Error: Connection Refused\r\n中文字符测试 naïve 👩‍👩‍👧 <|endoftext|> it'ſ \uFEFF\n" + '='.repeat(300);


const byteKeys = (tables: RankTables): Map<string, number> =>
  new Map(Array.from(tables.byteRanks().entries(), ([bytes, rank]) => [String.fromCharCode(...bytes), rank]));

function contents(tables: RankTables) {
  return { text: new Map(tables.text), bytes: byteKeys(tables), maxTokenBytes: tables.maxTokenBytes };
}

describe('rank tables', () => {
  for (const encoding of ENCODINGS) {
    describe(encoding, () => {
      it('every text key and every byte key names the token OpenAI gives those bytes, and every token has one', async () => {
        const tables = ranksFromJsTiktoken(await importJsTiktokenRanks(encoding));
        const wrong: unknown[] = [];
        const covered = new Set<number>();
        for (const [text, rank] of tables.text) {
          covered.add(rank);
          if (oracleSingleToken(encoding, utf8.encode(text)) !== rank) wrong.push(['text', text, rank]);
        }
        const byBytes = new Set<number>();
        const byteRanks = tables.byteRanks();
        for (const [bytes, rank] of byteRanks.entries()) {
          byBytes.add(rank);
          covered.add(rank);
          if (oracleSingleToken(encoding, bytes) !== rank) wrong.push(['bytes', String.fromCharCode(...bytes), rank]);
          // Looked up from inside a longer array, as the merge does.
          const padded = new Uint8Array(bytes.length + 2);
          padded.set(bytes, 1);
          if (byteRanks.rank(padded, 1, bytes.length + 1) !== rank) wrong.push(['lookup', String.fromCharCode(...bytes), rank]);
        }
        expect(wrong).toEqual([]);
        expect(covered.size).toBe(TOKENS[encoding]);
        expect(byBytes.size).toBe(TOKENS[encoding]);
      });

      it('the prepared form written at build time (dist/ranks) holds exactly js-tiktoken ranks', async () => {
        const fromJsTiktoken = contents(ranksFromJsTiktoken(await importJsTiktokenRanks(encoding)));
        const built: { default: unknown } = await import(`../../dist/ranks/${encoding}.js`);
        expect(isPreparedRanks(built.default, encoding)).toBe(true);
        expect(contents(ranksFromPrepared(built.default as never))).toEqual(fromJsTiktoken);
        // And the generator keeps them, whatever is in dist/.
        expect(contents(ranksFromPrepared(prepareRanks(encoding, await importJsTiktokenRanks(encoding))))).toEqual(fromJsTiktoken);
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

  it('builds the prepared table in steps that pause every so many ranks, to the same tables', async () => {
    const prepared = prepareRanks('cl100k_base', await importJsTiktokenRanks('cl100k_base'));
    const steps = preparedRanksInSteps(prepared, 30_000);
    let pauses = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) pauses++;
    // 100,256 ranks in steps of 30,000: paused after 30,000, 60,000 and 90,000.
    expect(pauses).toBe(Math.ceil(prepared.size / 30_000) - 1);
    expect(contents(step.value)).toEqual(contents(ranksFromPrepared(prepared)));
  });

  it('refuses a prepared table for another encoding or another format', async () => {
    const prepared = prepareRanks('cl100k_base', await importJsTiktokenRanks('cl100k_base'));
    expect(isPreparedRanks(prepared, 'cl100k_base')).toBe(true);
    expect(isPreparedRanks(prepared, 'o200k_base')).toBe(false);
    expect(isPreparedRanks({ ...prepared, format: 1 as never }, 'cl100k_base')).toBe(false);
    expect(isPreparedRanks({ ...prepared, byteLengths: prepared.byteLengths.slice(1) }, 'cl100k_base')).toBe(false);
  });
});
