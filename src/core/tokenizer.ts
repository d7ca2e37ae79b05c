import { bytePairMerge, HEAP_MERGE_FROM } from './bytePairMerge.js';
import { NO_RANK } from './byteRanks.js';
import { DEFAULT_CACHE_LIMITS, PieceCache, type PieceCacheLimits } from './pieceCache.js';
import { pieceBytes } from './pieceBytes.js';
import { isPreparedRanks, preparedRanksInSteps, ranksFromJsTiktoken, type RankTables } from './rankTable.js';
import { isOpenWeightFamily, loadFamilyTokenizer, type TokenizerName } from './openWeight.js';
import { splitRegex, type EncodingName } from './splitPattern.js';

export type { EncodingName } from './splitPattern.js';
export type { TokenizerName } from './openWeight.js';

/**
 * Counts text as OpenAI's tokenizer does (or an open-weight family's, openWeight.ts): ordinary text
 * only, so `<|endoftext|>` is just characters.
 */
export interface Tokenizer {
  readonly encoding: TokenizerName;
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

export function createTokenizer(encoding: EncodingName, tables: RankTables, options: TokenizerOptions = {}): SteppingTokenizer {
  const { text: textRanks } = tables;
  const heapFrom = options.heapMergeFrom ?? HEAP_MERGE_FROM;
  const cache = options.cache === false ? undefined : new PieceCache(options.cache ?? DEFAULT_CACHE_LIMITS);
  const splitter = splitRegex(encoding);

  /**
   * A piece that is not one token's text, merged by its UTF-8 bytes: how many tokens it makes, and
   * their ranks appended to `tokens` when given.
   */
  const mergePiece = (piece: string, tokens?: number[]): number => {
    const { bytes, length, ascii } = pieceBytes(piece);
    // A well-formed piece that is not a token's text is no token's bytes either (the text table
    // holds every token whose bytes are valid UTF-8); only a lone surrogate (encoded as U+FFFD)
    // can make one token by its bytes alone.
    if (!ascii && length <= tables.maxTokenBytes && !isWellFormed(piece)) {
      const whole = tables.byteRanks().rank(bytes, 0, length);
      if (whole !== NO_RANK) {
        tokens?.push(whole);
        return 1;
      }
    }
    return bytePairMerge(bytes, length, tables.byteRanks(), heapFrom, tokens);
  };

  const countPiece = (piece: string): number => {
    if (textRanks.has(piece)) return 1;
    const cached = cache?.get(piece);
    if (cached !== undefined) return cached;
    const tokens = mergePiece(piece);
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
        const whole = textRanks.get(match[0]);
        if (whole !== undefined) tokens.push(whole);
        else mergePiece(match[0], tokens);
      }
      return tokens;
    },
  };
}

/** No lone surrogate (ES2024's String.prototype.isWellFormed, in Node since 20). */
function isWellFormed(text: string): boolean {
  return (text as string & { isWellFormed(): boolean }).isWellFormed();
}

export type RankSource = 'prepared' | 'js-tiktoken';

const loading = new Map<TokenizerName, Promise<SteppingTokenizer>>();
const sources = new Map<EncodingName, RankSource>();

/**
 * Loads an encoding's ranks (or an open-weight family's vocabulary) once per process; later calls
 * share the same promise. A session that counts only OpenAI's models never loads a family's.
 */
export function loadTokenizer(encoding: TokenizerName): Promise<SteppingTokenizer> {
  let pending = loading.get(encoding);
  if (!pending) {
    pending = isOpenWeightFamily(encoding) ? loadFamilyTokenizer(encoding) : loadRanks(encoding).then((tables) => createTokenizer(encoding, tables));
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
    // A step at a time, giving the event loop a turn in between: the dashboard loads its encoder
    // after the first frame, while keys may already come.
    const steps = preparedRanksInSteps(prepared);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
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
