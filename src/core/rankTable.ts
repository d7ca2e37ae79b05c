/**
 * The rank table the tokenizer looks things up in, and two ways to get it:
 * - from js-tiktoken's rank files (the source of truth, slow to parse: ~200k base64 tokens);
 * - from a prepared table written at `npm run build` by scripts/prepare-ranks.mjs (the same
 *   ranks as a few long strings, which load several times faster).
 *
 * One Map serves both lookups, keyed two ways:
 * - token text -> rank, for every token whose bytes are valid UTF-8: a whole pre-tokenized piece
 *   is looked up as it is, with no conversion. ASCII tokens need nothing else.
 * - "merge key" -> -(rank + 1), for every token with a byte >= 0x80. A merge key is the UTF-8
 *   bytes with ASCII as itself and each byte b >= 0x80 as the char 0xDC00 + b, a lone low
 *   surrogate. Text keys are valid UTF-16, so no merge key with such a byte equals a text key,
 *   and an ASCII merge key is its own text key. The sign says which kind a hit is, so a piece of
 *   text that happens to contain those lone surrogates is never taken for a token.
 * The merge keys are added on the first piece that needs them (text with non-ASCII characters
 * that is not a whole token): ASCII-only input never pays for them.
 */
export interface RankTables {
  /** Text keys -> rank; merge keys -> -(rank + 1) once `addMergeKeys` has run. */
  readonly ranks: ReadonlyMap<string, number>;
  /** The longest token, in bytes. */
  readonly maxTokenBytes: number;
  /** Adds the merge keys of the non-ASCII tokens (once; later calls do nothing). */
  addMergeKeys(): void;
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

/** The value a merge key maps to, and back. */
export const mergeKeyValue = (rank: number): number => -rank - 1;
/** The rank behind any value in `ranks`. */
export const rankOfValue = (value: number): number => (value >= 0 ? value : -value - 1);

/** A binary string (one char per byte) as a merge key: bytes >= 0x80 become 0xDC00 + byte. */
export function binaryToMergeKey(binary: string): string {
  let key = '';
  for (let i = 0; i < binary.length; i++) {
    const byte = binary.charCodeAt(i);
    key += String.fromCharCode(byte < 0x80 ? byte : 0xdc00 | byte);
  }
  return key;
}

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

/** The table over `ranks` (text keys in place), adding merge keys from `nonAscii` on demand. */
function tables(ranks: Map<string, number>, maxTokenBytes: number, nonAscii: () => Iterable<readonly [string, number]>): RankTables {
  let added = false;
  return {
    ranks,
    maxTokenBytes,
    addMergeKeys() {
      if (added) return;
      added = true;
      for (const [binary, rank] of nonAscii()) ranks.set(binaryToMergeKey(binary), mergeKeyValue(rank));
    },
  };
}

export function ranksFromJsTiktoken(file: JsTiktokenRanks): RankTables {
  const ranks = new Map<string, number>();
  const nonAscii: Array<readonly [string, number]> = [];
  let maxTokenBytes = 0;
  for (const line of file.bpe_ranks.split('\n')) {
    if (line === '') continue;
    const fields = line.split(' ');
    const first = Number.parseInt(fields[1]!, 10);
    for (let i = 2; i < fields.length; i++) {
      const binary = atob(fields[i]!);
      const rank = first + i - 2;
      if (binary.length > maxTokenBytes) maxTokenBytes = binary.length;
      const text = decodeToken(binary);
      if (text !== undefined) ranks.set(text, rank);
      if (text !== binary) nonAscii.push([binary, rank]);
    }
  }
  return tables(ranks, maxTokenBytes, () => nonAscii);
}

/** Every token as [bytes as a binary string, rank], in rank order. */
export function* tokensOf(prepared: PreparedRanks): Generator<readonly [string, number]> {
  let offset = 0;
  for (let rank = 0; rank < prepared.size; rank++) {
    const length = prepared.byteLengths.charCodeAt(rank) - LENGTH_BASE;
    if (length > 0) yield [prepared.bytes.slice(offset, (offset += length)), rank];
  }
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
  const ranks = new Map<string, number>();
  const { byteLengths, textLengths, bytes, text } = prepared;
  let maxTokenBytes = 0;
  let byteOffset = 0;
  let textOffset = 0;
  for (let rank = 0; rank < prepared.size; rank++) {
    const length = byteLengths.charCodeAt(rank) - LENGTH_BASE;
    if (length === 0) continue;
    if (length > maxTokenBytes) maxTokenBytes = length;
    const textLength = textLengths.charCodeAt(rank) - LENGTH_BASE;
    if (textLength === ASCII_TEXT) ranks.set(bytes.slice(byteOffset, byteOffset + length), rank);
    else if (textLength !== NO_TEXT) ranks.set(text.slice(textOffset, (textOffset += textLength)), rank);
    byteOffset += length;
  }
  if (byteOffset !== bytes.length || textOffset !== text.length) {
    throw new Error(`prepared ranks for ${prepared.encoding} are inconsistent; rebuild with npm run build`);
  }
  return tables(ranks, maxTokenBytes, function* () {
    for (const [binary, rank] of tokensOf(prepared)) {
      if (textLengths.charCodeAt(rank) - LENGTH_BASE !== ASCII_TEXT) yield [binary, rank];
    }
  });
}
