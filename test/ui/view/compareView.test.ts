import { describe, expect, it } from 'vitest';
import { requireModel } from '../../../src/core/catalog.js';
import { LESSON_MESSAGES } from '../../../src/core/lesson.js';
import { runStrategy, STRATEGY_NAMES } from '../../../src/core/strategies/index.js';
import { compareView } from '../../../src/ui/view/compareView.js';
import { countWords } from '../../support/conversations.js';

const runs = STRATEGY_NAMES.map((strategy) => runStrategy({ messages: LESSON_MESSAGES, model: requireModel('gpt-4o'), count: countWords, strategy }));

describe('the compare view fits its pane, every figure whole', () => {
  it('abbreviates, then drops "final", then splits the tokens from the money, as the pane narrows', () => {
    const wide = compareView(runs, 'window', 80);
    expect(wide.table[0]).toMatch(/^strategy +peak +final +refused calls +spent +saving$/);
    const narrow = compareView(runs, 'window', 32);
    for (const line of narrow.table) expect(line.length).toBeLessThanOrEqual(32);
    // Two tables: strategy, peak, refused; then strategy, spent, saving; each strategy in both, the current one marked.
    expect(narrow.table.filter((line) => /^strategy/.test(line))).toEqual([expect.stringMatching(/peak +refused$/), expect.stringMatching(/spent +saving$/)]);
    for (const name of STRATEGY_NAMES) expect(narrow.table.filter((line) => line.startsWith(`${name} `))).toHaveLength(2);
    expect(narrow.table.filter((_, i) => narrow.lines[i] === 'current').every((line) => line.startsWith('window '))).toBe(true);
  });

  it('keeps the headers and the strategy shown where the pane is short, then that row alone', () => {
    const short = compareView(runs, 'evict-large', 80, 2);
    expect(short.lines).toEqual(['header', 'current']);
    expect(short.table[1]).toMatch(/^evict-large +[\d,]+/);
    expect(compareView(runs, 'evict-large', 80, 1).table).toEqual([short.table[1]]);
  });
});
