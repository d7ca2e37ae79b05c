/**
 * How wide text is drawn, grapheme by grapheme, and the form in which untrusted text is shown so
 * that the layout, Ink and the terminal all agree on it.
 *
 * Three parties measure a row: our layout (fold), Ink (its grid gives each grapheme
 * `max(1, string-width)` cells), and the terminal, which draws code point by code point with
 * wcwidth (measured in tmux 3.3a over glibc 2.36: `test/terminal/widths.tmux.test.ts`). They
 * disagree on exactly the emoji sequences a chat is full of:
 *
 * | sequence                        | string-width (Ink) | tmux 3.3a (measured) |
 * | ------------------------------- | ------------------ | -------------------- |
 * | 👍🏽 skin tone (base + modifier)  | 2                  | 4                    |
 * | ❤️ VS16 on a text-style base     | 2                  | 1                    |
 * | 👨‍👩‍👧‍👦 ZWJ family                 | 2                  | 2                    |
 * | 🏳️‍🌈 VS16 + ZWJ                   | 2                  | 1                    |
 * | 🇫🇷 flag (two regional letters)   | 2                  | 2                    |
 * | soft hyphen U+00AD              | 0                  | 1                    |
 *
 * Other terminals differ again (one that joins no ZWJ sequence draws the family as its four
 * people, 8 columns; one that follows Unicode's emoji rules draws the skin tone 2 wide).
 * A row measured too narrow is drawn too wide: it wraps, the header scrolls off and borders land
 * on rows of their own. So each grapheme is shown in a form every party draws alike:
 *
 * - variation selectors (U+FE0E/U+FE0F) after an emoji are left out: they only choose a glyph's
 *   style, and the terminals disagree on the width of the emoji style;
 * - a ZWJ between pictographs is left out: the family shows as its four people, 👨👩👧👦 (8 columns
 *   everywhere), not as one glyph some terminals draw 2 wide and some 8;
 * - what is left of a grapheme on which Ink's measure and the terminal's still differ is shown
 *   escaped from the first code point they differ at: `👍\u{1f3fd}`; a grapheme that is zero
 *   columns wide on its own (a combining mark at a line's start, U+200B) is shown escaped whole,
 *   since Ink gives it a cell the terminal does not draw.
 *
 * Control characters, bidi overrides and tabs are escaped first, by `sanitizeText` (src/core/sanitize.ts).
 * Display only: counting always uses the original text.
 */
import { eastAsianWidth } from 'get-east-asian-width';
import stringWidth from 'string-width';
import { sanitizeLine, sanitizeText } from './sanitize.js';

/** Spaces a tab is shown as (the dashboard's layout measures, so tabs cannot stay tabs). */
export const TAB_COLUMNS = 4;

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The text's graphemes (user-perceived characters), as Ink and string-width split them. */
export function graphemes(text: string): string[] {
  return Array.from(graphemeSegmenter.segment(text), ({ segment }) => segment);
}

// V8's segment iterator slows down quadratically over a long string (160,000 CJK characters took
// 100 s): long text is segmented in chunks of this many code units instead.
const CHUNK = 1024;

/**
 * Calls `visit` with each grapheme of `text`, in order, in time linear in its length. A chunk's last
 * grapheme may go on past the chunk, so it is segmented again at the start of the next.
 */
export function forEachGrapheme(text: string, visit: (grapheme: string) => void): void {
  for (let start = 0; start < text.length; ) {
    const end = Math.min(text.length, start + CHUNK);
    let next = end;
    for (const { segment, index } of graphemeSegmenter.segment(text.slice(start, end))) {
      // Carried over, unless it alone fills the chunk (a grapheme of a thousand marks).
      if (end < text.length && index > 0 && index + segment.length === end - start) {
        next = start + index;
        break;
      }
      visit(segment);
    }
    start = next;
  }
}

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u;

/**
 * Columns a wcwidth terminal gives one code point: 0 for combining marks, format characters and
 * Hangul medial and final jamo (they join the syllable before them), 2 for East Asian wide and
 * fullwidth characters (CJK, Hangul syllables, emoji), else 1. The soft hyphen is drawn (1).
 */
