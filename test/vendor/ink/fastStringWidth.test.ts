import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
// Ink's own files, by the paths Ink loads them from: src/vendor/ink/'s copies are swapped in
// (scripts/ink-vendor.mjs). Stock Ink's output.js has no fastStringWidth, so these fail without the swap.
import * as inkOutput from '../../../node_modules/ink/build/output.js';
import measureText from '../../../node_modules/ink/build/measure-text.js';
import type * as VendoredOutput from '../../../src/vendor/ink/output.js';

const { fastStringWidth } = inkOutput as unknown as typeof VendoredOutput;

// What a dashboard frame holds, and every kind of character that joins its neighbours into one
// grapheme or that string-width measures apart: the fast path must give string-width's answer or
// hand the text to it.
const PIECES = [
  'a', ' ', '#', '9', '·', '█', '░', '┄', '─', '╭', '│', '▶', '↑', '…', '€', 'é', 'ß', 'Ж', 'ع', 'א',
  '中', '文', '한', '国', 'ｱ', 'ﾞ', 'ｰ', '\u3000', '｡', 'Ａ',
  '\u0301', '\u200d', '\ufe0f', '\ufe0e', '\u20e3', '\u00ad', '\u200b', '\u0e33', '\u0d4e', '\u0903',
  '\u1100', '\u1161', '\u11a8', '\uac00', '\u0600', '\u2600', '\u231a', '\u2764', '\u00a9',
  '👍', '🏽', '👨', '🇫', '🇷', '\ud800', '\udfff', '\t', '\n', '\r', '\x7f', '\x9b', '\x1b',
  '\u001B[32m', '\u001B[39m', '\u001B[1m', '\u001B]8;;https://example.com\u0007', '\u001B]8;;\u0007',
];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((pieces) => pieces.join(''));

describe("Ink's text widths without the grapheme segmenter (src/vendor/ink/output.js)", () => {
  it('gives exactly what string-width gives, for any mix of simple, wide, joining and escaped characters', () => {
    fc.assert(
      fc.property(text, (sample) => {
        expect(fastStringWidth(sample)).toBe(stringWidth(sample));
      }),
      { numRuns: 3000 },
    );
  });

  it('the rows a dashboard draws: box drawing, bars, CJK, colours', () => {
    const rows = ['╭─ Conversation ──── 10,075 messages ─╮', '█ user 191,269  █ assistant 190,602', '\u001B[2m#10007 user · 0.0%\u001B[22m', '中文 한국어 ｶﾀｶﾅ', '👍🏽 e\u0301'];
    for (const row of rows) expect(fastStringWidth(row)).toBe(stringWidth(row));
  });

  it("is what Ink's layout measures text with: each text's widest line and its lines", () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 4 }), (lines) => {
        const block = lines.join('\n');
        const widest = block === '' ? 0 : Math.max(...block.split('\n').map((line) => stringWidth(line)));
        expect(measureText(block)).toEqual({ width: widest, height: block === '' ? 0 : block.split('\n').length });
      }),
      { numRuns: 500 },
    );
  });
});
