import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requireModel } from '../../../src/core/catalog.js';
import { chartAgainstKeepAll } from '../../../src/core/costChart.js';
import { runStrategy } from '../../../src/core/strategies/index.js';
import { STRATEGY_NAMES } from '../../../src/core/strategies/types.js';
import { fitStrategyChart } from '../../../src/ui/view/strategyChart.js';
import { conversations, countWords } from '../../support/conversations.js';

describe('the dashboard strategy chart', () => {
  it('draws the bars `compare --chart` draws, for the columns that fit the panel', () => {
    fc.assert(
      fc.property(conversations, fc.constantFrom(...STRATEGY_NAMES), fc.integer({ min: 10, max: 120 }), fc.integer({ min: 3, max: 12 }), (messages, strategy, width, rows) => {
        const model = { ...requireModel('gpt-4o'), contextWindow: 120, maxOutputTokens: 10 };
        const settings = { reserve: 5, large: 20, keepTurns: 1, summaryTokens: 15 };
        const keepAll = runStrategy({ messages, model, count: countWords, strategy: 'keep-all', settings });
        const run = runStrategy({ messages, model, count: countWords, strategy, settings });
        const { chart, barWidth, axisWidth } = fitStrategyChart(keepAll, run, width, rows);
        const series = strategy === 'keep-all' ? 1 : 2;
        const maxColumns = Math.max(1, Math.floor(Math.max(1, width - axisWidth - 2) / (barWidth * series + 1)));
        expect(chart).toEqual(chartAgainstKeepAll(keepAll, run, { height: rows - 2, maxColumns }));
        expect(barWidth).toBeGreaterThanOrEqual(1);
        expect(barWidth).toBeLessThanOrEqual(4);
      }),
      { numRuns: 200 },
    );
  });
});
