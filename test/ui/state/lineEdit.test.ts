import { describe, expect, it } from 'vitest';
import { applyEdit, type EditLine, type LineEdit } from '../../../src/ui/state/lineEdit.js';

/** "ab|cd": the text with the cursor marked by "|". */
const line = (marked: string): EditLine => ({ text: marked.replace('|', ''), cursor: marked.indexOf('|') });
const show = ({ text, cursor }: EditLine): string => `${text.slice(0, cursor)}|${text.slice(cursor)}`;

describe('applyEdit', () => {
  it.each<[string, LineEdit, string]>([
    ['ab|cd', { kind: 'insert', text: 'X' }, 'abX|cd'],
    ['|', { kind: 'insert', text: 'hello' }, 'hello|'],
    ['ab|cd', { kind: 'cursorLeft' }, 'a|bcd'],
    ['|abcd', { kind: 'cursorLeft' }, '|abcd'],
    ['ab|cd', { kind: 'cursorRight' }, 'abc|d'],
    ['abcd|', { kind: 'cursorRight' }, 'abcd|'],
    // One step over a whole grapheme: a skin-toned emoji, a flag, a ZWJ family, an accent.
    ['a👍🏽|b', { kind: 'cursorLeft' }, 'a|👍🏽b'],
    ['a|🇫🇷b', { kind: 'cursorRight' }, 'a🇫🇷|b'],
    ['x👨‍👩‍👧|', { kind: 'deleteBack' }, 'x|'],
    ['e\u0301|', { kind: 'deleteBack' }, '|'],
    ['ab|cd', { kind: 'deleteBack' }, 'a|cd'],
    ['|abcd', { kind: 'deleteBack' }, '|abcd'],
    ['ab|cd', { kind: 'deleteForward' }, 'ab|d'],
    ['one two th|ree', { kind: 'lineStart' }, '|one two three'],
    ['one| two', { kind: 'lineEnd' }, 'one two|'],
    ['one\ntw|o\nthree', { kind: 'lineStart' }, 'one\n|two\nthree'],
    ['one\ntw|o\nthree', { kind: 'lineEnd' }, 'one\ntwo|\nthree'],
    ['one two three|', { kind: 'wordLeft' }, 'one two |three'],
    ['one two, |three', { kind: 'wordLeft' }, 'one |two, three'],
    ['|one two', { kind: 'wordRight' }, 'one| two'],
    ['one| two three', { kind: 'wordRight' }, 'one two| three'],
    ['cost: $0.30 now|', { kind: 'deleteWordBack' }, 'cost: $0.30 |'],
    ['cost: $0.30   |', { kind: 'deleteWordBack' }, 'cost: |'],
    ['/tmp/out.md|', { kind: 'killToStart' }, '|'],
    ['keep\nkill th|is', { kind: 'killToStart' }, 'keep\n|is'],
    ['keep\n|this', { kind: 'killToStart' }, 'keep|this'],
    ['keep |this\nnext', { kind: 'killToEnd' }, 'keep |\nnext'],
  ])('%j, %j: %j', (before, edit, after) => {
    expect(show(applyEdit(line(before), edit))).toBe(after);
  });

  it('returns the same line when nothing changes (no new frame)', () => {
    const start = line('|abc');
    expect(applyEdit(start, { kind: 'cursorLeft' })).toBe(start);
    expect(applyEdit(start, { kind: 'deleteBack' })).toBe(start);
  });
});
