import { useCallback, useMemo, useRef } from 'react';
import type { CountText } from '../../core/chatFormat.js';
import { ledgerEntries, type Ledger } from '../../core/ledger.js';
import { memoizeCount } from '../../core/strategies/conversationShape.js';
import { runOnLedgerFrom, type GrowingLedgerRun } from '../../core/strategies/incrementalRun.js';
import type { StrategyName } from '../../core/strategies/types.js';
import type { AccountingOptions } from '../../core/strategies/ledgerRun.js';
import { strategyView, type StrategyView } from '../view/strategyView.js';

/**
 * The strategy view, memoised step by step: keep-all's run changes only with the ledger, the
 * chosen strategy's with the ledger or the strategy, so typing never reruns them and Ctrl+S runs
 * one strategy over counts already made. A turn appended extends both runs by that turn
 * (`runOnLedgerFrom`): a replay costs each turn's own work, not the session's again.
 * `options` must keep its identity (it comes from the flags).
 */
export function useStrategyView(ledger: Ledger, strategy: StrategyName, options: AccountingOptions, count: CountText | undefined): StrategyView {
  // Summaries repeat words and texts from one run to the next: remember short counts across runs.
  const summaryCount = useMemo(() => count && memoizeCount(count), [count]);
  const entries = useMemo(() => ledgerEntries(ledger), [ledger]);
  // The runs last made, to extend: keep-all's, and the chosen strategy's (each strategy keeps its own).
  const grown = useRef(new Map<StrategyName, GrowingLedgerRun>());
  const grow = useCallback(
    (name: StrategyName) => {
      const next = runOnLedgerFrom(grown.current.get(name), ledger, name, options, summaryCount);
      grown.current.set(name, next);
      return next.run;
    },
    [ledger, options, summaryCount],
  );
  const keepAll = useMemo(() => grow('keep-all'), [grow]);
  const run = useMemo(() => (strategy === 'keep-all' ? keepAll : grow(strategy)), [keepAll, grow, strategy]);
  return useMemo(() => strategyView(entries, keepAll, run, options), [entries, keepAll, run, options]);
}
