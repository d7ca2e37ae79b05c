import type { CountText } from '../chatFormat.js';
import { entriesAfter, ledgerEntries, type Ledger } from '../ledger.js';
import { ledgerRunInput, type AccountingOptions } from './ledgerRun.js';
import { strategyEngine, type StrategyEngine } from './runStrategy.js';
import type { StrategyName, StrategyRun } from './types.js';

/**
 * A strategy's run over a ledger, kept so the next one can extend it: when the ledger only grew
 * (a turn appended, as every replayed or typed turn does), the engine takes the new entries and
 * nothing before them is run again; anything else (undo, another model, other tools, another
 * strategy or options) runs afresh. Either way `run` is exactly `runOnLedger` of the ledger (the
 * engine appending message by message is how `runStrategy` runs; a property test checks it).
 */
export interface GrowingLedgerRun {
  readonly run: StrategyRun;
  readonly ledger: Ledger;
  readonly strategy: StrategyName;
  readonly options: AccountingOptions;
  readonly count: CountText | undefined;
  readonly engine: StrategyEngine;
  /** The engine's length when `run` was taken: it can be extended from here only if nothing else extended it since. */
  readonly length: number;
}

export function runOnLedgerFrom(
  previous: GrowingLedgerRun | undefined,
  ledger: Ledger,
  strategy: StrategyName,
  options: AccountingOptions,
  count: CountText | undefined,
): GrowingLedgerRun {
  const added = previous && isExtensionOf(previous, ledger, strategy, options, count) ? entriesAfter(previous.ledger.last, ledger) : undefined;
  let engine: StrategyEngine;
  if (previous && added) {
    engine = previous.engine;
    for (const entry of added) engine.append(entry.message, entry);
  } else {
    engine = strategyEngine(ledgerRunInput(ledger, strategy, options, count));
    for (const entry of ledgerEntries(ledger)) engine.append(entry.message, entry);
  }
  return { run: engine.result(), ledger, strategy, options, count, engine, length: engine.length };
}

function isExtensionOf(previous: GrowingLedgerRun, ledger: Ledger, strategy: StrategyName, options: AccountingOptions, count: CountText | undefined): boolean {
  return (
    previous.engine.length === previous.length &&
    previous.ledger.config === ledger.config &&
    previous.strategy === strategy &&
    previous.options === options &&
    previous.count === count
  );
}
