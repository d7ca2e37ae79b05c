/**
 * A bounded memo from a pre-tokenized piece to its token count, so the words of a log repeated a
 * thousand times are merged once. Two generations: when the young one fills, it becomes the old
 * one and the previous old one is dropped; a hit in the old generation is copied into the young.
 * That keeps what is in use, evicts in O(1) and never holds more than `maxEntries` pieces of at
 * most `maxPieceLength` chars (so at most maxEntries x maxPieceLength chars in all).
 */
export interface PieceCacheLimits {
  readonly maxEntries: number;
  readonly maxPieceLength: number;
}

export const DEFAULT_CACHE_LIMITS: PieceCacheLimits = { maxEntries: 65_536, maxPieceLength: 64 };

export class PieceCache {
  private young = new Map<string, number>();
  private old = new Map<string, number>();
  private readonly generationSize: number;

  constructor(readonly limits: PieceCacheLimits = DEFAULT_CACHE_LIMITS) {
    this.generationSize = Math.max(1, Math.floor(limits.maxEntries / 2));
  }

  get size(): number {
    return this.young.size + this.old.size;
  }

  get(piece: string): number | undefined {
    const hit = this.young.get(piece);
    if (hit !== undefined) return hit;
    const older = this.old.get(piece);
    if (older !== undefined) this.set(piece, older);
    return older;
  }

  set(piece: string, count: number): void {
    if (piece.length > this.limits.maxPieceLength || this.limits.maxEntries < 2) return;
    if (this.young.size >= this.generationSize) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(piece, count);
  }
}
