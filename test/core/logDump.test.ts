import { describe, expect, it } from 'vitest';
import { generateLogDump } from '../../src/core/logDump.js';

describe('generateLogDump', () => {
  it('is exactly the size asked for, ASCII only', () => {
    for (const bytes of [1, 100, 50 * 1024, 300_001]) {
      const dump = generateLogDump(bytes);
      expect(dump).toHaveLength(bytes);
      expect(Buffer.byteLength(dump)).toBe(bytes);
    }
  });

  it('is the same every run and differs with the seed', () => {
    expect(generateLogDump(20_000)).toBe(generateLogDump(20_000));
    expect(generateLogDump(20_000, 7)).not.toBe(generateLogDump(20_000));
  });

  it('reads like a real log: timestamped, levelled lines that rarely repeat', () => {
    const lines = generateLogDump(50 * 1024).split('\n').slice(0, -1);
    const entries = lines.filter((line) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (INFO |DEBUG|WARN |ERROR) \[[\w-]+\] /.test(line));
    expect(entries.length).toBeGreaterThan(lines.length * 0.8);
    expect(new Set(entries.map((line) => line.slice(24))).size).toBeGreaterThan(entries.length * 0.9);
    for (const level of ['INFO ', 'DEBUG', 'WARN ', 'ERROR']) expect(entries.some((line) => line.includes(` ${level} [`))).toBe(true);
  });
});
