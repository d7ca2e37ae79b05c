import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requireModel, type ModelEntry } from '../../../src/core/catalog.js';
import { appendMessage, createLedger, dropLast, ledgerEntries, type Ledger } from '../../../src/core/ledger.js';
import { runOnLedgerFrom, type GrowingLedgerRun } from '../../../src/core/strategies/incrementalRun.js';
import { runOnLedger, type AccountingOptions } from '../../../src/core/strategies/ledgerRun.js';
import { STRATEGY_NAMES, type StrategyName } from '../../../src/core/strategies/types.js';
import { conversations, countWords } from '../../support/conversations.js';

const model = (limit: number): ModelEntry => ({ ...requireModel('gpt-4o'), contextWindow: limit, maxOutputTokens: 10 });
const settings = { reserve: 5, large: 20, keepTurns: 1, summaryTokens: 15 };

/** What the dashboard does after each turn: grow the run by what the ledger gained since the last one. */
const step = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'append' as const, messages: 1 }) },
  { weight: 1, arbitrary: fc.integer({ min: 2, max: 5 }).map((messages) => ({ kind: 'append' as const, messages })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'undo' as const, messages: 0 }) },
);

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
          for (const { kind, messages: count } of steps) {
            if (kind === 'undo') ledger = dropLast(ledger);
            for (let i = 0; i < count && next < messages.length; i++) ledger = appendMessage(ledger, messages[next++]!);
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
});
