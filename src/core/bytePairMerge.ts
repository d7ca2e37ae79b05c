import { NO_RANK, type ByteRanks } from './byteRanks.js';

/**
 * Byte-pair merge of one pre-tokenized piece, with the result of OpenAI's Rust `_byte_pair_merge`:
 * repeatedly merge the adjacent pair whose bytes have the lowest rank, the leftmost on ties.
 *
 * Every part is a token from start to end (a byte at first; two parts merge only into a token), so
 * the merge keeps each part's rank and looks a pair up by the ranks of its two parts (`ByteRanks.pair`,
 * which hashes them in O(1)). The final parts' ranks are the tokens, with no lookup left to make.
 *
 * Two ways to find the next pair, with identical results:
 * - short pieces: Rust's linear scan over the pair ranks (quadratic, but cheap for a few bytes);
 * - long pieces: a min-heap of pairs keyed by (rank, start offset) over a linked list of parts, so
 *   a merge costs O(log n) and the whole piece O(n log n). The start offset is the tie-break
 *   because the linear scan takes the leftmost minimum, and parts are in offset order.
 * Both work in typed arrays reused from piece to piece: counting a piece allocates nothing.
 */

/** Pieces this long (in bytes) and longer take the heap (measured: from ~16 bytes it is no slower). */
export const HEAP_MERGE_FROM = 16;

/**
 * Merges the first `n` bytes of `bytes` (n >= 1) and returns how many tokens they make; the tokens'
 * ranks are appended to `tokens` when it is given.
 */
export function bytePairMerge(bytes: Uint8Array, n: number, ranks: ByteRanks, heapFrom = HEAP_MERGE_FROM, tokens?: number[]): number {
  return n >= heapFrom ? heapMerge(bytes, n, ranks, tokens) : linearMerge(bytes, n, ranks, tokens);
}

/** Work arrays, reused up to this many bytes (bigger pieces get their own). */
const REUSED_UP_TO = 1 << 16;

interface Work {
  /** Linear merge: start offset of part i (then the piece length). Heap merge: start of the part after the part at i. */
  readonly next: Int32Array;
  readonly prev: Int32Array;
  /** Rank of the part at i (linear: part number i; heap: the part starting at byte i). */
  readonly part: Int32Array;
  /** Rank of the pair the part at i starts with its right neighbour; NO_RANK if none. */
  readonly pair: Int32Array;
  heap: Float64Array;
}

let reused: Work | undefined;

function newWork(size: number): Work {
  return { next: new Int32Array(size + 1), prev: new Int32Array(size + 1), part: new Int32Array(size + 1), pair: new Int32Array(size + 1), heap: new Float64Array(size + 1) };
}

function workArrays(n: number): Work {
  if (n > REUSED_UP_TO) return newWork(n);
  if (!reused || reused.pair.length <= n) reused = newWork(Math.min(REUSED_UP_TO, Math.max(256, 2 * n)));
  return reused;
}

/** Rust's algorithm as written: scan every pair rank for the minimum, merge it, re-rank its neighbours. */
function linearMerge(bytes: Uint8Array, n: number, ranks: ByteRanks, tokens: number[] | undefined): number {
  const { next: start, part, pair } = workArrays(n);
  const { byteRank } = ranks;
  for (let i = 0; i < n; i++) {
    start[i] = i;
    part[i] = byteRank[bytes[i]!]!;
  }
  start[n] = n;
  for (let i = 0; i + 1 < n; i++) pair[i] = ranks.bytesRank(bytes[i]!, bytes[i + 1]!);

  let parts = n;
  for (;;) {
    let best = -1;
    let bestRank = NO_RANK;
    for (let i = 0; i + 1 < parts; i++) {
      if (pair[i]! < bestRank) {
        bestRank = pair[i]!;
        best = i;
      }
    }
    if (best < 0) break;
    // Part best + 1 joins part best: shift the parts after it down by one.
    part[best] = bestRank;
    parts--;
    for (let i = best + 1; i < parts; i++) {
      start[i] = start[i + 1]!;
      part[i] = part[i + 1]!;
      pair[i] = pair[i + 1]!;
    }
    start[parts] = n;
    pair[best] = best + 1 < parts ? ranks.pair(bestRank, part[best + 1]!, bytes, start[best]!, start[best + 1]!, start[best + 2]!) : NO_RANK;
    if (best > 0) pair[best - 1] = ranks.pair(part[best - 1]!, bestRank, bytes, start[best - 1]!, start[best]!, start[best + 1]!);
  }
  if (tokens) for (let i = 0; i < parts; i++) tokens.push(part[i]!);
  return parts;
}

/** Heap keys pack (rank, start) into one double: rank * 2^31 + start, exact while rank < 2^22. */
const START_SPAN = 2 ** 31;
const PER_SPAN = 2 ** -31;

