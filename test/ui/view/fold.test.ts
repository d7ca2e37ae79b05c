import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { foldText } from '../../../src/ui/view/fold.js';
import { graphemes, shownText, terminalColumns } from '../../../src/core/terminalWidth.js';

// What Ink measures a row at: its grid gives each grapheme max(1, string-width) cells.
const inkCells = (row: string) => graphemes(row).reduce((sum, g) => sum + Math.max(1, stringWidth(g)), 0);

describe('foldText by display columns', () => {
  it('folds CJK at two columns a character, with the rows left out counted like ASCII', () => {
    const line = '漢字'.repeat(30); // 60 characters, 120 columns
    const folded = foldText(line, 20, 4);
    expect(folded.rows).toEqual(['漢字'.repeat(5), '漢字'.repeat(5), '漢字'.repeat(5)]);
    expect(folded.hiddenRows).toBe(3);
  });

  it('never splits a wide character over the border: a row that cannot hold it ends a column short', () => {
    expect(foldText('a中中中', 4, 4).rows).toEqual(['a中', '中中']);
  });

  it('wraps text as shown: an escape sequence takes the columns of its escape, so nothing is cut', () => {
    const paste = 'set \x1b]0;title\x07 now';
    // Measured as received (ESC one column, not the two of its escape), rows ran past the border and were cut: "tit…".
    expect(foldText(paste, 16, 10).rows).toEqual(['set \\e]0;title\\a', 'now']);
    for (const row of foldText(paste, 10, 10).rows) expect(terminalColumns(row)).toBeLessThanOrEqual(10);
  });

  it('takes a combining mark with its letter and a family as its people, two columns each', () => {
    expect(foldText('e\u0301'.repeat(6), 3, 4).rows).toEqual(['e\u0301'.repeat(3), 'e\u0301'.repeat(3)]);
    expect(foldText('👨\u200d👩\u200d👧\u200d👦', 4, 4).rows).toEqual(['👨👩', '👧👦']);
  });

  it('counts a tab as the spaces it is shown as, and a Windows line end as one', () => {
    expect(foldText('\tab\r\ncd', 6, 4).rows).toEqual(['    ab', 'cd']);
  });

  it('any text: no row is wider than the pane to Ink or to the terminal, and the rows are the text shown', () => {
    const character = fc.constantFrom('a', 'b', ' ', '\n', '中', '한', '👍', '\u{1f3fd}', '\ufe0f', '\u200d', '\u0301', '🇫', '🇷', '❤', '\t', '\x1b', 'ل', '\u00ad');
    fc.assert(
      fc.property(fc.array(character, { maxLength: 60 }), fc.integer({ min: 2, max: 30 }), (characters, width) => {
        const text = characters.join('');
        const folded = foldText(text, width, 1_000);
        expect(folded.hiddenRows).toBe(0);
        for (const row of folded.rows) {
          // A row is one piece over only where the pane is narrower than a wide character.
          expect(terminalColumns(row)).toBeLessThanOrEqual(Math.max(width, 2));
          expect(inkCells(row)).toBe(terminalColumns(row));
        }
        // Every shown character is on a row: only the spaces where rows break are trimmed.
        const strip = (s: string) => s.replace(/[ \n]/g, '');
        expect(strip(folded.rows.join(''))).toBe(strip(shownText(text)));
      }),
      { numRuns: 300 },
    );
  });

  it('folds a 5 MB CJK paste in one pass, copying only the rows it shows', () => {
    const folded = foldText('字'.repeat(2_500_000), 50, 4);
    expect(folded.rows).toEqual(['字'.repeat(25), '字'.repeat(25), '字'.repeat(25)]);
    expect(folded.hiddenRows).toBe(100_000 - 3);
  });
});
