import { describe, expect, it } from 'vitest';
import { PieceCache } from '../../src/core/pieceCache.js';

describe('piece cache', () => {
  it('never holds more than its entry bound, however many pieces pass through', () => {
    const cache = new PieceCache({ maxEntries: 100, maxPieceLength: 64 });
    for (let i = 0; i < 10_000; i++) {
      cache.set(`piece${i}`, i);
      expect(cache.size).toBeLessThanOrEqual(100);
    }
    expect(cache.get('piece9999')).toBe(9999);
    expect(cache.get('piece0')).toBeUndefined();
  });

  it('does not keep pieces longer than its length bound', () => {
    const cache = new PieceCache({ maxEntries: 100, maxPieceLength: 8 });
    cache.set('x'.repeat(9), 3);
    cache.set('x'.repeat(8), 2);
    expect(cache.get('x'.repeat(9))).toBeUndefined();
    expect(cache.get('x'.repeat(8))).toBe(2);
  });

  it('keeps a piece that keeps being used while others stream past', () => {
    const cache = new PieceCache({ maxEntries: 10, maxPieceLength: 64 });
    cache.set(' Connection', 1);
    for (let i = 0; i < 1_000; i++) {
      cache.set(`once${i}`, 2);
      expect(cache.get(' Connection')).toBe(1);
    }
  });
});
