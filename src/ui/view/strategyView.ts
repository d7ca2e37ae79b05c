import { priceTierWarnings, projectRun, type Projection } from '../../core/budget.js';
import { priceTierFor } from '../../core/callPricing.js';
import type { PriceTier } from '../../core/catalog.js';
import type { CountText } from '../../core/chatFormat.js';
import type { ContextUsage } from '../../core/contextUsage.js';
import { estimateKv, type KvEstimate, type KvSetup } from '../../core/kvCache.js';
import type { Ledger, LedgerEntry } from '../../core/ledger.js';
import { runStatus, type RunStatus } from '../../core/runStatus.js';
import { sentContextUsage } from '../../core/sentUsage.js';
import { runStrategy, type StrategyName, type StrategyRun, type StrategySettings } from '../../core/strategies/index.js';
import { strategyNotes } from './strategyNotes.js';

/**
 * The dashboard's figures under a history strategy, derived from its ledger with the pure core
 * functions: the ledger's counts are handed to the strategy engine, so nothing is counted again
 * but the simulated summaries. `useStrategyView` memoises each step.
 */
export interface AccountingOptions {
  /** Settings given on the command line; the others follow the model (`defaultSettings`). */
  readonly settings?: Partial<StrategySettings>;
  /** Bill a repeated prefix at the cached price (`--cache`). */
  readonly cache?: boolean;
  /** `--budget` in US dollars. */
  readonly budget?: number;
  /** `--kv SHAPE`, with `--dtype` and `--gpu-gib`. */
  readonly kv?: KvSetup;
}

/** Throws: only summaries are counted, and a ledger with messages always has its encoder loaded. */
const NOT_LOADED: CountText = () => {
  throw new Error('the strategy view counts summaries only once the encoder has loaded');
};

/** The strategy over the ledger's messages, with the counts the ledger holds. */
export function runOnLedger(
  entries: readonly LedgerEntry[],
  ledger: Ledger,
  strategy: StrategyName,
  options: AccountingOptions,
  count: CountText | undefined,
): StrategyRun {
  const { model, rule, tools } = ledger.config;
  return runStrategy({
    messages: entries.map((entry) => entry.message),
    counts: entries,
    model,
    rule,
    count: count ?? NOT_LOADED,
    strategy,
    cache: options.cache ?? false,
    toolTokens: tools ?? 0,
    ...(options.settings && { settings: options.settings }),
  });
}

export interface Saving {
  readonly keepAllSpent: number;
  /** keep-all's calls the API refuses (over the window): its spend is low because they bill nothing. */
  readonly keepAllRefused: number;
  readonly keepAllCalls: number;
  /** keep-all's spend minus the strategy's: below zero when the strategy costs more. */
  readonly saving: number;
  /** Of keep-all's spend; undefined while keep-all has spent nothing. */
  readonly percent: number | undefined;
}

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
): StrategyView {
  const { totals } = run;
  const usage = sentContextUsage(entries, run);
  const other = run.strategy !== 'keep-all';
  const keepAllSpent = keepAll.totals.cumulativeCost;
  const nextTier = priceTierFor(run.model, totals.usedTokens);
  const crossing = priceTierWarnings(run).findLast((warning) => warning.tier === nextTier);
  const kvAt = (tokens: number) => options.kv && estimateKv(options.kv.shape, { tokens, ...options.kv });
  return {
    strategy: run.strategy,
    run,
    keepAll,
    usage,
    status: runStatus(run),
    keepAllUsed: other ? keepAll.totals.usedTokens : undefined,
    saving: other
      ? {
          keepAllSpent,
          keepAllRefused: keepAll.totals.refusedCalls,
          keepAllCalls: keepAll.totals.calls,
          saving: keepAllSpent - totals.cumulativeCost,
          percent: keepAllSpent > 0 ? ((keepAllSpent - totals.cumulativeCost) / keepAllSpent) * 100 : undefined,
        }
      : undefined,
    notes: strategyNotes(run),
    projection: options.budget === undefined ? undefined : projectRun(run, options.budget),
    tier: nextTier && crossing ? { tier: nextTier, usedTokens: totals.usedTokens, index: crossing.index } : undefined,
    kv: options.kv && { sent: kvAt(totals.usedTokens)!, keepAll: kvAt(keepAll.totals.usedTokens)! },
  };
}

