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

/**
 * `text` as a merge key (rankTable.ts): its UTF-8 bytes, ASCII as itself and each byte >= 0x80
 * as the char 0xDC00 + byte. ASCII text is its own key.
 */
export function toMergeKey(text: string): string {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) return utf8MergeKey(text, i);
  }
  return text;
}

const HIGH = 0xdc00;

/** UTF-8 as TextEncoder writes it (a lone surrogate becomes U+FFFD), from `asciiEnd` on. */
function utf8MergeKey(text: string, asciiEnd: number): string {
  const codes: number[] = [];
  let out = text.slice(0, asciiEnd);
  for (let i = asciiEnd; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) codes.push(c);
    else if (c < 0x800) codes.push(HIGH | 0xc0 | (c >> 6), HIGH | 0x80 | (c & 63));
    else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const low = c <= 0xdbff && i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
        if (low >= 0xdc00 && low <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          i++;
          codes.push(HIGH | 0xf0 | (c >> 18), HIGH | 0x80 | ((c >> 12) & 63), HIGH | 0x80 | ((c >> 6) & 63), HIGH | 0x80 | (c & 63));
          continue;
        }
        c = 0xfffd;
      }
      codes.push(HIGH | 0xe0 | (c >> 12), HIGH | 0x80 | ((c >> 6) & 63), HIGH | 0x80 | (c & 63));
    }
    if (codes.length >= 8192) {
      out += String.fromCharCode(...codes);
      codes.length = 0;
    }
  }
  return out + String.fromCharCode(...codes);
}

export function createTokenizer(encoding: EncodingName, tables: RankTables, options: TokenizerOptions = {}): SteppingTokenizer {
  const { ranks } = tables;
  const merge: MergeOptions = { maxTokenBytes: tables.maxTokenBytes, heapFrom: options.heapMergeFrom ?? HEAP_MERGE_FROM };
  const cache = options.cache === false ? undefined : new PieceCache(options.cache ?? DEFAULT_CACHE_LIMITS);
  const splitter = splitRegex(encoding);

  /** The piece's merge key; non-ASCII keys need the table's merge keys, added on first use. */
  const mergeKey = (piece: string): string => {
    const key = toMergeKey(piece);
    if (key !== piece) tables.addMergeKeys();
    return key;
  };

  const countPiece = (piece: string): number => {
    // A text key (>= 0) is a whole token; a negative hit is a merge key that the text only resembles.
    const whole = ranks.get(piece);
    if (whole !== undefined && whole >= 0) return 1;
    const cached = cache?.get(piece);
    if (cached !== undefined) return cached;
    const key = mergeKey(piece);
    const tokens = key !== piece && ranks.has(key) ? 1 : mergeBoundaries(key, ranks, merge).length - 1;
    cache?.set(piece, tokens);
    return tokens;
  };

  const countFrom = (text: string, start: number, minChars: number): CountStep => {
    const stop = start + Math.max(1, minChars);
    let tokens = 0;
    let end = start;
    splitter.lastIndex = start;
    // `test` rather than `exec`: no match array per piece. Pieces are contiguous (every char is
    // matched by one of the pattern's alternatives), so each one runs from the last end to lastIndex.
    while (end < stop && splitter.test(text)) {
      const next = splitter.lastIndex;
      tokens += countPiece(text.slice(end, next));
      end = next;
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
        const whole = ranks.get(match[0]);
        if (whole !== undefined && whole >= 0) tokens.push(whole);
        else for (const token of encodePiece(mergeKey(match[0]), ranks, merge)) tokens.push(token);
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
