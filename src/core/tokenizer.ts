import { encodePiece, HEAP_MERGE_FROM, mergeBoundaries, type MergeOptions } from './bytePairMerge.js';
import { DEFAULT_CACHE_LIMITS, PieceCache, type PieceCacheLimits } from './pieceCache.js';
import { isPreparedRanks, ranksFromJsTiktoken, ranksFromPrepared, type RankTables } from './rankTable.js';
import { splitRegex, type EncodingName } from './splitPattern.js';

export type { EncodingName } from './splitPattern.js';

/** Counts text as OpenAI's tokenizer does: ordinary text only, so `<|endoftext|>` is just characters. */
export interface Tokenizer {
  readonly encoding: EncodingName;
  count(text: string): number;
  encode(text: string): number[];
}

/** How far one resumable counting step got: its tokens, and where the next step starts. */
export interface CountStep {
  readonly tokens: number;
  readonly end: number;
}

/** A tokenizer that can also count a long text in steps (for progress, or to yield between them). */
export interface SteppingTokenizer extends Tokenizer {
  /**
   * Counts whole pieces from `start` (0, or the `end` of the previous step) until at least `minChars`
   * chars are consumed or the text ends. The steps' tokens add up to `count(text)` exactly: the split
   * pattern has no look-behind, so splitting resumes at a piece boundary as if it had never stopped.
   */
  countFrom(text: string, start: number, minChars: number): CountStep;
}

export interface TokenizerOptions {
  /** Bounds of the piece -> count memo; `false` turns it off. */
  readonly cache?: PieceCacheLimits | false;
  /** Piece length (bytes) from which the heap merge is used (tests lower it). */
  readonly heapMergeFrom?: number;
}

/** The UTF-8 bytes of `text` as a binary string (one char per byte); ASCII is its own encoding. */
export function toByteString(text: string): string {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) return utf8Binary(text, i);
  }
  return text;
}

/** UTF-8 as TextEncoder writes it (a lone surrogate becomes U+FFFD), from `asciiEnd` on. */
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

export function createTokenizer(encoding: EncodingName, tables: RankTables, options: TokenizerOptions = {}): SteppingTokenizer {
  const { bytes: byteRanks, text: textRanks } = tables;
  const merge: MergeOptions = { maxTokenBytes: tables.maxTokenBytes, heapFrom: options.heapMergeFrom ?? HEAP_MERGE_FROM };
  const cache = options.cache === false ? undefined : new PieceCache(options.cache ?? DEFAULT_CACHE_LIMITS);
  const splitter = splitRegex(encoding);

  const countPiece = (piece: string): number => {
    if (textRanks.has(piece)) return 1;
    const cached = cache?.get(piece);
    if (cached !== undefined) return cached;
    const binary = toByteString(piece);
    const tokens = binary !== piece && byteRanks.has(binary) ? 1 : mergeBoundaries(binary, byteRanks, merge).length - 1;
    cache?.set(piece, tokens);
    return tokens;
  };

  const countFrom = (text: string, start: number, minChars: number): CountStep => {
    const stop = start + Math.max(1, minChars);
    let tokens = 0;
    let end = start;
    splitter.lastIndex = start;
    let match: RegExpExecArray | null;
    while (end < stop && (match = splitter.exec(text)) !== null) {
      tokens += countPiece(match[0]);
      end = splitter.lastIndex;
    }
    return { tokens, end: end < stop ? text.length : end };
  };

  return {
    encoding,
    count: (text) => countFrom(text, 0, text.length).tokens,
    countFrom,
    encode(text) {
      const tokens: number[] = [];
      splitter.lastIndex = 0;
      let match: RegExpExecArray | null;
      while ((match = splitter.exec(text)) !== null) {
        const whole = textRanks.get(match[0]);
        if (whole !== undefined) tokens.push(whole);
        else for (const token of encodePiece(toByteString(match[0]), byteRanks, merge)) tokens.push(token);
      }
      return tokens;
    },
  };
}

export type RankSource = 'prepared' | 'js-tiktoken';

const loading = new Map<EncodingName, Promise<SteppingTokenizer>>();
const sources = new Map<EncodingName, RankSource>();

/** Loads an encoding's ranks once per process; later calls share the same promise. */
export function loadTokenizer(encoding: EncodingName): Promise<SteppingTokenizer> {
  let pending = loading.get(encoding);
  if (!pending) {
    pending = loadRanks(encoding).then((tables) => createTokenizer(encoding, tables));
    loading.set(encoding, pending);
  }
  return pending;
}

/** Where a loaded encoding's ranks came from (undefined before it loads): for tests and benchmarks. */
export function rankSource(encoding: EncodingName): RankSource | undefined {
  return sources.get(encoding);
}

/** The prepared table next to the built code (dist/ranks/), else js-tiktoken's own files. */
export async function loadRanks(encoding: EncodingName): Promise<RankTables> {
  const prepared = await importPrepared(encoding);
  if (prepared) {
    sources.set(encoding, 'prepared');
    return ranksFromPrepared(prepared);
  }
  sources.set(encoding, 'js-tiktoken');
  return ranksFromJsTiktoken(await importJsTiktokenRanks(encoding));
}

async function importPrepared(encoding: EncodingName) {
  // A computed specifier: bundlers and vitest leave it alone, and from src/ (under vitest) it is absent.
  const specifier = `../ranks/${encoding}.js`;
  try {
    const module = (await import(/* @vite-ignore */ specifier)) as { default?: unknown };
    return isPreparedRanks(module.default, encoding) ? module.default : undefined;
  } catch {
    return undefined;
  }
}

export async function importJsTiktokenRanks(encoding: EncodingName) {
  switch (encoding) {
    case 'cl100k_base':
      return (await import('js-tiktoken/ranks/cl100k_base')).default;
    case 'o200k_base':
      return (await import('js-tiktoken/ranks/o200k_base')).default;
  }
}
