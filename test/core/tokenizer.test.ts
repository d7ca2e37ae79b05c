import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTokenizer, type EncodingName } from '../../src/core/tokenizer.js';
import { oracleEncode } from '../support/oracle.js';

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
  'next line\u0085here \u0085\u0085 x',
  'no-break\u00A0space\u2003em\u3000ideographic\u2028line',
  '<|endoftext|> and <|fim_prefix|> and <|endofprompt|> are plain text here',
  '1234567890 3.14159 1,000,000 0x1F',
  'lone surrogate \uD800 here',
  '',
];

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
        const tricky = fc.constantFrom(
          ' ', '\t', '\n', '\r', '\uFEFF', '\u0085', '\u00A0', "'", 's', 'S', 'ſ', 't', 'l', 'L', 'v', 'e',
          'r', 'd', 'm', 'a', '1', '.', '/', 'é', '中', '😀', '\u0301', 'Ω',
        );
        const text = fc.oneof(
          fc.array(tricky, { maxLength: 24 }).map((chars) => chars.join('')),
          fc.string({ unit: 'grapheme', maxLength: 40 }),
          fc.string({ unit: 'binary', maxLength: 40 }),
          fc.string({ maxLength: 60 }),
        );
        fc.assert(
          fc.property(text, (s) => {
            expect(tokenizer.encode(s)).toEqual(oracleEncode(encoding, s));
          }),
          { numRuns: 3000 },
        );
      });
    });
  }

  it('loads each encoding once', async () => {
    expect(await loadTokenizer('cl100k_base')).toBe(await loadTokenizer('cl100k_base'));
  });
});
