/** A piece's UTF-8 bytes: the first `length` of `bytes`, and whether any is >= 0x80. */
export interface PieceBytes {
  readonly bytes: Uint8Array;
  readonly length: number;
  readonly ascii: boolean;
}

// Pieces up to this many chars are encoded into one reused buffer (a char is at most 3 bytes).
const REUSED_UP_TO = 1 << 16;
const reused = new Uint8Array(3 * REUSED_UP_TO);
const utf8 = new TextEncoder();

/**
 * The piece's UTF-8 as TextEncoder writes it (a lone surrogate becomes U+FFFD, EF BF BD), as the
 * API encodes it. Valid until the next call: short pieces share one buffer.
 */
export function pieceBytes(piece: string): PieceBytes {
  const n = piece.length;
  const bytes = n <= REUSED_UP_TO ? reused : new Uint8Array(3 * n);
  let ascii = true;
  // ASCII is most pieces: copy it byte by byte, and hand the rest of the piece to the encoder.
  let i = 0;
  for (; i < n; i++) {
    const c = piece.charCodeAt(i);
    if (c > 0x7f) {
      ascii = false;
      break;
    }
    bytes[i] = c;
  }
  if (ascii) return { bytes, length: n, ascii };
  const { written } = utf8.encodeInto(i === 0 ? piece : piece.slice(i), bytes.subarray(i));
  return { bytes, length: i + written, ascii };
}
