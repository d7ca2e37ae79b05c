/**
 * The text being typed (the draft, or the path in the prompt) and where its cursor is, edited the
 * way readline edits a line. Pure. The cursor is an index into `text` that is always on a
 * grapheme boundary: one step moves over a whole emoji, flag or accented letter, never into one.
 * Lines are the draft's own ("\n" from the newline key): Home and End, Ctrl+U and Ctrl+K keep to
 * the line the cursor is on.
 */
export interface EditLine {
  readonly text: string;
  /** 0..text.length, on a grapheme boundary. */
  readonly cursor: number;
}

/** The edits of readline's keys, each a command of the keymap (EditCommand there). */
export type EditKind =
  | 'cursorLeft'
  | 'cursorRight'
  | 'wordLeft'
  | 'wordRight'
  | 'lineStart'
  | 'lineEnd'
  | 'deleteBack'
  | 'deleteForward'
  | 'deleteWordBack'
  | 'killToStart'
  | 'killToEnd';

export type LineEdit = { readonly kind: 'insert'; readonly text: string } | { readonly kind: EditKind };

export const EMPTY_LINE: EditLine = { text: '', cursor: 0 };

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The boundary before `at` (0 at the start). */
function previousBoundary(text: string, at: number): number {
  let last = 0;
  for (const { index } of graphemes.segment(text.slice(0, at))) last = index;
  return at === 0 ? 0 : last;
}

/** The boundary after `at` (text.length at the end). */
function nextBoundary(text: string, at: number): number {
  if (at >= text.length) return text.length;
  const first = graphemes.segment(text.slice(at))[Symbol.iterator]().next().value;
  return at + (first?.segment.length ?? 1);
}

const WORD = /[\p{L}\p{N}_]/u;
const SPACE = /\s/u;

/** Alt+B: back over non-word characters, then over the word (readline's backward-word). */
function wordStart(text: string, at: number): number {
  let i = at;
  while (i > 0 && !WORD.test(text[i - 1]!)) i--;
  while (i > 0 && WORD.test(text[i - 1]!)) i--;
  return i;
}

/** Alt+F: over non-word characters, then to the end of the word. */
function wordEnd(text: string, at: number): number {
  let i = at;
  while (i < text.length && !WORD.test(text[i]!)) i++;
  while (i < text.length && WORD.test(text[i]!)) i++;
  return i;
}

/** Ctrl+W: back over spaces, then to the previous space (readline's unix-word-rubout). */
function spaceWordStart(text: string, at: number): number {
  let i = at;
  while (i > 0 && SPACE.test(text[i - 1]!)) i--;
  while (i > 0 && !SPACE.test(text[i - 1]!)) i--;
  return i;
}

const lineStart = (text: string, at: number): number => text.lastIndexOf('\n', at - 1) + 1;
function lineEnd(text: string, at: number): number {
  const end = text.indexOf('\n', at);
  return end === -1 ? text.length : end;
}

const moved = (line: EditLine, cursor: number): EditLine => (cursor === line.cursor ? line : { text: line.text, cursor });
const cut = (line: EditLine, from: number, to: number): EditLine =>
  from === to ? line : { text: line.text.slice(0, from) + line.text.slice(to), cursor: from };

export function applyEdit(line: EditLine, edit: LineEdit): EditLine {
  const { text, cursor } = line;
  switch (edit.kind) {
    case 'insert':
      return edit.text === '' ? line : { text: text.slice(0, cursor) + edit.text + text.slice(cursor), cursor: cursor + edit.text.length };
    case 'cursorLeft':
      return moved(line, previousBoundary(text, cursor));
    case 'cursorRight':
      return moved(line, nextBoundary(text, cursor));
    case 'wordLeft':
      return moved(line, wordStart(text, cursor));
    case 'wordRight':
      return moved(line, wordEnd(text, cursor));
    case 'lineStart':
      return moved(line, lineStart(text, cursor));
    case 'lineEnd':
      return moved(line, lineEnd(text, cursor));
    case 'deleteBack':
      return cut(line, previousBoundary(text, cursor), cursor);
    case 'deleteForward':
      return cut(line, cursor, nextBoundary(text, cursor));
    case 'deleteWordBack':
      return cut(line, spaceWordStart(text, cursor), cursor);
    case 'killToStart': {
      // At the start of a line, Ctrl+U joins it to the one before (the newline goes), as Backspace would.
      const start = lineStart(text, cursor);
      return cut(line, start === cursor ? previousBoundary(text, cursor) : start, cursor);
    }
    case 'killToEnd': {
      const end = lineEnd(text, cursor);
      return cut(line, cursor, end === cursor ? nextBoundary(text, cursor) : end);
    }
  }
}
