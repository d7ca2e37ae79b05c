/**
 * Byte-pair merge of one pre-tokenized piece, with the result of OpenAI's Rust `_byte_pair_merge`:
 * repeatedly merge the adjacent pair whose bytes have the lowest rank, the leftmost on ties.
 *
 * The merge sees a piece only as its length in bytes and `rankOf(start, end)`, the rank of the
 * bytes from `start` to `end` (NO_RANK when they are not a token); pieceRanks.ts builds that from
 * the rank table.
 *
 * Two ways to find the next pair, with identical results:
 * - short pieces: Rust's linear scan over the pair ranks (quadratic, but cheap for a few bytes);
 * - long pieces: a min-heap of pairs keyed by (rank, start offset) over a linked list of parts, so
 *   a merge costs O(log n) and the whole piece O(n log n). The start offset is the tie-break
 *   because the linear scan takes the leftmost minimum, and parts are in offset order.
 */

/** Rank of a byte range that is not a token (Rust's `Rank::MAX`); every real rank is below it. */
export const NO_RANK = 0x7fffffff;

/** The rank of the piece's bytes from `start` to `end`, or NO_RANK. */
export type RankOf = (start: number, end: number) => number;

/** Pieces this long (in bytes) and longer take the heap (measured: from ~16 bytes it is no slower). */
export const HEAP_MERGE_FROM = 16;

/** Start offsets of the final tokens of a piece of `length` bytes, plus `length` as the last entry. */
export function mergeBoundaries(length: number, rankOf: RankOf, heapFrom = HEAP_MERGE_FROM): number[] {
  return length >= heapFrom ? heapMerge(length, rankOf) : linearMerge(length, rankOf);
}

/** Rust's algorithm as written: scan every pair rank for the minimum, merge it, update its neighbours. */
function linearMerge(n: number, rankOf: RankOf): number[] {
  const starts: number[] = [];
  for (let i = 0; i <= n; i++) starts.push(i);
  // pairRank[i]: rank of the bytes from starts[i] to starts[i + 2], the merge of parts i and i + 1.
  const pairRank: number[] = [];
  for (let i = 0; i + 1 < n; i++) pairRank.push(rankOf(i, i + 2));

  for (;;) {
    let best = -1;
    let bestRank = NO_RANK;
    for (let i = 0; i < pairRank.length; i++) {
      if (pairRank[i]! < bestRank) {
        bestRank = pairRank[i]!;
        best = i;
      }
    }
    if (best < 0) return starts;
    starts.splice(best + 1, 1);
    pairRank.splice(best, 1);
    if (best < pairRank.length) pairRank[best] = rankOf(starts[best]!, starts[best + 2]!);
    if (best > 0) pairRank[best - 1] = rankOf(starts[best - 1]!, starts[best + 1]!);
  }
}

/** Work arrays of the heap merge, reused up to this many bytes (bigger pieces get their own). */
const REUSED_UP_TO = 1 << 16;
let reused: { next: Int32Array; prev: Int32Array; pairRank: Int32Array; heap: Float64Array } | undefined;

function workArrays(n: number) {
  if (n > REUSED_UP_TO) {
    return { next: new Int32Array(n + 1), prev: new Int32Array(n + 1), pairRank: new Int32Array(n), heap: new Float64Array(n) };
  }
  if (!reused || reused.pairRank.length < n) {
    const size = Math.min(REUSED_UP_TO, Math.max(256, 2 * n));
    reused = { next: new Int32Array(size + 1), prev: new Int32Array(size + 1), pairRank: new Int32Array(size), heap: new Float64Array(size) };
  }
  return reused;
}

/** Heap keys pack (rank, start) into one double: rank * 2^31 + start, exact while rank < 2^22. */
const START_SPAN = 2 ** 31;

