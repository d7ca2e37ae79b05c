import { binaryToBytes, ByteRanks } from './byteRanks.js';

/**
 * The rank tables the tokenizer looks things up in, and two ways to get them:
 * - from js-tiktoken's rank files (the source of truth, slow to parse: ~200k base64 tokens);
 * - from a prepared table written at `npm run build` by scripts/prepare-ranks.mjs (the same
 *   ranks as a few long strings, which load several times faster).
 *
 * Two tables:
 * - `text`: token text -> rank, for every token whose bytes are valid UTF-8. A whole
 *   pre-tokenized piece is looked up as it is, with no conversion (most pieces are one token).
 * - `byteRanks()`: every token by its bytes (`ByteRanks`), for the merge's lookups of byte ranges,
 *   made without building a string. Built on first use (the first piece that needs a merge).
 */
export interface RankTables {
  readonly text: ReadonlyMap<string, number>;
  /** Every token by its bytes; built on the first call. */
  byteRanks(): ByteRanks;
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

export const PREPARED_FORMAT = 2;
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

/** The text whose UTF-8 encoding is exactly these bytes, or undefined when they are not valid UTF-8. */
function decodeToken(binary: string): string | undefined {
  if (ASCII_ONLY.test(binary)) return binary;
  try {
    return strictUtf8.decode(binaryToBytes(binary));
  } catch {
    return undefined;
  }
}

/** The table over `text`, building the byte table with `build` when first asked. */
function tables(text: Map<string, number>, maxTokenBytes: number, build: () => ByteRanks): RankTables {
  let byteRanks: ByteRanks | undefined;
  return { text, maxTokenBytes, byteRanks: () => (byteRanks ??= build()) };
}

export function ranksFromJsTiktoken(file: JsTiktokenRanks): RankTables {
  const text = new Map<string, number>();
  const byRank: string[] = [];
  let maxTokenBytes = 0;
  for (const line of file.bpe_ranks.split('\n')) {
    if (line === '') continue;
    const fields = line.split(' ');
    const first = Number.parseInt(fields[1]!, 10);
    for (let i = 2; i < fields.length; i++) {
      const binary = atob(fields[i]!);
      const rank = first + i - 2;
      byRank[rank] = binary;
      if (binary.length > maxTokenBytes) maxTokenBytes = binary.length;
      const decoded = decodeToken(binary);
      if (decoded !== undefined) text.set(decoded, rank);
    }
  }
  return tables(text, maxTokenBytes, () => {
    const lengths = Array.from(byRank, (binary) => binary?.length ?? 0);
    return new ByteRanks(binaryToBytes(byRank.filter((binary) => binary !== undefined).join('')), lengths);
  });
}

/** The compact form of js-tiktoken's ranks, for scripts/prepare-ranks.mjs to write at build time. */
export function prepareRanks(encoding: string, file: JsTiktokenRanks): PreparedRanks {
  const byRank: string[] = [];
  for (const line of file.bpe_ranks.split('\n')) {
    if (line === '') continue;
    const fields = line.split(' ');
    const first = Number.parseInt(fields[1]!, 10);
    for (let i = 2; i < fields.length; i++) byRank[first + i - 2] = atob(fields[i]!);
  }
  const byteLengths: number[] = [];
  const textLengths: number[] = [];
  const texts: string[] = [];
  for (let rank = 0; rank < byRank.length; rank++) {
    const binary = byRank[rank];
    byteLengths.push(binary?.length ?? 0);
    const text = binary === undefined ? undefined : decodeToken(binary);
    if (text === undefined) textLengths.push(NO_TEXT);
    else if (text === binary) textLengths.push(ASCII_TEXT);
    else {
      texts.push(text);
      textLengths.push(text.length);
    }
  }
  return {
    format: PREPARED_FORMAT,
    encoding,
    size: byRank.length,
    bytes: byRank.filter((binary) => binary !== undefined).join(''),
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
  const steps = preparedRanksInSteps(prepared, Number.POSITIVE_INFINITY);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * ranksFromPrepared, pausing after every `ranksPerStep` ranks: whoever drives it may yield to the
 * event loop between steps, so a 200,000-token table never blocks a keypress for its whole build
 * (~50 ms here) but for a step of it.
 */
export function* preparedRanksInSteps(prepared: PreparedRanks, ranksPerStep = 25_000): Generator<void, RankTables, void> {
  const text = new Map<string, number>();
  const { byteLengths, textLengths, bytes } = prepared;
  let maxTokenBytes = 0;
  let byteOffset = 0;
  let textOffset = 0;
  for (let rank = 0; rank < prepared.size; rank++) {
    if (rank > 0 && rank % ranksPerStep === 0) yield;
    const length = byteLengths.charCodeAt(rank) - LENGTH_BASE;
    if (length === 0) continue;
    if (length > maxTokenBytes) maxTokenBytes = length;
    const textLength = textLengths.charCodeAt(rank) - LENGTH_BASE;
    if (textLength === ASCII_TEXT) text.set(bytes.slice(byteOffset, byteOffset + length), rank);
    else if (textLength !== NO_TEXT) text.set(prepared.text.slice(textOffset, (textOffset += textLength)), rank);
    byteOffset += length;
  }
  if (byteOffset !== bytes.length || textOffset !== prepared.text.length) {
    throw new Error(`prepared ranks for ${prepared.encoding} are inconsistent; rebuild with npm run build`);
  }
  return tables(text, maxTokenBytes, () => {
    const lengths = new Int32Array(prepared.size);
    for (let rank = 0; rank < prepared.size; rank++) lengths[rank] = byteLengths.charCodeAt(rank) - LENGTH_BASE;
    return new ByteRanks(binaryToBytes(bytes), lengths);
  });
}
