import { InputError } from '../core/errors.js';

/** How far into a file a NUL byte marks it as binary (what `git` and `grep` look at). */
export const BINARY_SNIFF_BYTES = 8192;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Refuses, with an InputError naming `source`, bytes that start like something other than UTF-8
 * text: a UTF-32 or UTF-16 byte-order mark, or a NUL byte in the first 8 KiB (binary). Needs only
 * the first `BINARY_SNIFF_BYTES` of a file.
 */
export function refuseNonText(head: Uint8Array, source: string): void {
  const [b0, b1, b2, b3] = head;
  if ((b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) || (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff)) {
    throw new InputError(`${source}: UTF-32 text; save it as UTF-8`);
  }
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) throw new InputError(`${source}: UTF-16 text; save it as UTF-8`);
  const nul = head.subarray(0, BINARY_SNIFF_BYTES).indexOf(0);
  if (nul !== -1) throw new InputError(`${source}: binary file (NUL byte at byte ${nul}), not text`);
}

/**
 * The text of bytes read from a file or stdin, refused with an InputError naming `source` when it
 * is not UTF-8 text (see refuseNonText), or holds an invalid UTF-8 sequence. A UTF-8 byte-order
 * mark is dropped (it is not content, and JSON.parse rejects it).
 */
export function decodeText(bytes: Uint8Array, source: string): string {
  refuseNonText(bytes, source);
  try {
    return utf8.decode(bytes);
  } catch (error) {
    if (error instanceof RangeError) throw new InputError(`${source}: too large to hold as text (${bytes.length} bytes)`);
    const offset = firstInvalidUtf8(bytes);
    const line = countNewlines(bytes, offset) + 1;
    const byte = bytes[offset]?.toString(16).toUpperCase().padStart(2, '0') ?? 'end';
    throw new InputError(`${source}:${line}: not UTF-8 text (invalid byte 0x${byte} at byte ${offset})`);
  }
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    // Second-byte range per lead byte (Unicode table 3-7): excludes overlongs and surrogates.
    let length: number, low = 0x80, high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) [length, low, high] = [3, lead === 0xe0 ? 0xa0 : 0x80, lead === 0xed ? 0x9f : 0xbf];
    else if (lead >= 0xf0 && lead <= 0xf4) [length, low, high] = [4, lead === 0xf0 ? 0x90 : 0x80, lead === 0xf4 ? 0x8f : 0xbf];
    else return i;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (next === undefined || next < min || next > max) return i;
    }
    i += length;
  }
  return bytes.length;
}

function countNewlines(bytes: Uint8Array, end: number): number {
  let lines = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === 0x0a) lines++;
  return lines;
}
