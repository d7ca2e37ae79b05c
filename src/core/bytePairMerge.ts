/**
 * Byte-pair merge of one pre-tokenized piece, the algorithm of OpenAI's Rust `_byte_pair_merge`:
 * repeatedly merge the adjacent pair with the lowest rank, the leftmost on ties.
 *
 * A piece is a "binary string": one char per UTF-8 byte (code 0-255), so a rank lookup is a
 * `Map<string, number>` hit on a substring, with no array joins.
 */
export type RankTable = ReadonlyMap<string, number>;

const NO_RANK = Number.POSITIVE_INFINITY;

/** Start offsets of the final tokens of `piece`, plus `piece.length` as the last entry. */
export function mergeBoundaries(piece: string, ranks: RankTable): number[] {
  const starts: number[] = [];
  for (let i = 0; i <= piece.length; i++) starts.push(i);
  // pairRank[i]: rank of the bytes from starts[i] to starts[i + 2], the merge of parts i and i + 1.
  const pairRank: number[] = [];
  for (let i = 0; i + 2 < starts.length; i++) {
    pairRank.push(ranks.get(piece.slice(i, i + 2)) ?? NO_RANK);
  }
  const rankAt = (i: number): number =>
    i + 2 < starts.length ? ranks.get(piece.slice(starts[i]!, starts[i + 2]!)) ?? NO_RANK : NO_RANK;

  while (pairRank.length > 0) {
    let best = 0;
    for (let i = 1; i < pairRank.length; i++) {
      if (pairRank[i]! < pairRank[best]!) best = i;
    }
    if (pairRank[best] === NO_RANK) break;
    starts.splice(best + 1, 1);
    pairRank.splice(best, 1);
    if (best < pairRank.length) pairRank[best] = rankAt(best);
    if (best > 0) pairRank[best - 1] = rankAt(best - 1);
  }
  return starts;
}

export function encodePiece(piece: string, ranks: RankTable): number[] {
  const whole = ranks.get(piece);
  if (whole !== undefined) return [whole];
  const starts = mergeBoundaries(piece, ranks);
  const tokens: number[] = [];
  for (let i = 0; i + 1 < starts.length; i++) {
    tokens.push(ranks.get(piece.slice(starts[i]!, starts[i + 1]!))!);
  }
  return tokens;
}

export function countPiece(piece: string, ranks: RankTable): number {
  if (ranks.has(piece)) return 1;
  return mergeBoundaries(piece, ranks).length - 1;
}
