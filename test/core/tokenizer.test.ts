import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTokenizer, loadRanks, loadTokenizer, type EncodingName } from '../../src/core/tokenizer.js';
import { oracleEncode } from '../support/oracle.js';
import { SCRIPT_SAMPLES } from '../support/texts.js';

const ENCODINGS: EncodingName[] = ['cl100k_base', 'o200k_base'];

const VARIED_TEXT = [
  'Hello there.',
  'Here is my log file: Error: Connection Refused Error: Connection Refused ',
  "I'm sure they'll say we've done it, and he'd agree. IT'S DON'T I'LL",
  "long s contractions: it'ſ 'ſ 'S",
  'Crème brûlée, naïve façade, Ångström, ß ẞ',
  'emoji: 👩‍👩‍👧 🚨🚨 ✔️ 🇫🇷',
  '中文字符测试，日本語のテキスト、한국어 문장입니다.',
  'const f = (x: number): number => x ** 2; // code\n\tif (a && b) { return [1, 2, 3]; }',
  'spaces     and\t\ttabs\n\n\n   trailing   ',
  '\r\n\r\nwindows\r\nline ends\r\n',
  's \t\t\uFEFF',
  '\uFEFFbyte order mark at the start',
  '\uFEFF\n',
  'next line\u0085here \u0085\u0085 x',
  'no-break\u00A0space\u2003em\u3000ideographic\u2028line',
  '<|endoftext|> and <|fim_prefix|> and <|endofprompt|> are plain text here',
  '1234567890 3.14159 1,000,000 0x1F',
  'lone surrogate \uD800 here, and a lone low one \uDC00',
  '',
];

const tricky = fc.constantFrom(
  ' ', '\t', '\n', '\r', '\uFEFF', '\u0085', '\u00A0', "'", 's', 'S', 'ſ', 't', 'l', 'L', 'v', 'e',
  'r', 'd', 'm', 'a', '1', '.', '/', 'é', '中', '😀', '\u0301', 'Ω',
);

/** Short strings of every kind: random Unicode, ASCII, the split pattern's edge characters. */
const shortText = fc.oneof(
  fc.array(tricky, { maxLength: 24 }).map((chars) => chars.join('')),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'binary-ascii', maxLength: 80 }),
  fc.string({ maxLength: 60 }),
);

/** Long pieces: one character (or a short motif) repeated, alone or between other text. */
const longRun = fc
  .tuple(
    fc.oneof(fc.constantFrom('a', ' ', '=', '-', '0', '中', 'é', '😀', '\n', 'ab', 'xy=', '한국'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 })),
    fc.integer({ min: 1, max: 400 }),
    fc.string({ maxLength: 8 }),
    fc.string({ maxLength: 8 }),
  )
  .map(([motif, times, before, after]) => before + motif.repeat(times) + after);

/** Runs of many scripts and classes side by side, so pieces cross script boundaries. */
const mixedScripts = fc
  .array(fc.tuple(fc.constantFrom(...SCRIPT_SAMPLES), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 12 })
  .map((runs) => runs.map(([sample, times]) => sample.repeat(times)).join(''));

describe('tokenizer', () => {
  for (const encoding of ENCODINGS) {
    describe(encoding, () => {
      it.each(VARIED_TEXT)('encodes %j exactly as tiktoken does', async (text) => {
        const tokenizer = await loadTokenizer(encoding);
        expect(tokenizer.encode(text)).toEqual(oracleEncode(encoding, text));
        expect(tokenizer.count(text)).toBe(oracleEncode(encoding, text).length);
      });

      it('matches tiktoken on thousands of random strings', async () => {
        const tokenizer = await loadTokenizer(encoding);
        fc.assert(
          fc.property(shortText, (s) => {
            expect(tokenizer.encode(s)).toEqual(oracleEncode(encoding, s));
          }),
          { numRuns: 3000 },
        );
      });

      it('matches tiktoken on long single-class runs and mixed scripts, counting and encoding', async () => {
        const tokenizer = await loadTokenizer(encoding);
        fc.assert(
          fc.property(fc.oneof(longRun, mixedScripts), (s) => {
            const expected = oracleEncode(encoding, s);
            expect(tokenizer.encode(s)).toEqual(expected);
            expect(tokenizer.count(s)).toBe(expected.length);
          }),
          { numRuns: 1500 },
        );
      });

      it('matches tiktoken when every piece of two bytes or more takes the heap merge', async () => {
        const heapOnly = createTokenizer(encoding, await loadRanks(encoding), { heapMergeFrom: 2, cache: false });
        fc.assert(
          fc.property(fc.oneof(shortText, longRun, mixedScripts), (s) => {
            expect(heapOnly.encode(s)).toEqual(oracleEncode(encoding, s));
          }),
          { numRuns: 3000 },
        );
      });

      it('matches tiktoken when every piece takes the linear scan', async () => {
        const linearOnly = createTokenizer(encoding, await loadRanks(encoding), { heapMergeFrom: Infinity, cache: false });
        fc.assert(
          fc.property(fc.oneof(longRun, mixedScripts), (s) => {
            expect(linearOnly.count(s)).toBe(oracleEncode(encoding, s).length);
          }),
          { numRuns: 500 },
        );
      });

      it('counts a text in steps that add up to its whole count', async () => {
        const tokenizer = await loadTokenizer(encoding);
        fc.assert(
          fc.property(fc.oneof(shortText, longRun, mixedScripts), fc.integer({ min: 1, max: 50 }), (s, step) => {
            let tokens = 0;
            let steps = 0;
            for (let start = 0; start < s.length; steps++) {
              const done = tokenizer.countFrom(s, start, step);
              expect(done.end).toBeGreaterThan(start);
              tokens += done.tokens;
              start = done.end;
            }
            expect(tokens).toBe(oracleEncode(encoding, s).length);
            expect(steps).toBeLessThanOrEqual(Math.ceil(s.length / step));
          }),
          { numRuns: 1000 },
        );
      });

      it('counts repeated log lines the same with a tiny cache that keeps evicting', async () => {
        const tiny = createTokenizer(encoding, await loadRanks(encoding), { cache: { maxEntries: 4, maxPieceLength: 16 } });
        const log = Array.from(
          { length: 300 },
          (_, i) => `2026-11-25T18:${String(i % 60).padStart(2, '0')}:00Z ERROR conn-${i % 7} Connection refused: upstream_host_${i % 13}\r\n`,
        ).join('');
        expect(tiny.count(log)).toBe(oracleEncode(encoding, log).length);
        expect(tiny.count(log)).toBe(oracleEncode(encoding, log).length);
      });
    });
  }

  it('loads each encoding once', async () => {
    expect(await loadTokenizer('cl100k_base')).toBe(await loadTokenizer('cl100k_base'));
  });
});

describe('lone surrogates', () => {
  // Text that is not valid UTF-16 is counted as TextEncoder writes it: each lone surrogate as U+FFFD.
  it.each(ENCODINGS)('%s: count as U+FFFD, alone, in words and in long runs', async (encoding) => {
    const tokenizer = await loadTokenizer(encoding);
    for (const text of ['\uD800', '\uDCC3\uDCA9', 'caf\uDCC3\uDCA9', '\uDCE4\uDCB8\uDCAD', ' \uDC80', '\uDCFF'.repeat(40), 'x\uD83D'.repeat(30)]) {
      expect(tokenizer.encode(text)).toEqual(oracleEncode(encoding, text));
      expect(tokenizer.count(text)).toBe(oracleEncode(encoding, text).length);
    }
  });
});
