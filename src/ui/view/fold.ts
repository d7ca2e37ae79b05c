import { runPieces, shownPieces, simpleColumns, type ShownPiece } from '../../core/terminalWidth.js';

/**
 * Folding long text for the conversation pane: the first rows of the text *as shown* (escaped, each
 * grapheme in the form src/core/terminalWidth.ts gives it) as they wrap at `width` display columns
 * (at a space where there is one, else between graphemes, as logs need), and how many rows are
 * left out. A CJK character takes two columns, `\x1b` two (it is shown as `\e`), a combining mark
 * none: so no row is wider than `width` on the terminal, and nothing is cut. Builds only the rows
 * it shows, so a 5 MB paste costs one pass over its characters, not a 5 MB render.
 */
export interface FoldedText {
  /** The rows shown, as they are to be drawn (escaped). */
  readonly rows: readonly string[];
  /** Rows (at this width) not shown. */
  readonly hiddenRows: number;
}

/** Rows as they fill: the text of the first `keep` rows, the count of all. */
class RowFiller {
  readonly rows: string[] = [];
  total = 0;
  private row = '';
  private columns = 0;
  /** Where the row could break: after its last space in the second half (-1: nowhere). */
  private afterSpace = -1;
  private columnsAfterSpace = 0;

  constructor(
    private readonly width: number,
    private readonly keep: number,
  ) {}

  add(text: string, columns: number): void {
    if (this.columns + columns > this.width && this.columns > 0) {
      if (text === ' ') {
        // The space where the row is full goes with it, trimmed.
        this.end();
        return;
      }
      this.breakRow();
    }
    if (this.total < this.keep) this.row += text;
    this.columns += columns;
    if (text === ' ' && this.columns > this.width / 2) {
      this.afterSpace = this.row.length;
      this.columnsAfterSpace = this.columns;
    }
  }

  /** A full row: it ends after its last space if it has one late enough, the rest starts the next. */
  private breakRow(): void {
    if (this.afterSpace === -1) {
      this.end();
      return;
    }
    const rest = this.row.slice(this.afterSpace);
    const restColumns = this.columns - this.columnsAfterSpace;
    this.row = this.row.slice(0, this.afterSpace);
    this.end();
    if (this.total < this.keep) this.row = rest;
    this.columns = restColumns;
  }

  /** Ends the row (and the line, at a newline). */
  end(): void {
    if (this.total < this.keep) this.rows.push(this.row.trimEnd());
    this.total++;
    this.row = '';
    this.columns = 0;
    this.afterSpace = -1;
  }
}

/** Adds one line (no newline in it) to the rows, grapheme by grapheme as shown. */
function addLine(line: string, filler: RowFiller): void {
  const addPieces = (pieces: readonly ShownPiece[]) => {
    for (const piece of pieces) filler.add(piece.text, piece.columns);
  };
  for (let i = 0; i < line.length; ) {
    const code = line.charCodeAt(i);
    const followedByAscii = i + 1 >= line.length || line.charCodeAt(i + 1) < 0x80;
    // Printable ASCII followed by ASCII is a grapheme of its own: the fast path for logs.
    if (code >= 0x20 && code < 0x7f && followedByAscii) {
      filler.add(line[i] ?? '', 1);
      i++;
      continue;
    }
    if ((code < 0x20 || code === 0x7f) && followedByAscii) {
      // A control is a grapheme of its own, shown as its escape (a tab as spaces).
      addPieces(shownPieces(code === 9 ? '\t' : line[i] ?? ''));
      i++;
      continue;
    }
    // Between simple characters (or ASCII), a simple character is a grapheme of its own: CJK's fast path.
    const columns = simpleColumns(code);
    if (columns > 0 && (followedByAscii || simpleColumns(line.charCodeAt(i + 1)) > 0)) {
      filler.add(line[i] ?? '', columns);
      i++;
      continue;
    }
    // A run of non-ASCII (with the ASCII character it may start on, as `e` + an accent): its
    // graphemes, in order. No ASCII character extends a grapheme, so the run's end is a boundary.
    // It ends where two simple characters meet, or at ASCII.
    let end = i + 1;
    while (end < line.length && line.charCodeAt(end) >= 0x80 && !(simpleColumns(line.charCodeAt(end)) > 0 && simpleColumns(line.charCodeAt(end - 1)) > 0)) end++;
    addPieces(runPieces(line.slice(i, end)));
    i = end;
  }
  filler.end();
}

/** The text's rows at `width` columns, shown; if they are more than `maxRows`, the first `maxRows - 1` (room for a fold line). */
export function foldText(text: string, width: number, maxRows: number): FoldedText {
  const filler = new RowFiller(Math.max(1, width), maxRows);
  for (let start = 0; ; ) {
    const newline = text.indexOf('\n', start);
    // A Windows line end is one line end: its \r is not shown as `\r`.
    const lineEnd = newline === -1 ? text.length : newline > start && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
    addLine(text.slice(start, lineEnd), filler);
    if (newline === -1) break;
    start = newline + 1;
  }
  const { rows, total } = filler;
  const shown = total <= maxRows ? rows : rows.slice(0, Math.max(1, maxRows - 1));
  return { rows: shown, hiddenRows: total - shown.length };
}

const cache = new WeakMap<object, Map<string, FoldedText>>();

/** `foldText`, remembered per message object and size: the pane re-renders on every key. */
export function foldCached(owner: object, text: string, width: number, maxRows: number): FoldedText {
  let byShape = cache.get(owner);
  if (!byShape) {
    byShape = new Map();
    cache.set(owner, byShape);
  }
  const shape = `${width}x${maxRows}`;
  let folded = byShape.get(shape);
  if (!folded) {
    folded = foldText(text, width, maxRows);
    byShape.set(shape, folded);
  }
  return folded;
}
