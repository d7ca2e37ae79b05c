import type { CountText } from '../chatFormat.js';
import { entriesAfter, ledgerEntries, type Ledger, type LedgerEntry } from '../ledger.js';
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
  const sliced = slicedLedgerRun(previous, ledger, strategy, options, count);
  sliced.advance(sliced.total);
  return sliced.finish();
}

/**
 * `runOnLedgerFrom`, a slice at a time: `advance(n)` hands the engine the next `n` entries, and
 * `finish()` (once `done === total`) is the very run `runOnLedgerFrom` gives, whatever the slices
 * were (the engine takes the same messages in the same order). So the dashboard can run a long
 * history under another strategy between frames, keys read in between. Until it finishes,
 * `previous` must not be extended elsewhere (its engine may be the one being advanced).
 */
export interface SlicedLedgerRun {
  /** Entries the engine has yet to take, in all. */
  readonly total: number;
  /** Taken so far. */
  readonly done: number;
  advance(entries: number): void;
  finish(): GrowingLedgerRun;
}

export function slicedLedgerRun(
  previous: GrowingLedgerRun | undefined,
  ledger: Ledger,
  strategy: StrategyName,
  options: AccountingOptions,
  count: CountText | undefined,
): SlicedLedgerRun {
  const added = previous && isExtensionOf(previous, ledger, strategy, options, count) ? entriesAfter(previous.ledger.last, ledger) : undefined;
  const engine = previous && added ? previous.engine : strategyEngine(ledgerRunInput(ledger, strategy, options, count));
  const entries: readonly LedgerEntry[] = added ?? ledgerEntries(ledger);
  let done = 0;
  return {
    total: entries.length,
    get done() {
      return done;
    },
    advance(n: number) {
      const end = Math.min(entries.length, done + Math.max(0, n));
      for (; done < end; done++) engine.append(entries[done]!.message, entries[done]);
    },
    finish() {
      if (done < entries.length) throw new Error(`slicedLedgerRun: finished at ${done} of ${entries.length} entries`);
      return { run: engine.result(), ledger, strategy, options, count, engine, length: engine.length };
    },
  };
}

/** How many entries `runOnLedgerFrom(previous, ledger, ...)` would hand the engine: what a run of them costs. */
export function entriesToRun(
  previous: GrowingLedgerRun | undefined,
  ledger: Ledger,
  strategy: StrategyName,
  options: AccountingOptions,
  count: CountText | undefined,
): number {
  if (previous && isExtensionOf(previous, ledger, strategy, options, count)) {
    const added = entriesAfter(previous.ledger.last, ledger);
    if (added) return added.length;
  }
  return ledger.last ? ledger.last.index + 1 : 0;
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
