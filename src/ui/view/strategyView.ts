import { priceTierWarnings, projectRun, type Projection } from '../../core/budget.js';
import { priceTierFor } from '../../core/callPricing.js';
import type { PriceTier } from '../../core/catalog.js';
import type { ContextUsage } from '../../core/contextUsage.js';
import { estimateKv, type KvEstimate } from '../../core/kvCache.js';
import type { LedgerEntry } from '../../core/ledger.js';
import { runStatus, type RunStatus } from '../../core/runStatus.js';
import { sentContextUsage } from '../../core/sentUsage.js';
import { savingAgainst, type Saving } from '../../core/strategies/compareStrategies.js';
import type { AccountingOptions } from '../../core/strategies/ledgerRun.js';
import type { StrategyName, StrategyRun } from '../../core/strategies/types.js';
import { strategyNotes } from './strategyNotes.js';

/**
 * The dashboard's figures under a history strategy, derived from its ledger with the pure core
 * functions (runOnLedger): nothing is counted again but the simulated summaries. `useStrategyView`
 * memoises each step.
 */
export interface StrategyView {
  readonly strategy: StrategyName;
  readonly run: StrategyRun;
  readonly keepAll: StrategyRun;
  /** What fills the window on the next call under the strategy. */
  readonly usage: ContextUsage;
  /** The session's figures under the strategy, from the engine (refused calls bill nothing). */
  readonly status: RunStatus;
  /** keep-all's next call; undefined under keep-all. */
  readonly keepAllUsed: number | undefined;
  readonly saving: Saving | undefined;
  /** Short, 1-based ("#2"), most telling first. */
  readonly notes: readonly string[];
  readonly projection: Projection | undefined;
  /** The price tier the next call is billed at, from the message that took it there. */
  readonly tier: { readonly tier: PriceTier; readonly usedTokens: number; readonly index: number } | undefined;
  /** The KV cache of the sent context, and of keep-all's. */
  readonly kv: { readonly sent: KvEstimate; readonly keepAll: KvEstimate } | undefined;
}

export function strategyView(
  entries: readonly LedgerEntry[],
  keepAll: StrategyRun,
  run: StrategyRun,
  options: AccountingOptions,
  /** The run's notes, where the caller grows them turn by turn (`strategyNotesFrom`). */
  notes: readonly string[] = strategyNotes(run),
): StrategyView {
  const { totals } = run;
  const usage = sentContextUsage(entries, run);
  const other = run.strategy !== 'keep-all';
  const nextTier = priceTierFor(run.model, totals.usedTokens);
  // Below every price tier (most sessions) the steps are not walked for a crossing.
  const crossing = nextTier && priceTierWarnings(run).findLast((warning) => warning.tier === nextTier);
  const kvAt = (tokens: number) => options.kv && estimateKv(options.kv.shape, { tokens, ...options.kv });
  return {
    strategy: run.strategy,
    run,
    keepAll,
    usage,
    status: runStatus(run),
    keepAllUsed: other ? keepAll.totals.usedTokens : undefined,
    saving: other ? savingAgainst(keepAll, run) : undefined,
    notes,
    projection: options.budget === undefined ? undefined : projectRun(run, options.budget),
    tier: nextTier && crossing ? { tier: nextTier, usedTokens: totals.usedTokens, index: crossing.index } : undefined,
    kv: options.kv && { sent: kvAt(totals.usedTokens)!, keepAll: kvAt(keepAll.totals.usedTokens)! },
  };
}


/** "evict-large... 43%": a strategy's run going on in slices (Ctrl+S on a long history), short enough for the narrowest gauge. */
export function runningLabel(running: { readonly strategy: StrategyName; readonly fraction: number }): string {
  return `${running.strategy}... ${Math.floor(running.fraction * 100)}%`;
}
