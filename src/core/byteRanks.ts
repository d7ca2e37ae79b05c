/** Rank of a byte range that is not a token (Rust's `Rank::MAX`); every real rank is below it. */
export const NO_RANK = 0x7fffffff;

/** Bits of the miss filter per token: 10 gives ~9% false positives in 256 KB for o200k_base. */
const FILTER_BITS_PER_TOKEN = 10;

/** The polynomial hash's multiplier (odd, so multiplying by it loses nothing mod 2^32). */
const MULTIPLIER = 0x01000193;

/**
 * Every token of an encoding by its bytes, looked up without building a string: the merge asks
 * for the rank of each candidate pair, and cutting a substring to look it up in a Map was most of
 * the time spent on CJK and base64 (issue 17). An open-addressing hash (linear probing) over one
 * pool of every token's bytes in rank order. A slot holds the rank and the high bits of the hash,
 * so a miss (most candidate pairs are no token) costs one read of the slot table, not of the bytes.
 *
 * The hash is polynomial (h(s + b) = h(s) * M + b + 1, mod 2^32), so the hash of two tokens side by
 * side is h(left) * M^length(right) + h(right): the merge looks a pair up by its parts' ranks
 * (`pair`) from each token's hash, kept here, without reading the pair's bytes until a slot's hash
 * bits match. The bytes are always compared before a rank is returned, so a collision costs time,
 * never a wrong rank.
 */
export class ByteRanks {
  private readonly starts: Int32Array;
  /** Per rank, the polynomial hash of its bytes (before mixing). */
  private readonly tokenHash: Int32Array;
  /** MULTIPLIER^k mod 2^32, for k up to the longest token. */
  private readonly power: Int32Array;
  private readonly slots: Uint32Array;
  private readonly mask: number;
  /**
   * One bit per slot of a small bit set, set for every token's hash: a miss is known from it
   * alone most of the time. The slot table (2 MB for o200k_base) is read only if the bit is set:
   * a random read of it misses the CPU's caches and cost most of a lookup (~120 ns of 150 ns).
   */
  private readonly filter: Int32Array;
  private readonly filterShift: number;
  /** A slot: rank + 1 in its low `rankBits` bits (0: empty), the mixed hash's top bits above them. */
  private readonly rankBits: number;
  private readonly rankMask: number;
  private readonly tagMask: number;
  /** The longest token, in bytes. */
  readonly maxTokenBytes: number;
  /** The rank of each single byte (NO_RANK if a byte is no token). */
  readonly byteRank = new Int32Array(256);
  /** The rank of bytes a, b as one token, at a << 8 | b, or NO_RANK: every merge starts with these. */
  private readonly bytePair = new Int32Array(65_536);

  /** `pool`: every token's bytes in rank order; `lengths[rank]`: its length (0: no token of that rank). */
  constructor(
    private readonly pool: Uint8Array,
    lengths: ArrayLike<number>,
  ) {
    const size = lengths.length;
    this.starts = new Int32Array(size + 1);
    let tokens = 0;
    let longest = 0;
    for (let rank = 0; rank < size; rank++) {
      const length = lengths[rank]!;
      this.starts[rank + 1] = this.starts[rank]! + length;
      if (length > 0) tokens++;
      if (length > longest) longest = length;
    }
    if (this.starts[size] !== pool.length) throw new Error(`byte ranks: lengths add up to ${this.starts[size]}, the pool has ${pool.length} bytes`);
    this.maxTokenBytes = longest;
    this.power = new Int32Array(longest + 1);
    this.power[0] = 1;
    for (let k = 1; k <= longest; k++) this.power[k] = Math.imul(this.power[k - 1]!, MULTIPLIER);
    this.rankBits = Math.max(1, Math.ceil(Math.log2(size + 1)));
    this.rankMask = 2 ** this.rankBits - 1;
    this.tagMask = this.rankBits >= 32 ? 0 : (~this.rankMask >>> 0);
    // At most half full: a miss ends after a probe or two, and the table stays small enough to
    // sit mostly in the CPU's cache (2 MB for o200k_base).
    let capacity = 1024;
    while (capacity < tokens * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.slots = new Uint32Array(capacity);
    const filterBits = Math.max(10, Math.ceil(Math.log2(tokens * FILTER_BITS_PER_TOKEN)));
    this.filter = new Int32Array(2 ** (filterBits - 5));
    this.filterShift = 32 - (filterBits - 5);
    this.tokenHash = new Int32Array(size);
    this.byteRank.fill(NO_RANK);
    this.bytePair.fill(NO_RANK);
    for (let rank = 0; rank < size; rank++) {
      const start = this.starts[rank]!;
      const end = this.starts[rank + 1]!;
      if (end === start) continue;
      if (end - start === 1) this.byteRank[pool[start]!] = rank;
      else if (end - start === 2) this.bytePair[(pool[start]! << 8) | pool[start + 1]!] = rank;
      const hash = hashBytes(pool, start, end);
      this.tokenHash[rank] = hash;
      const mixed = mix(hash);
      this.filter[mixed >>> this.filterShift]! |= 1 << (mixed & 31);
      let slot = mixed & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = ((mixed & this.tagMask) | (rank + 1)) >>> 0;
    }
  }

  /** The rank of `bytes[start..end)` as one token, or NO_RANK. */
  rank(bytes: Uint8Array, start: number, end: number): number {
    if (end - start > this.maxTokenBytes) return NO_RANK;
    return this.find(hashBytes(bytes, start, end), bytes, start, end);
  }

  /** The rank of the pair of bytes a, b as one token, or NO_RANK. */
  bytesRank(a: number, b: number): number {
    return this.bytePair[(a << 8) | b]!;
  }

  /**
   * The rank of the token `left` followed by the token `right` as one token, or NO_RANK; they are
   * `bytes[start..middle)` and `bytes[middle..end)`.
   */
  pair(left: number, right: number, bytes: Uint8Array, start: number, middle: number, end: number): number {
    if (end - start > this.maxTokenBytes) return NO_RANK;
    const hash = (Math.imul(this.tokenHash[left]!, this.power[end - middle]!) + this.tokenHash[right]!) | 0;
    return this.find(hash, bytes, start, end);
  }

  private find(hash: number, bytes: Uint8Array, start: number, end: number): number {
    const { pool, starts, slots, mask, rankMask } = this;
    const length = end - start;
    const mixed = mix(hash);
    if ((this.filter[mixed >>> this.filterShift]! & (1 << (mixed & 31))) === 0) return NO_RANK;
    const tag = (mixed & this.tagMask) >>> 0;
    for (let slot = mixed & mask; ; slot = (slot + 1) & mask) {
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

  /** Every token as [its bytes, its rank], in rank order. */
  *entries(): Generator<[Uint8Array, number]> {
    for (let rank = 0; rank + 1 < this.starts.length; rank++) {
      const start = this.starts[rank]!;
      const end = this.starts[rank + 1]!;
      if (end > start) yield [this.pool.subarray(start, end), rank];
    }
  }
}

/** The polynomial hash of the bytes: the empty range is 0, each byte adds (byte + 1). */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0;
  for (let i = start; i < end; i++) hash = (Math.imul(hash, MULTIPLIER) + bytes[i]! + 1) | 0;
  return hash;
}

/** murmur3's finalizer: spreads every bit of the polynomial hash over the slot and tag bits. */
function mix(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A binary string (one char per byte) as bytes. */
export function binaryToBytes(binary: string): Uint8Array {
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