/**
 * The heap merge, with the same result as `linearMerge`. Parts are identified by their start
 * offset; `next[i]` is the start of the part after the part at `i` (the piece length for the last).
 *
 * The heap holds (rank, start) keys in one Float64Array, with lazy invalidation: a popped key
 * counts only if the part still starts a pair of that rank (`pairRank[start] === rank`), and every
 * change of a pair's rank pushes its new key. So the smallest valid key is the leftmost pair of the
 * lowest rank, the one Rust's scan picks. Stale keys are swept out when they outnumber live ones.
 */
export function heapMerge(n: number, rankOf: RankOf): number[] {
  const work = workArrays(n);
  const { next, prev } = work;
  const pairRank = work.pairRank; // rank of (part at i) + (part after it); NO_RANK if none or i is merged away
  let heap = work.heap;
  let size = 0;
  let live = 0; // pairs with a rank: the keys in the heap that can still be valid

  const siftDown = (k: number): void => {
    const key = heap[k]!;
    for (;;) {
      let child = 2 * k + 1;
      if (child >= size) break;
      if (child + 1 < size && heap[child + 1]! < heap[child]!) child++;
      if (heap[child]! >= key) break;
      heap[k] = heap[child]!;
      k = child;
    }
    heap[k] = key;
  };
  const push = (key: number): void => {
    if (size === heap.length) {
      if (size > 2 * live + 64) sweep();
      if (size === heap.length) {
        const bigger = new Float64Array(heap.length * 2);
        bigger.set(heap);
        heap = bigger;
        if (work === reused && bigger.length <= REUSED_UP_TO) reused.heap = bigger;
      }
    }
    let k = size++;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (heap[parent]! <= key) break;
      heap[k] = heap[parent]!;
      k = parent;
    }
    heap[k] = key;
  };
  const isCurrent = (key: number): boolean => {
    const rank = Math.floor(key / START_SPAN);
    return pairRank[key - rank * START_SPAN] === rank;
  };
  /** Drops stale keys and re-heapifies: O(size), paid for by the pushes that made them stale. */
  const sweep = (): void => {
    let kept = 0;
    for (let k = 0; k < size; k++) if (isCurrent(heap[k]!)) heap[kept++] = heap[k]!;
    size = kept;
    for (let k = (size >> 1) - 1; k >= 0; k--) siftDown(k);
  };
  const setPairRank = (part: number, rank: number): void => {
    const old = pairRank[part]!;
    if (old === rank) return;
    if (old !== NO_RANK) live--;
    pairRank[part] = rank;
    if (rank !== NO_RANK) {
      live++;
      push(rank * START_SPAN + part);
    }
  };

  for (let i = 0; i < n; i++) {
    next[i] = i + 1;
    prev[i] = i - 1;
    const rank = i + 1 < n ? rankOf(i, i + 2) : NO_RANK;
    pairRank[i] = rank;
    if (rank !== NO_RANK) heap[size++] = rank * START_SPAN + i;
  }
  live = size;
  next[n] = n;
  for (let k = (size >> 1) - 1; k >= 0; k--) siftDown(k);

  while (size > 0) {
    const key = heap[0]!;
    heap[0] = heap[--size]!;
    siftDown(0);
    if (!isCurrent(key)) continue;
    const left = key - Math.floor(key / START_SPAN) * START_SPAN;
    const right = next[left]!;
    const after = next[right]!;
    // `right` joins `left`: unlink it, retire its pair, and re-rank the pairs on both sides.
    next[left] = after;
    if (after < n) prev[after] = left;
    setPairRank(right, NO_RANK);
    pairRank[left] = NO_RANK; // its key was just popped
    live--;
    setPairRank(left, after < n ? rankOf(left, next[after]!) : NO_RANK);
    if (left > 0) setPairRank(prev[left]!, rankOf(prev[left]!, after));
  }
  const starts: number[] = [];
  for (let i = 0; i < n; i = next[i]!) starts.push(i);
  starts.push(n);
  return starts;
}
