import { InputError } from '../core/errors.js';

/** How far into a file a NUL byte marks it as binary (what `git` and `grep` look at). */
export const BINARY_SNIFF_BYTES = 8192;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The text of bytes read from a file or stdin, refused with an InputError naming `source` when it
 * is not UTF-8 text: UTF-16, a NUL byte near the start (binary), or an invalid UTF-8 sequence. A
 * UTF-8 byte-order mark is dropped (it is not content, and JSON.parse rejects it).
 */
export function decodeText(bytes: Uint8Array, source: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new InputError(`${source}: UTF-16 text; save it as UTF-8`);
  }
  const nul = bytes.subarray(0, BINARY_SNIFF_BYTES).indexOf(0);
  if (nul !== -1) throw new InputError(`${source}: binary file (NUL byte at byte ${nul}), not text`);
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
