import { NO_RANK } from './bytePairMerge.js';

/**
 * Every token of an encoding by its bytes, looked up from a range of a byte array without building
 * a string: the merge asks for the rank of each candidate pair, and cutting a substring to look
 * it up in a Map was most of the time spent on CJK and base64 (issue 17). An open-addressing hash
 * (FNV-1a over the bytes, linear probing) over one pool of every token's bytes in rank order. A
 * slot holds the rank and the high bits of the hash, so a miss (most candidate pairs are no token)
 * costs one read of the slot table, not of the token's bytes.
 */
export class ByteRanks {
  private readonly starts: Int32Array;
  private readonly slots: Uint32Array;
  private readonly mask: number;
  /** A slot: rank + 1 in its low `rankBits` bits (0: empty), the hash's top bits above them. */
  private readonly rankBits: number;
  private readonly rankMask: number;

  /** `pool`: every token's bytes in rank order; `lengths[rank]`: its length (0: no token of that rank). */
  constructor(
    private readonly pool: Uint8Array,
    lengths: ArrayLike<number>,
  ) {
    const size = lengths.length;
    this.starts = new Int32Array(size + 1);
    let tokens = 0;
    for (let rank = 0; rank < size; rank++) {
      this.starts[rank + 1] = this.starts[rank]! + lengths[rank]!;
      if (lengths[rank]! > 0) tokens++;
    }
    if (this.starts[size] !== pool.length) throw new Error(`byte ranks: lengths add up to ${this.starts[size]}, the pool has ${pool.length} bytes`);
    this.rankBits = Math.max(1, Math.ceil(Math.log2(size + 1)));
    this.rankMask = 2 ** this.rankBits - 1;
    // At most half full: a miss ends after a probe or two, and the table stays small enough to
    // sit mostly in the CPU's cache (2 MB for o200k_base).
    let capacity = 1024;
    while (capacity < tokens * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.slots = new Uint32Array(capacity);
    for (let rank = 0; rank < size; rank++) {
      const start = this.starts[rank]!;
      const end = this.starts[rank + 1]!;
      if (end === start) continue;
      const hash = hashBytes(pool, start, end);
      let slot = hash & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = (this.tag(hash) | (rank + 1)) >>> 0;
    }
  }

  /** The rank of `bytes[start..end)` as one token, or NO_RANK. */
  rank(bytes: Uint8Array, start: number, end: number): number {
    const { pool, starts, slots, mask, rankMask } = this;
    const length = end - start;
    const hash = hashBytes(bytes, start, end);
    const tag = this.tag(hash);
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const value = slots[slot]!;
      if (value === 0) return NO_RANK;
      if (((value & ~rankMask) >>> 0) !== tag) continue;
      const entry = value & rankMask;
      const from = starts[entry - 1]!;
      if (starts[entry]! - from !== length) continue;
      let i = 0;
      while (i < length && pool[from + i] === bytes[start + i]) i++;
      if (i === length) return entry - 1;
    }
  }

  /** The hash's top bits, where a slot keeps them. */
  private tag(hash: number): number {
    return this.rankBits >= 32 ? 0 : ((hash >>> this.rankBits) << this.rankBits) >>> 0;
  }

  /** Every token as [its bytes, its rank], in rank order. */
  *entries(): Generator<[Uint8Array, number]> {
    for (let rank = 0; rank + 1 < this.starts.length; rank++) {
      const start = this.starts[rank]!;
      const end = this.starts[rank + 1]!;
      if (end > start) yield [this.pool.subarray(start, end), rank];
    }
  }
}

function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash ^ (hash >>> 15);
}

/** A binary string (one char per byte) as bytes. */
export function binaryToBytes(binary: string): Uint8Array {
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
