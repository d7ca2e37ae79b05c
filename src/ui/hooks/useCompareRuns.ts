import { useMemo } from 'react';
import type { CountText } from '../../core/chatFormat.js';
import { ledgerEntries, type Ledger } from '../../core/ledger.js';
import { runOnLedger, type AccountingOptions } from '../../core/strategies/ledgerRun.js';
import { STRATEGY_NAMES, type StrategyRun } from '../../core/strategies/types.js';
import type { StrategyView } from '../view/strategyView.js';

/**
 * Every strategy's run over the session, while the compare view is open (nothing is run while it
 * is closed): keep-all's and the chosen strategy's runs are the strategy view's, the others are
 * run over the ledger's counts, as `useStrategyView` runs its one.
 */
export function useCompareRuns(ledger: Ledger, open: boolean, view: StrategyView, options: AccountingOptions, count: CountText | undefined): readonly StrategyRun[] | undefined {
  return useMemo(() => {
    if (!open) return undefined;
    const entries = ledgerEntries(ledger);
    return STRATEGY_NAMES.map((name) =>
      name === 'keep-all' ? view.keepAll : name === view.strategy ? view.run : runOnLedger(entries, ledger, name, options, count),
    );
  }, [open, ledger, view.keepAll, view.run, view.strategy, options, count]);
}
