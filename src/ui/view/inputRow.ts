import { graphemes, shownPieces } from '../../core/terminalWidth.js';

/**
 * The input line as one row of a given width, whatever is typed: the draft's parts (what was
 * typed, pasted labels) side by side, a newline shown as "↵", and a window over them that keeps the
 * cursor in view. The window moves by half its width when the cursor reaches an edge (as readline's
 * horizontal-scroll mode does), so it stays put while the cursor moves inside it; "…" marks each
 * side with more beyond it. Pure: the component only draws the segments.
 */
export type InputPartKind = 'typed' | 'paste';

export interface InputPart {
  readonly kind: InputPartKind;
  readonly text: string;
}

export type SegmentKind = InputPartKind | 'newline' | 'cursor' | 'more';

export interface InputSegment {
  readonly kind: SegmentKind;
  readonly text: string;
}

interface Cell {
  readonly kind: SegmentKind;
  readonly text: string;
  readonly width: number;
}

function cellsOf(part: InputPart): Cell[] {
  if (part.kind === 'paste') return [...part.text].map((character) => ({ kind: 'paste', text: character, width: 1 }));
  return graphemes(part.text).flatMap((segment): Cell[] => {
    if (segment === '\n') return [{ kind: 'newline', text: '↵', width: 1 }];
    // Shown as the conversation pane shows text: controls escaped, so they cannot act on the
    // terminal, and every piece in a form Ink and the terminal give the same columns.
    return shownPieces(segment).map((piece) => ({ kind: 'typed', text: piece.text, width: piece.columns }));
  });
}

/**
 * The row: `parts` in order, the cursor at `cursor` (an index into the last part's text, which is
 * the one being typed; undefined: no cursor drawn), fitted to `width` columns.
 */
export function inputRow(parts: readonly InputPart[], cursor: number | undefined, width: number): InputSegment[] {
  const before = parts.slice(0, -1).flatMap(cellsOf);
  const last = parts[parts.length - 1] ?? { kind: 'typed', text: '' };
  const at = cursor ?? last.text.length;
  const head = cellsOf({ kind: last.kind, text: last.text.slice(0, at) });
  const tail = cellsOf({ kind: last.kind, text: last.text.slice(at) });
  const under = tail[0];
  const cursorCell: Cell | undefined =
    cursor === undefined ? undefined : under ? { ...under, kind: 'cursor' } : { kind: 'cursor', text: ' ', width: 1 };
  const cells = [...before, ...head, ...(cursorCell ? [cursorCell] : []), ...(cursorCell && under ? tail.slice(1) : tail)];
  const cursorCol = [...before, ...head].reduce((sum, cell) => sum + cell.width, 0);
  const cursorWidth = cursorCell?.width ?? 0;
  return segments(windowOf(cells, cursorCol, cursorWidth, Math.max(1, width)));
}

function windowOf(cells: readonly Cell[], cursorCol: number, cursorWidth: number, width: number): Cell[] {
  const total = cells.reduce((sum, cell) => sum + cell.width, 0);
  if (total <= width) return [...cells];
  // Room for the text between the two "…" marks; the window starts at a multiple of half of it.
  const inner = Math.max(1, width - 2);
  const step = Math.max(1, Math.floor(inner / 2));
  const start = Math.max(0, Math.ceil((cursorCol + cursorWidth - inner) / step)) * step;
  const left = start > 0 ? 1 : 0;
  const room = width - left - 1;
  const shown: Cell[] = left ? [{ kind: 'more', text: '…', width: 1 }] : [];
  let column = 0;
  let used = 0;
  let shownEnd = start;
  for (const cell of cells) {
    const from = column;
    column += cell.width;
    if (from < start) {
      // A wide character cut by the window's left edge: its visible half is a space.
      if (column > start) {
        shown.push({ kind: 'more', text: ' '.repeat(column - start), width: column - start });
        used += column - start;
        shownEnd = column;
      }
      continue;
    }
    if (used + cell.width > room) break;
    shown.push(cell);
    used += cell.width;
    shownEnd = column;
  }
  if (shownEnd < total) shown.push({ kind: 'more', text: `${' '.repeat(room - used)}…`, width: room - used + 1 });
  return shown;
}

function segments(cells: readonly Cell[]): InputSegment[] {
  const merged: { kind: SegmentKind; text: string }[] = [];
  for (const cell of cells) {
    const last = merged[merged.length - 1];
    if (last && last.kind === cell.kind && cell.kind !== 'cursor') last.text += cell.text;
    else merged.push({ kind: cell.kind, text: cell.text });
  }
  return merged;
}
