import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requireModel, type ModelEntry } from '../../src/core/catalog.js';
import { callCostPoints, callCostSeriesFrom, groupCallCosts, groupCallCostsFrom, type CallCostSeries, type GroupedCallCosts } from '../../src/core/costChart.js';
import { appendMessage, createLedger, type Ledger } from '../../src/core/ledger.js';
import { runOnLedgerFrom, type GrowingLedgerRun } from '../../src/core/strategies/incrementalRun.js';
import { STRATEGY_NAMES, type StrategyName } from '../../src/core/strategies/types.js';
import { conversations, countWords } from '../support/conversations.js';
import { applyTurn, dashboardTurn } from '../support/dashboardTurns.js';

const model = (limit: number): ModelEntry => ({ ...requireModel('gpt-4o'), contextWindow: limit, maxOutputTokens: 10 });
const settings = { reserve: 5, large: 20, keepTurns: 1, summaryTokens: 15 };

/** A dashboard turn: one or a few messages appended, an undo, or the panel resized (another column count). */
const step = dashboardTurn({ resize: true });

describe('the cost chart grown turn by turn', () => {
  it('has exactly the points, largest cost, first call over the window and columns of the chart drawn afresh, after every turn', () => {
    fc.assert(
      fc.property(
        conversations,
        fc.array(step, { minLength: 1, maxLength: 60 }),
        fc.constantFrom(...STRATEGY_NAMES),
        fc.boolean(),
        fc.integer({ min: 40, max: 400 }),
        fc.integer({ min: 1, max: 12 }),
        (messages, steps, strategy: StrategyName, cache, limit, firstColumns) => {
          // One object for the session, as the flags give it: a run is extended only under the same options.
          const options = { cache, settings };
          let ledger: Ledger = createLedger({ model: model(limit), count: countWords });
          let run: GrowingLedgerRun | undefined;
          let series: CallCostSeries | undefined;
          let grouped: GroupedCallCosts | undefined;
          let columns = firstColumns;
          let next = 0;
          for (const turn of steps) {
            if (turn.kind === 'resize') columns = turn.columns;
            ({ ledger, next } = applyTurn(ledger, turn, messages, next));
            run = runOnLedgerFrom(run, ledger, strategy, options, countWords);
            series = callCostSeriesFrom(series, run.run);
            grouped = groupCallCostsFrom(grouped, series, columns);
            const points = callCostPoints(run.run);
            expect(series.points).toEqual(points);
            expect(series.maxInputCost).toBe(Math.max(0, ...points.map((point) => point.inputCost)));
            expect(series.firstOver).toBe(points.find((point) => point.level === 'over')?.number);
            const fresh = groupCallCosts(points, columns);
            expect(grouped.perColumn).toBe(fresh.perColumn);
            expect(grouped.columns).toEqual(fresh.columns);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads only the steps a turn added when the run was extended, and leaves the columns it gave before as they were', () => {
    const user = (text: string) => ({ role: 'user' as const, content: text });
    const assistant = (text: string) => ({ role: 'assistant' as const, content: text });
    let ledger = createLedger({ model: model(400), count: countWords });
    for (const message of [user('w1 w2'), assistant('w3'), user('w4'), assistant('w5 w6')]) ledger = appendMessage(ledger, message);
    const options = {};
    const first = runOnLedgerFrom(undefined, ledger, 'keep-all', options, countWords);
    const series = callCostSeriesFrom(undefined, first.run);
    const grouped = groupCallCostsFrom(undefined, series, 1);
    const before = grouped.columns;
    const longer = runOnLedgerFrom(first, appendMessage(appendMessage(ledger, user('w7')), assistant('w8')), 'keep-all', options, countWords);
    const grown = callCostSeriesFrom(series, longer.run);
    expect(grown.points).toBe(series.points); // the same series, extended
    expect(grown.points).toHaveLength(3);
    const regrouped = groupCallCostsFrom(grouped, grown, 1);
    expect(regrouped.columns).not.toBe(before);
    expect(before).toEqual([{ from: 1, to: 2, inputCost: (series.points[0]!.inputCost + series.points[1]!.inputCost) / 2, level: 'low', refused: 0, crossesLimit: false }]);
    expect(regrouped.columns).toEqual(groupCallCosts(grown.points, 1).columns);
  });
});
