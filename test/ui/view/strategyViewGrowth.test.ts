import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requireModel, type ModelEntry } from '../../../src/core/catalog.js';
import { createLedger, type Ledger } from '../../../src/core/ledger.js';
import { runOnLedgerFrom, type GrowingLedgerRun } from '../../../src/core/strategies/incrementalRun.js';
import { STRATEGY_NAMES, type StrategyName } from '../../../src/core/strategies/types.js';
import { fitStrategyChart, fitStrategyChartFrom, type GrowingStrategyChart } from '../../../src/ui/view/strategyChart.js';
import { strategyNotes, strategyNotesFrom, type GrowingNotes } from '../../../src/ui/view/strategyNotes.js';
import { conversations, countWords } from '../../support/conversations.js';
import { applyTurn, dashboardTurn } from '../../support/dashboardTurns.js';

const model = (limit: number): ModelEntry => ({ ...requireModel('gpt-4o'), contextWindow: limit, maxOutputTokens: 10 });
const settings = { reserve: 5, large: 20, keepTurns: 1, summaryTokens: 15 };

describe("the strategy chart and notes grown turn by turn, under every strategy", () => {
  it('have exactly the bars, axis and notes drawn afresh from the whole runs, after every turn', () => {
    fc.assert(
      fc.property(
        conversations,
        fc.array(dashboardTurn({ resize: true }), { minLength: 1, maxLength: 60 }),
        fc.constantFrom(...STRATEGY_NAMES),
        fc.boolean(),
        fc.integer({ min: 40, max: 400 }),
        fc.integer({ min: 3, max: 10 }),
        (messages, turns, strategy: StrategyName, cache, limit, rows) => {
          // One object for the session, as the flags give it: a run is extended only under the same options.
          const options = { cache, settings };
          let ledger: Ledger = createLedger({ model: model(limit), count: countWords });
          let keepAll: GrowingLedgerRun | undefined;
          let run: GrowingLedgerRun | undefined;
          let chart: GrowingStrategyChart | undefined;
          let notes: GrowingNotes | undefined;
          let width = 30;
          let next = 0;
          for (const turn of turns) {
            // A column count as the panel's width: 8 to 100 cells, bars 1 to 4 wide.
            if (turn.kind === 'resize') width = 4 + turn.columns * 8;
            ({ ledger, next } = applyTurn(ledger, turn, messages, next));
            keepAll = runOnLedgerFrom(keepAll, ledger, 'keep-all', options, countWords);
            run = runOnLedgerFrom(run, ledger, strategy, options, countWords);
            chart = fitStrategyChartFrom(chart, keepAll.run, run.run, width, rows);
            notes = strategyNotesFrom(notes, run.run);
            expect(chart.fitted).toEqual(fitStrategyChart(keepAll.run, run.run, width, rows));
            expect(notes.notes).toEqual(strategyNotes(run.run));
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('reads only the steps a turn added when the runs were extended', () => {
    const user = (text: string) => ({ role: 'user' as const, content: text });
    const assistant = (text: string) => ({ role: 'assistant' as const, content: text });
    const messages = [user('w1 w2'), assistant('w3'), user('w4 w5 w6'), assistant('w7 w8')];
    const turn = applyTurn(createLedger({ model: model(400), count: countWords }), { kind: 'append', messages: 2 }, messages, 0);
    const { ledger } = turn;
    const options = { settings };
    const keepAll = runOnLedgerFrom(undefined, ledger, 'keep-all', options, countWords);
    const window = runOnLedgerFrom(undefined, ledger, 'window', options, countWords);
    const chart = fitStrategyChartFrom(undefined, keepAll.run, window.run, 40, 6);
    const notes = strategyNotesFrom(undefined, window.run);
    const longer = applyTurn(ledger, { kind: 'append', messages: 2 }, messages, turn.next).ledger;
    const keepAll2 = runOnLedgerFrom(keepAll, longer, 'keep-all', options, countWords);
    const window2 = runOnLedgerFrom(window, longer, 'window', options, countWords);
    const grown = fitStrategyChartFrom(chart, keepAll2.run, window2.run, 40, 6);
    // The same series and tally, extended by the second reply call.
    expect(grown.grown.series).toEqual(chart.grown.series);
    expect(grown.grown.series[0]).toBe(chart.grown.series[0]);
    expect(strategyNotesFrom(notes, window2.run).tally).toBe(notes.tally);
    expect(grown.fitted.chart.columns.map((column) => column.to)).toEqual([1, 2]);
    // The earlier chart was extended by the later one: grown from it again, it is drawn afresh (and still right).
    const again = fitStrategyChartFrom(chart, keepAll2.run, window2.run, 40, 6);
    expect(again.grown.series[0]).not.toBe(chart.grown.series[0]);
    expect(again.fitted).toEqual(grown.fitted);
  });
});
