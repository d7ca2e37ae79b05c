/**
 * Folding long text for the conversation pane: the first rows as they wrap at `width` (at a space
 * where there is one, else mid-word, as logs need), and how many rows are left out. Never copies more
 * than it shows, so a 5 MB paste costs one pass over its row boundaries, not a 5 MB render.
 */
export interface FoldedText {
  readonly rows: readonly string[];
  /** Rows (at this width) not shown. */
  readonly hiddenRows: number;
}

/** Cut at `end`, but never between the halves of a surrogate pair. */
function safeEnd(text: string, end: number): number {
  const code = text.charCodeAt(end - 1);
  return code >= 0xd800 && code <= 0xdbff && end < text.length ? end - 1 : end;
}

/** Start and end of each row the text wraps into. */
function* rowBounds(text: string, width: number): Generator<readonly [number, number]> {
  for (let start = 0; ; ) {
    const newline = text.indexOf('\n', start);
    const lineEnd = newline === -1 ? text.length : newline;
    let at = start;
    do {
      let end = safeEnd(text, Math.min(lineEnd, at + width));
      // Break after the row's last space, if it is in the row's second half (a bounded look back:
      // an unbounded lastIndexOf would rescan a 5 MB line on every row).
      for (let i = end; end < lineEnd && i > at + width / 2; i--) {
        if (text.charCodeAt(i) === 32) {
          end = i + 1;
          break;
        }
      }
      yield [at, end];
      at = end;
    } while (at < lineEnd);
    if (newline === -1) return;
    start = newline + 1;
  }
}

/** The text's rows at `width`; if they are more than `maxRows`, the first `maxRows - 1` (room for a fold line). */
export function foldText(text: string, width: number, maxRows: number): FoldedText {
  const bounds: (readonly [number, number])[] = [];
  let total = 0;
  for (const bound of rowBounds(text, Math.max(1, width))) {
    if (total < maxRows) bounds.push(bound);
    total++;
  }
  const shown = total <= maxRows ? bounds : bounds.slice(0, Math.max(1, maxRows - 1));
  return { rows: shown.map(([start, end]) => text.slice(start, end).trimEnd()), hiddenRows: total - shown.length };
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
