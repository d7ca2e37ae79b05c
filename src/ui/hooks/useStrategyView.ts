import { useMemo } from 'react';
import type { CountText } from '../../core/chatFormat.js';
import { ledgerEntries, type Ledger } from '../../core/ledger.js';
import { memoizeCount } from '../../core/strategies/conversationShape.js';
import type { StrategyName } from '../../core/strategies/types.js';
import { runOnLedger, type AccountingOptions } from '../../core/strategies/ledgerRun.js';
import { strategyView, type StrategyView } from '../view/strategyView.js';

/**
 * The strategy view, memoised step by step: keep-all's run changes only with the ledger, the
 * chosen strategy's with the ledger or the strategy, so typing never reruns them and Ctrl+S runs
 * one strategy over counts already made. `options` must keep its identity (it comes from the flags).
 */
export function useStrategyView(ledger: Ledger, strategy: StrategyName, options: AccountingOptions, count: CountText | undefined): StrategyView {
  // Summaries repeat words and texts from one run to the next: remember short counts across runs.
  const summaryCount = useMemo(() => count && memoizeCount(count), [count]);
  const entries = useMemo(() => ledgerEntries(ledger), [ledger]);
  const keepAll = useMemo(() => runOnLedger(entries, ledger, 'keep-all', options, summaryCount), [entries, ledger, options, summaryCount]);
  const run = useMemo(
    () => (strategy === 'keep-all' ? keepAll : runOnLedger(entries, ledger, strategy, options, summaryCount)),
    [keepAll, entries, ledger, strategy, options, summaryCount],
  );
  return useMemo(() => strategyView(entries, keepAll, run, options), [entries, keepAll, run, options]);
}
