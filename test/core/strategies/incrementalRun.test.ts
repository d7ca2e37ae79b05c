import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requireModel, type ModelEntry } from '../../../src/core/catalog.js';
import { appendMessage, createLedger, ledgerEntries, type Ledger } from '../../../src/core/ledger.js';
import { runOnLedgerFrom, slicedLedgerRun, type GrowingLedgerRun } from '../../../src/core/strategies/incrementalRun.js';
import { runOnLedger, type AccountingOptions } from '../../../src/core/strategies/ledgerRun.js';
import { STRATEGY_NAMES, type StrategyName } from '../../../src/core/strategies/types.js';
import { conversations, countWords } from '../../support/conversations.js';
import { applyTurn, dashboardTurn } from '../../support/dashboardTurns.js';

const model = (limit: number): ModelEntry => ({ ...requireModel('gpt-4o'), contextWindow: limit, maxOutputTokens: 10 });
const settings = { reserve: 5, large: 20, keepTurns: 1, summaryTokens: 15 };

/** What the dashboard does after each turn: grow the run by what the ledger gained since the last one. */
const step = dashboardTurn();

describe('runOnLedgerFrom: a run extended turn by turn', () => {
  it('equals the run over the whole ledger after every turn, for every strategy, with and without caching', () => {
    fc.assert(
      fc.property(
        conversations,
        fc.array(step, { minLength: 1, maxLength: 40 }),
        fc.constantFrom(...STRATEGY_NAMES),
        fc.boolean(),
        fc.integer({ min: 40, max: 400 }),
        (messages, steps, strategy: StrategyName, cache, limit) => {
          const options: AccountingOptions = { cache, settings };
          let ledger: Ledger = createLedger({ model: model(limit), count: countWords });
          let grown: GrowingLedgerRun | undefined;
          let next = 0;
          for (const turn of steps) {
            ({ ledger, next } = applyTurn(ledger, turn, messages, next));
            grown = runOnLedgerFrom(grown, ledger, strategy, options, countWords);
            expect(grown.run).toEqual(runOnLedger(ledgerEntries(ledger), ledger, strategy, options, countWords));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('extends the run it was given when the ledger only grew, and leaves earlier runs as they were', () => {
    const options: AccountingOptions = { settings };
    const one = appendMessage(createLedger({ model: model(400), count: countWords }), { role: 'user', content: 'w1 w2' });
    const two = appendMessage(one, { role: 'assistant', content: 'w3' });
    const first = runOnLedgerFrom(undefined, one, 'keep-all', options, countWords);
    const second = runOnLedgerFrom(first, two, 'keep-all', options, countWords);
    expect(second.engine).toBe(first.engine);
    expect(first.run.steps).toHaveLength(1);
    expect(second.run.steps).toHaveLength(2);
    // A branch from the older run (its engine has moved on since) starts afresh, and is still right.
    const other = appendMessage(one, { role: 'assistant', content: 'w4 w5' });
    const branch = runOnLedgerFrom(first, other, 'keep-all', options, countWords);
    expect(branch.engine).not.toBe(first.engine);
    expect(branch.run).toEqual(runOnLedger(ledgerEntries(other), other, 'keep-all', options, countWords));
  });

  it('gives the very same run in any slices (Ctrl+S on a long history runs between frames), from afresh or from an earlier run', () => {
    fc.assert(
      fc.property(
        conversations,
        fc.constantFrom(...STRATEGY_NAMES),
        fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 20 }),
        fc.nat(),
        (messages, strategy: StrategyName, slices, split) => {
          const options: AccountingOptions = { cache: true, settings };
          let ledger: Ledger = createLedger({ model: model(200), count: countWords });
          const cut = split % (messages.length + 1);
          messages.slice(0, cut).forEach((message) => (ledger = appendMessage(ledger, message)));
          const earlier = runOnLedgerFrom(undefined, ledger, strategy, options, countWords);
          messages.slice(cut).forEach((message) => (ledger = appendMessage(ledger, message)));
          const whole = runOnLedger(ledgerEntries(ledger), ledger, strategy, options, countWords);
          for (const previous of [undefined, earlier]) {
            const sliced = slicedLedgerRun(previous, ledger, strategy, options, countWords);
            for (let i = 0; sliced.done < sliced.total; i++) sliced.advance(slices[i % slices.length]! + (i >= slices.length ? 1 : 0));
            expect(sliced.finish().run).toEqual(whole);
          }
          expect(() => slicedLedgerRun(undefined, ledger, strategy, options, countWords).finish()).toThrow(/finished at 0 of/);
        },
      ),
      { numRuns: 100 },
    );
  });
});