export function codePointColumns(codePoint: number): number {
  if (codePoint < 0x7f) return codePoint < 0x20 ? 0 : 1;
  if (codePoint === 0xad) return 1;
  if ((codePoint >= 0x1160 && codePoint <= 0x11ff) || (codePoint >= 0xd7b0 && codePoint <= 0xd7ff)) return 0;
  if (ZERO_WIDTH.test(String.fromCodePoint(codePoint))) return 0;
  return eastAsianWidth(codePoint);
}

/** Columns a wcwidth terminal draws `text` in: the sum of its code points' (no sequences joined). */
export function terminalColumns(text: string): number {
  let columns = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x7f) {
      columns += code < 0x20 ? 0 : 1;
      continue;
    }
    const codePoint = text.codePointAt(i) ?? code;
    if (codePoint > 0xffff) i++;
    columns += codePointColumns(codePoint);
  }
  return columns;
}

/** A code point as text that shows what it is: `\u0301`, `\u{1f3fd}`. */
export function codePointEscape(codePoint: number): string {
  const hex = codePoint.toString(16);
  return codePoint > 0xffff ? `\\u{${hex}}` : `\\u${hex.padStart(4, '0')}`;
}

// After an emoji (a pictograph, a keycap's digit): not after a flag's letter or a Hangul jamo, where
// leaving it out would let the pieces on either side join.
const VARIATION_SELECTORS = /(?<=[\p{Extended_Pictographic}0-9#*])[\ufe0e\ufe0f]/gu;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;

function escapeAll(text: string): string {
  return Array.from(text, (c) => codePointEscape(c.codePointAt(0) ?? 0)).join('');
}

/** One grapheme, already free of controls and variation selectors, in the form every party measures alike. */
function agreedForm(grapheme: string): string {
  // Ink gives a grapheme max(1, string-width) cells; the terminal draws terminalColumns.
  const agrees = (text: string): boolean => {
    const columns = terminalColumns(text);
    return columns > 0 && columns === stringWidth(text);
  };
  if (agrees(grapheme)) return grapheme;
  const codePoints = Array.from(grapheme);
  let kept = 0;
  while (kept < codePoints.length && agrees(codePoints.slice(0, kept + 1).join(''))) kept++;
  return codePoints.slice(0, kept).join('') + escapeAll(codePoints.slice(kept).join(''));
}

/**
 * How one grapheme of untrusted text is shown (see the file's comment): controls escaped, tabs as
 * spaces, variation selectors and ZWJs between pictographs left out, and what Ink and the terminal
 * would still measure differently escaped. Its columns are the same to Ink and to the terminal.
 */
export function shownGrapheme(grapheme: string): string {
  const safe = sanitizeText(grapheme, { tabWidth: TAB_COLUMNS });
  if (safe !== grapheme) return safe;
  const plain = grapheme.replace(VARIATION_SELECTORS, '');
  if (plain === '') return '';
  // A grapheme that would join what is shown beside it (a skin tone or accent after a control,
  // whose escape ends in a letter; a prepended mark before one) is escaped: else its columns would
  // change with its neighbour.
  if (graphemes(`a${plain}`).length === 1 || graphemes(`${plain}a`).length === 1) return escapeAll(plain);
  // A prepended mark (Grapheme_Cluster_Break=Prepend, as U+1193F) joins the character after it into
  // one grapheme that Ink and the terminal measure differently: escaped whole.
  const first = String.fromCodePoint(plain.codePointAt(0)!);
  if (first.length < plain.length && graphemes(`${first}a`).length === 1) return escapeAll(plain);
  if (plain.includes('\u200d') && PICTOGRAPH.test(plain)) {
    return graphemes(plain.replace(/\u200d/g, '')).map(agreedForm).join('');
  }
  return agreedForm(plain);
}

/** A piece of shown text that is one grapheme to Ink and the terminal, and its columns. */
export interface ShownPiece {
  readonly text: string;
  readonly columns: number;
}

// Distinct graphemes are few even in megabytes of text; the map is dropped whole when it grows past
// MEMO_LIMIT, so hostile text of endless distinct combinations cannot grow it without bound.
const MEMO_LIMIT = 20_000;
const memo = new Map<string, readonly ShownPiece[]>();

/**
 * `shownGrapheme` as the graphemes it is shown as (an escape is one piece per character, a family
 * one per person), each with its columns; remembered, as a long paste repeats the same few graphemes.
 * A row may break between the pieces.
 */
export function shownPieces(grapheme: string): readonly ShownPiece[] {
  let found = memo.get(grapheme);
  if (found === undefined) {
    found = graphemes(shownGrapheme(grapheme)).map((text) => ({ text, columns: terminalColumns(text) }));
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(grapheme, found);
  }
  return found;
}

// A "simple" code unit: a letter, digit, punctuation, symbol or space that is a grapheme of its own
// between two such (Grapheme_Cluster_Break Other, no emoji, no Hangul jamo), shown as itself. Checked
// against the Unicode data in test/core/terminalWidth.test.ts.
const SIMPLE = /^[\p{L}\p{N}\p{P}\p{S}\p{Zs}]$/u;
const NOT_SIMPLE = /^[\p{Grapheme_Extend}\p{Default_Ignorable_Code_Point}\p{Extended_Pictographic}\p{Emoji_Component}\u0e33\u0eb3\u0d4e\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff]$/u;
// 0: not worked out yet, 3: not simple, else the columns (1 or 2).
const simpleTable = new Uint8Array(0x10000);

/**
 * Columns of a BMP code unit that is simple (see above), or 0 if it is not: two simple characters
 * side by side are two graphemes, each shown as itself, so long CJK or Cyrillic text needs no
 * segmenter (V8's costs about 2 µs a grapheme).
 */
export function simpleColumns(code: number): number {
  let found = simpleTable[code] ?? 3;
  if (found === 0) {
    const character = String.fromCharCode(code);
    found = code >= 0x80 && SIMPLE.test(character) && !NOT_SIMPLE.test(character) ? codePointColumns(code) : 3;
    simpleTable[code] = found;
  }
  return found === 3 ? 0 : found;
}

// Runs of non-ASCII text (between ASCII characters) repeat in chat and logs ("👍🏽", "漢字"); the
// segmenter costs tens of microseconds a call, so short runs' pieces are remembered too.
const RUN_MEMO_LENGTH = 64;
const runMemo = new Map<string, readonly ShownPiece[]>();

/** The shown pieces of a run of text, in order (`shownPieces` of each of its graphemes). */
export function runPieces(run: string): readonly ShownPiece[] {
  if (run.length > RUN_MEMO_LENGTH) {
    const pieces: ShownPiece[] = [];
    forEachGrapheme(run, (grapheme) => {
      for (const piece of shownPieces(grapheme)) pieces.push(piece);
    });
    return pieces;
  }
  let found = runMemo.get(run);
  if (found === undefined) {
    found = graphemes(run).flatMap((grapheme) => shownPieces(grapheme));
    if (runMemo.size >= MEMO_LIMIT) runMemo.clear();
    runMemo.set(run, found);
  }
  return found;
}

const NEEDS_SEGMENTING = /[^\x20-\x7e\n]/;

/**
 * Untrusted multi-line text as the dashboard shows it: every grapheme in its shown form, newlines
 * kept (a `\r\n` as a newline).
 */
export function shownText(text: string): string {
  if (!NEEDS_SEGMENTING.test(text)) return text;
  let shown = '';
  forEachGrapheme(text, (grapheme) => {
    shown += grapheme === '\n' || grapheme === '\r\n' ? '\n' : shownGrapheme(grapheme);
  });
  return shown;
}

/** One line of untrusted text (a file name, a notice) as shown: `sanitizeLine`, then each grapheme in its shown form. */
export function shownLine(text: string): string {
  return shownText(sanitizeLine(text));
}