/**
 * The heap merge, with the same result as `linearMerge`. Parts are identified by their start
 * offset; `next[i]` is the start of the part after the part at `i` (the piece length for the last).
 *
 * The heap holds (rank, start) keys in one Float64Array, with lazy invalidation: a key counts only
 * if its part still starts a pair of that rank (`pair[start] === rank`), and every change of a
 * pair's rank pushes its new key. So the smallest valid key is the leftmost pair of the lowest
 * rank, the one Rust's scan picks. Stale keys are swept out when they fill the heap. One function
 * with the heap in local variables (no closures over them): this loop is most of a CJK count.
 */
function heapMerge(bytes: Uint8Array, n: number, ranks: ByteRanks, tokens: number[] | undefined): number {
  const work = workArrays(n);
  const { next, prev, part, pair } = work;
  let heap = work.heap;
  let size = 0;

  const { byteRank } = ranks;
  for (let i = 0; i < n; i++) {
    next[i] = i + 1;
    prev[i] = i - 1;
    part[i] = byteRank[bytes[i]!]!;
    const rank = i + 1 < n ? ranks.bytesRank(bytes[i]!, bytes[i + 1]!) : NO_RANK;
    pair[i] = rank;
    if (rank !== NO_RANK) heap[size++] = rank * START_SPAN + i;
  }
  next[n] = n;
  for (let k = (size >> 1) - 1; k >= 0; k--) siftDown(heap, size, k, heap[k]!);

  let parts = n;
  while (size > 0) {
    const key = heap[0]!;
    const rank = Math.floor(key * PER_SPAN);
    const left = key - rank * START_SPAN;
    if (pair[left] !== rank) {
      // A stale key: its pair has merged or changed rank since.
      const last = heap[--size]!;
      if (size > 0) siftDown(heap, size, 0, last);
      continue;
    }
    const right = next[left]!;
    const after = next[right]!;
    // `right` joins `left`: unlink it, retire its pair, and re-rank the pairs on both sides.
    parts--;
    part[left] = rank;
    next[left] = after;
    if (after < n) prev[after] = left;
    pair[right] = NO_RANK;
    const leftPair = after < n ? ranks.pair(rank, part[after]!, bytes, left, after, next[after]!) : NO_RANK;
    pair[left] = leftPair;
    // The popped key's place goes to the left pair's new key, or to the last key.
    if (leftPair !== NO_RANK) siftDown(heap, size, 0, leftPair * START_SPAN + left);
    else {
      const last = heap[--size]!;
      if (size > 0) siftDown(heap, size, 0, last);
    }
    if (left > 0) {
      const before = prev[left]!;
      const beforePair = ranks.pair(part[before]!, rank, bytes, before, left, after);
      if (beforePair !== pair[before]) {
        pair[before] = beforePair;
        if (beforePair !== NO_RANK) {
          if (size === heap.length) {
            size = sweep(heap, size, pair);
            if (size > heap.length >> 1) {
              const bigger = new Float64Array(heap.length * 2);
              bigger.set(heap);
              heap = bigger;
              if (work === reused && bigger.length <= REUSED_UP_TO) reused.heap = bigger;
            }
          }
          siftUp(heap, size++, beforePair * START_SPAN + before);
        }
      }
    }
  }
  if (tokens) for (let i = 0; i < n; i = next[i]!) tokens.push(part[i]!);
  return parts;
}

/** Puts `key` at `k` of the heap of `size` keys and moves it down to its place. */
function siftDown(heap: Float64Array, size: number, k: number, key: number): void {
  for (;;) {
    let child = 2 * k + 1;
    if (child >= size) break;
    if (child + 1 < size && heap[child + 1]! < heap[child]!) child++;
    if (heap[child]! >= key) break;
    heap[k] = heap[child]!;
    k = child;
  }
  heap[k] = key;
}

/** Puts `key` at `k` (the heap's end) and moves it up to its place. */
function siftUp(heap: Float64Array, k: number, key: number): void {
  while (k > 0) {
    const parent = (k - 1) >> 1;
    if (heap[parent]! <= key) break;
    heap[k] = heap[parent]!;
    k = parent;
  }
  heap[k] = key;
}

/** Drops stale keys and re-heapifies; returns the new size. O(size), paid for by the pushes that made them stale. */
function sweep(heap: Float64Array, size: number, pair: Int32Array): number {
  let kept = 0;
  for (let k = 0; k < size; k++) {
    const key = heap[k]!;
    const rank = Math.floor(key * PER_SPAN);
    if (pair[key - rank * START_SPAN] === rank) heap[kept++] = key;
  }
  for (let k = (kept >> 1) - 1; k >= 0; k--) siftDown(heap, kept, k, heap[k]!);
  return kept;
}
