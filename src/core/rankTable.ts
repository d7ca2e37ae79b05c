/**
 * The rank tables the tokenizer looks things up in, and two ways to get them:
 * - from js-tiktoken's rank files (the source of truth, slow to parse: ~200k base64 tokens);
 * - from a prepared table written at `npm run build` by scripts/prepare-ranks.mjs (the same
 *   ranks as a few long strings, which load several times faster).
 */
import type { RankTable } from './bytePairMerge.js';

export interface RankTables {
  /** Token bytes as a binary string (one char per byte) -> rank: what the merge looks up. */
  readonly bytes: RankTable;
  /** Text of every token whose bytes are valid UTF-8 -> rank: one lookup for a whole piece. */
  readonly text: RankTable;
  /** The longest token, in bytes. */
  readonly maxTokenBytes: number;
}

/** js-tiktoken's rank files: lines of "label firstRank token token ...", tokens base64, ranks consecutive. */
export interface JsTiktokenRanks {
  readonly bpe_ranks: string;
}

/** One encoding's tokens in rank order, as long strings that a JS engine parses in a few milliseconds. */
export interface PreparedRanks {
  readonly format: typeof PREPARED_FORMAT;
  readonly encoding: string;
  /** Highest rank + 1. */
  readonly size: number;
  /** Every token's bytes in rank order, one char per byte. */
  readonly bytes: string;
  /** Per rank, the char LENGTH_BASE + the token's byte length (+ 0: no token has this rank). */
  readonly byteLengths: string;
  /** In rank order, the text of each non-ASCII token whose bytes are valid UTF-8. */
  readonly text: string;
  /** Per rank, the char LENGTH_BASE + the token's text length in `text`; ASCII_TEXT, NO_TEXT for the rest. */
  readonly textLengths: string;
}

export const PREPARED_FORMAT = 1;
// Lengths are stored as chars from '0' up, so the generated module holds them unescaped.
const LENGTH_BASE = 0x30;
const ASCII_TEXT = 0; // the text is the bytes themselves
const NO_TEXT = -1; // the bytes are not valid UTF-8 (part of a character): no text key

// ignoreBOM keeps a leading U+FEFF: without it the token "\uFEFF\n" would decode to "\n".
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const ASCII_ONLY = /^[\x00-\x7f]*$/;

function lengthChars(lengths: readonly number[]): string {
  const codes = lengths.map((length) => LENGTH_BASE + length);
  let out = '';
  for (let i = 0; i < codes.length; i += 8192) out += String.fromCharCode(...codes.slice(i, i + 8192));
  return out;
}

function binaryToBytes(binary: string): Uint8Array {
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The text whose UTF-8 encoding is exactly these bytes, or undefined when they are not valid UTF-8. */
function decodeToken(binary: string): string | undefined {
  if (ASCII_ONLY.test(binary)) return binary;
  try {
    return strictUtf8.decode(binaryToBytes(binary));
  } catch {
    return undefined;
  }
}

function withTextKeys(bytes: Map<string, number>): RankTables {
  const text = new Map<string, number>();
  let maxTokenBytes = 0;
  for (const [key, rank] of bytes) {
    const decoded = decodeToken(key);
    if (decoded !== undefined) text.set(decoded, rank);
    if (key.length > maxTokenBytes) maxTokenBytes = key.length;
  }
  return { bytes, text, maxTokenBytes };
}

export function ranksFromJsTiktoken(file: JsTiktokenRanks): RankTables {
  const bytes = new Map<string, number>();
  for (const line of file.bpe_ranks.split('\n')) {
    if (line === '') continue;
    const fields = line.split(' ');
    const first = Number.parseInt(fields[1]!, 10);
    for (let i = 2; i < fields.length; i++) bytes.set(atob(fields[i]!), first + i - 2);
  }
  return withTextKeys(bytes);
}

/** The compact form of `tables`, for scripts/prepare-ranks.mjs to write at build time. */
export function prepareRanks(encoding: string, tables: RankTables): PreparedRanks {
  const byRank: string[] = [];
  for (const [key, rank] of tables.bytes) byRank[rank] = key;
  const byteLengths: number[] = [];
  const textLengths: number[] = [];
  const texts: string[] = [];
  const allBytes: string[] = [];
  for (let rank = 0; rank < byRank.length; rank++) {
    const key = byRank[rank];
    byteLengths.push(key?.length ?? 0);
    if (key === undefined) {
      textLengths.push(NO_TEXT);
      continue;
    }
    allBytes.push(key);
    const decoded = decodeToken(key);
    if (decoded === undefined) textLengths.push(NO_TEXT);
    else if (decoded === key) textLengths.push(ASCII_TEXT);
    else {
      texts.push(decoded);
      textLengths.push(decoded.length);
    }
  }
  return {
    format: PREPARED_FORMAT,
    encoding,
    size: byRank.length,
    bytes: allBytes.join(''),
    byteLengths: lengthChars(byteLengths),
    text: texts.join(''),
    textLengths: lengthChars(textLengths),
  };
}

export function isPreparedRanks(value: unknown, encoding: string): value is PreparedRanks {
  const prepared = value as Partial<PreparedRanks> | null;
  return (
    typeof prepared === 'object' &&
    prepared !== null &&
    prepared.format === PREPARED_FORMAT &&
    prepared.encoding === encoding &&
    typeof prepared.size === 'number' &&
    typeof prepared.bytes === 'string' &&
    typeof prepared.text === 'string' &&
    prepared.byteLengths?.length === prepared.size &&
    prepared.textLengths?.length === prepared.size
  );
}

export function ranksFromPrepared(prepared: PreparedRanks): RankTables {
  const bytes = new Map<string, number>();
  const text = new Map<string, number>();
  const { byteLengths, textLengths } = prepared;
  let maxTokenBytes = 0;
  let byteOffset = 0;
  let textOffset = 0;
  for (let rank = 0; rank < prepared.size; rank++) {
    const length = byteLengths.charCodeAt(rank) - LENGTH_BASE;
    if (length === 0) continue;
    const key = prepared.bytes.slice(byteOffset, (byteOffset += length));
    bytes.set(key, rank);
    if (length > maxTokenBytes) maxTokenBytes = length;
    const textLength = textLengths.charCodeAt(rank) - LENGTH_BASE;
    if (textLength === ASCII_TEXT) text.set(key, rank);
    else if (textLength !== NO_TEXT) text.set(prepared.text.slice(textOffset, (textOffset += textLength)), rank);
  }
  if (byteOffset !== prepared.bytes.length || textOffset !== prepared.text.length) {
    throw new Error(`prepared ranks for ${prepared.encoding} are inconsistent; rebuild with npm run build`);
  }
  return { bytes, text, maxTokenBytes };
}
