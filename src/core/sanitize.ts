/**
 * Terminal safety: conversation text is untrusted, so before it reaches a screen every character
 * that a terminal would act on instead of print is replaced by a visible escape.
 *
 * - C0 controls, DEL and C1 controls (U+0080-U+009F) become `\e`, `\a`, `\b`, `\r`, `\x01`,
 *   `\x7f`, `\u009b`... Escaping the introducer (ESC, or the 8-bit CSI/OSC/DCS U+009B/9D/90) is
 *   what defuses a whole CSI / OSC / DCS sequence: without it the rest (`[2J`, `]0;pwned`) is plain
 *   printable text, shown as it is, so `\x1b[31m` reads `\e[31m`. Invalid or truncated sequences
 *   need no special case for the same reason.
 * - Bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069, the "Trojan Source"
 *   set) become `\u202e`...: they could reorder what is shown after them. The bidi marks LRM, RLM
 *   and ALM are kept: real right-to-left text needs them and they override nothing.
 * - U+2028 / U+2029 (line and paragraph separators) become `\u2028`: terminals disagree on them.
 * - Zero-width joiners and non-joiners (U+200C, U+200D) and other zero-width characters are kept:
 *   emoji sequences and Persian text need them, and they have no control function, so they
 *   cannot move the cursor.
 * - Newlines are kept. Tabs are kept by default (a tab only moves right, to a tab stop on the
 *   same line) or, with `tabWidth`, replaced by that many spaces, which a layout that measures
 *   widths (the dashboard) should ask for. `sanitizeLine` escapes both, for one-line output.
 * - Backslashes are not doubled: this is a display, not an encoding, and paths stay readable.
 *
 * This is display only: counting always uses the original text.
 * One regex pass with a table lookup per hit: linear, fast on 1 MB lines.
 */

const NAMED: Readonly<Record<string, string>> = {
  '\0': '\\0',
  '\x07': '\\a',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\v': '\\v',
  '\f': '\\f',
  '\r': '\\r',
  '\x1b': '\\e',
};

/** Every character the sanitizer escapes, except \n and \t (escaped only on a single line). */
const UNSAFE = '\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069\\u2028\\u2029';

// \r\n first: a Windows line end is shown as a plain line end in multi-line text.
const MULTI_LINE = new RegExp(`\\r\\n|[${UNSAFE}]`, 'g');
const MULTI_LINE_AND_TABS = new RegExp(`\\r\\n|[${UNSAFE}\\t]`, 'g');
const SINGLE_LINE = new RegExp(`[${UNSAFE}\\t\\n]`, 'g');
const ANY_UNSAFE = new RegExp(`[${UNSAFE}]`);

/** The visible escape of one unsafe character. */
export function escapeCharacter(character: string): string {
  const named = NAMED[character];
  if (named !== undefined) return named;
  const code = character.charCodeAt(0);
  return code <= 0x7f ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}

export interface SanitizeOptions {
  /** Replace each tab by this many spaces (a terminal's tab stops are not the layout's); default: keep tabs. */
  readonly tabWidth?: number;
}

/**
 * Multi-line text safe to print: newlines kept (`\r\n` shown as `\n`), tabs kept or expanded to
 * `tabWidth` spaces, everything else that a terminal acts on escaped visibly.
 */
export function sanitizeText(text: string, { tabWidth }: SanitizeOptions = {}): string {
  if (tabWidth === undefined) return text.replace(MULTI_LINE, multiLineEscape);
  const spaces = ' '.repeat(tabWidth);
  return text.replace(MULTI_LINE_AND_TABS, (character) => (character === '\t' ? spaces : multiLineEscape(character)));
}

function multiLineEscape(character: string): string {
  return character === '\r\n' ? '\n' : escapeCharacter(character);
}

/** One line safe to print (a table cell, an error message): newlines and tabs escaped too. */
export function sanitizeLine(text: string): string {
  return text.replace(SINGLE_LINE, escapeCharacter);
}

/** True when `text` would print as itself (nothing to escape) in multi-line output. */
export function isTerminalSafe(text: string): boolean {
  return !ANY_UNSAFE.test(text);
}

// JSON.stringify already writes C0 controls as \u00XX; these it would write raw.
const JSON_UNSAFE = /[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/**
 * JSON that is safe to `cat`: exactly JSON.stringify's value (lossless), with DEL, C1, bidi
 * controls and line separators written as \uXXXX escapes. They can only occur inside strings, so
 * the result stays valid JSON.
 */
export function stringifyTerminalSafe(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(JSON_UNSAFE, (character) => `\\u${hex(character.charCodeAt(0), 4)}`);
}
