/**
 * One read from the terminal, cut into the keys it holds. A terminal sends what was typed as it
 * comes, so a read can hold several keys: two Ctrl+B tapped quickly ("\x02\x02"), "quick" and
 * Enter ("quick\r"), a held Backspace ("\x7f\x7f"). Each of these is a key of its own:
 *
 * - every control byte (C0, DEL, and the C1 range U+0080-U+009F), one key each;
 * - an escape sequence: CSI ("\x1b[" parameters, intermediates, a final byte; also the legacy
 *   "\x1b[[5~"), SS3 ("\x1bO" and one byte), or Alt with one key ("\x1bb", "\x1b\r", "\x1b\x1b[D");
 *   a CSI cut off by the end of the read is one key too (of no use, so ignored, never text);
 * - a run of printable text, up to the next control byte or ESC.
 *
 * A lone ESC at the end of the read is the Esc key. Pure: bracketed paste is the reader's
 * (readInput.ts), which never passes a paste's contents here.
 */
export function splitKeys(read: string): string[] {
  const keys: string[] = [];
  for (let at = 0; at < read.length; ) {
    const end = keyEnd(read, at);
    keys.push(read.slice(at, end));
    at = end;
  }
  return keys;
}

const ESC = 0x1b;

function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/** Where the key starting at `at` ends. */
function keyEnd(read: string, at: number): number {
  const code = read.charCodeAt(at);
  if (code === ESC) return escapeEnd(read, at);
  if (isControl(code)) return at + 1;
  let end = at + 1;
  while (end < read.length && !isControl(read.charCodeAt(end))) end++;
  return end;
}

function escapeEnd(read: string, at: number): number {
  const next = read[at + 1];
  if (next === undefined) return at + 1;
  if (next === '[') return csiEnd(read, at + 2);
  if (next === 'O') return Math.min(read.length, at + 3);
  if (next === '\x1b') {
    // Alt+Esc, or Alt with a sequence ("\x1b\x1b[D").
    const third = read[at + 2];
    return third === '[' || third === 'O' ? escapeEnd(read, at + 1) : at + 2;
  }
  // Alt with one character (a surrogate pair is one).
  const point = read.codePointAt(at + 1) ?? 0;
  return at + 1 + (point > 0xffff ? 2 : 1);
}

/** After "\x1b[": parameter and intermediate bytes (0x20-0x3f), then one final byte (0x40-0x7e). */
function csiEnd(read: string, from: number): number {
  let at = from;
  // The Linux console's function keys: "\x1b[[A", "\x1b[[5~".
  if (read[at] === '[') at++;
  while (at < read.length) {
    const code = read.charCodeAt(at);
    if (code >= 0x40 && code <= 0x7e) return at + 1;
    if (code < 0x20 || code > 0x3f) return at;
    at++;
  }
  return at;
}
