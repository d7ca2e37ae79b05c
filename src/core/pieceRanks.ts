import { NO_RANK, type RankOf } from './bytePairMerge.js';
import type { RankTables } from './rankTable.js';

/** The UTF-8 bytes of `text` as a binary string (one char per byte); ASCII is its own encoding. */
export function toBinary(text: string): string {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) return utf8Binary(text, i);
  }
  return text;
}

/** UTF-8 as TextEncoder writes it (a lone surrogate becomes U+FFFD, EF BF BD), from `asciiEnd` on. */
function utf8Binary(text: string, asciiEnd: number): string {
  const codes: number[] = [];
  let out = text.slice(0, asciiEnd);
  for (let i = asciiEnd; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) codes.push(c);
    else if (c < 0x800) codes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const low = c <= 0xdbff && i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
        if (low >= 0xdc00 && low <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          i++;
          codes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
          continue;
        }
        c = 0xfffd;
      }
      codes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    if (codes.length >= 8192) {
      out += String.fromCharCode(...codes);
      codes.length = 0;
    }
  }
  return out + String.fromCharCode(...codes);
}

// high[i]: how many of the piece's first i bytes are >= 0x80; reused for pieces up to this size.
const REUSED_UP_TO = 4096;
const reusedHigh = new Int32Array(REUSED_UP_TO + 1);

/**
 * `rankOf` for the merge of one piece (a binary string). A byte range with no byte >= 0x80 is ASCII,
 * whose text is its bytes: the text map has it. Any other range is looked up in the map of
 * non-ASCII tokens by its bytes. Ranges longer than the longest token are no token.
 * Valid until the next call: the high-byte counts of short pieces share one buffer.
 */
export function pieceRanks(binary: string, tables: RankTables): RankOf {
  const { text, maxTokenBytes } = tables;
  const n = binary.length;
  let highBytes = 0;
  const high = n < REUSED_UP_TO ? reusedHigh : new Int32Array(n + 1);
  high[0] = 0;
  for (let i = 0; i < n; i++) {
    if (binary.charCodeAt(i) > 0x7f) highBytes++;
    high[i + 1] = highBytes;
  }
  if (highBytes === 0) {
    return (start, end) => (end - start > maxTokenBytes ? NO_RANK : text.get(binary.slice(start, end)) ?? NO_RANK);
  }
  const bytes = tables.bytes();
  return (start, end) => {
    if (end - start > maxTokenBytes) return NO_RANK;
    return (high[end] === high[start] ? text : bytes).get(binary.slice(start, end)) ?? NO_RANK;
  };
}
