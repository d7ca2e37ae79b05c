import { countPiece, encodePiece, type RankTable } from './bytePairMerge.js';
import { splitRegex, type EncodingName } from './splitPattern.js';

export type { EncodingName } from './splitPattern.js';

/** Counts text as OpenAI's tokenizer does: ordinary text only, so `<|endoftext|>` is just characters. */
export interface Tokenizer {
  readonly encoding: EncodingName;
  count(text: string): number;
  encode(text: string): number[];
}

interface RankFile {
  readonly bpe_ranks: string;
}

const utf8 = new TextEncoder();
const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** The UTF-8 bytes of `text` as a binary string (one char per byte); ASCII is its own encoding. */
export function toByteString(text: string): string {
  if (ASCII_ONLY.test(text)) return text;
  const bytes = utf8.encode(text);
  let out = '';
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    out += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return out;
}

/** js-tiktoken's rank files: lines of "label firstRank token token ...", tokens base64, ranks consecutive. */
export function parseRanks(file: RankFile): Map<string, number> {
  const ranks = new Map<string, number>();
  for (const line of file.bpe_ranks.split('\n')) {
    if (line === '') continue;
    const fields = line.split(' ');
    const first = Number.parseInt(fields[1]!, 10);
    for (let i = 2; i < fields.length; i++) ranks.set(atob(fields[i]!), first + i - 2);
  }
  return ranks;
}

export function createTokenizer(encoding: EncodingName, ranks: RankTable): Tokenizer {
  const eachPiece = function* (text: string): Generator<string> {
    for (const match of text.matchAll(splitRegex(encoding))) yield toByteString(match[0]);
  };
  return {
    encoding,
    count(text) {
      let total = 0;
      for (const piece of eachPiece(text)) total += countPiece(piece, ranks);
      return total;
    },
    encode(text) {
      const tokens: number[] = [];
      for (const piece of eachPiece(text)) tokens.push(...encodePiece(piece, ranks));
      return tokens;
    },
  };
}

const loading = new Map<EncodingName, Promise<Tokenizer>>();

/** Loads an encoding's ranks once per process; later calls share the same promise. */
export function loadTokenizer(encoding: EncodingName): Promise<Tokenizer> {
  let pending = loading.get(encoding);
  if (!pending) {
    pending = importRanks(encoding).then((file) => createTokenizer(encoding, parseRanks(file)));
    loading.set(encoding, pending);
  }
  return pending;
}

async function importRanks(encoding: EncodingName): Promise<RankFile> {
  switch (encoding) {
    case 'cl100k_base':
      return (await import('js-tiktoken/ranks/cl100k_base')).default;
    case 'o200k_base':
      return (await import('js-tiktoken/ranks/o200k_base')).default;
  }
}
