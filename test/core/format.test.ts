import { describe, expect, it } from 'vitest';
import { formatUsd, roundUsd } from '../../src/core/format.js';

describe('formatUsd: money with the precision a reader needs', () => {
  it('shows cents from a dollar up, with thousands grouped; two significant digits below a dollar', () => {
    expect(formatUsd(0.30063)).toBe('$0.30');
    expect(formatUsd(10.906)).toBe('$10.91');
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(0.06)).toBe('$0.06');
    expect(formatUsd(2)).toBe('$2.00');
    // gpt-4o's reply with the log, and with the log cached: the difference stays on screen.
    expect(formatUsd(0.02508)).toBe('$0.025');
    expect(formatUsd(0.0126)).toBe('$0.013');
    expect(formatUsd(0.12629)).toBe('$0.13');
  });

  it('keeps two significant digits for sub-cent sums only, so a cheap call never shows as free', () => {
    expect(formatUsd(0.0003)).toBe('$0.00030');
    expect(formatUsd(0.00873)).toBe('$0.0087');
    expect(formatUsd(0.000009)).toBe('$0.0000090');
  });

  it('shows nothing spent as $0.00, and a negative sum with its sign first', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(-0.01005)).toBe('-$0.01');
    // Floating-point noise past the 12th decimal is not a figure.
    expect(formatUsd(0.1 + 0.2 - 0.3)).toBe('$0.00');
    expect(roundUsd(0.1 + 0.2)).toBe(0.3);
  });
});
