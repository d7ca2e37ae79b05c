import { FORMAT_RULES, imageRuleFor } from '../chatFormat.js';
import { countConversation, memoizeCount } from './conversationShape.js';
import { runStrategy } from './runStrategy.js';
import { STRATEGY_NAMES, type StrategyInput, type StrategyName, type StrategyRun } from './types.js';

export interface StrategyComparison {
  readonly strategy: StrategyName;
  readonly peakTokens: number;
  readonly finalTokens: number;
  /** Calls over the window: refused by the API, billed nothing. */
  readonly refusedCalls: number;
  /** @deprecated the old name of `refusedCalls`, kept in `compare --json` for one release. */
  readonly overLimitCalls: number;
  readonly cumulativeCost: number;
  /** keep-all's cumulative cost minus this one's (negative when the strategy costs more). */
  readonly savings: number;
}

/** What a strategy saves against keep-all on the same conversation. */
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

export function savingAgainst(keepAll: StrategyRun, run: StrategyRun): Saving {
  const keepAllSpent = keepAll.totals.cumulativeCost;
  const saving = keepAllSpent - run.totals.cumulativeCost;
  return {
    keepAllSpent,
    keepAllRefused: keepAll.totals.refusedCalls,
    keepAllCalls: keepAll.totals.calls,
    saving,
    percent: keepAllSpent > 0 ? (saving / keepAllSpent) * 100 : undefined,
  };
}

/**
 * Every strategy on the same conversation, model and pricing; keep-all first as the baseline. The
 * messages are counted once, and every strategy runs on those counts.
 */
export function runAllStrategies(input: Omit<StrategyInput, 'strategy'>): StrategyRun[] {
  const counts = input.counts ?? countConversation(input.messages, memoizeCount(input.count), input.rule ?? FORMAT_RULES.cookbook, imageRuleFor(input.model.id));
  return STRATEGY_NAMES.map((strategy) => runStrategy({ ...input, counts, strategy }));
}

export function compareRuns(runs: readonly StrategyRun[]): StrategyComparison[] {
  const baseline = runs.find((run) => run.strategy === 'keep-all');
  if (!baseline) throw new Error('compareRuns needs a keep-all run as its baseline');
  return runs.map((run) => ({
    strategy: run.strategy,
    peakTokens: run.totals.peakTokens,
    finalTokens: run.totals.usedTokens,
    refusedCalls: run.totals.refusedCalls,
    overLimitCalls: run.totals.refusedCalls,
    cumulativeCost: run.totals.cumulativeCost,
    savings: savingAgainst(baseline, run).saving,
  }));
}

/** The strategy other than keep-all that saves the most; the first listed wins a tie. */
export function bestSaver(rows: readonly StrategyComparison[]): StrategyName {
  let best: StrategyComparison | undefined;
  for (const row of rows) if (row.strategy !== 'keep-all' && (!best || row.savings > best.savings)) best = row;
  return best?.strategy ?? 'keep-all';
}
