import { callRates } from './callPricing.js';
import type { PriceTier } from './catalog.js';
import { STRATEGIES } from './strategies/registry.js';
import type { StrategyRun } from './strategies/types.js';

/** How many user turns the growth figure averages over: recent enough to be "current". */
const GROWTH_TURNS = 3;
const PER_MILLION = 1_000_000;

export interface Projection {
  readonly budget: number | null;
  readonly spent: number;
  readonly budgetLeft: number | null;
  /** The message after which spending first went over the budget; null if it has not. */
  readonly budgetCrossedAt: number | null;
  /** Tokens the sent context grew per user turn, mean of the last three turns; null before two user turns. */
  readonly growthPerTurn: number | null;
  readonly nextCallTokens: number;
  /** Mean output tokens of the replies so far, used for the turns ahead. */
  readonly outputTokensPerTurn: number;
  /** Other calls' cost per user turn over the last three turns (summarize's summary calls). */
  readonly otherCostPerTurn: number;
  /** Further turns the budget still pays for, at list price without caching; null without a budget or when a turn costs nothing. */
  readonly turnsUntilBudget: number | null;
  /** Further calls that still fit the limit; null when the context does not grow or the strategy bounds it. */
  readonly turnsUntilLimit: number | null;
  /** The next higher price tier, and further calls below it. */
  readonly priceTier: PriceTier | null;
  readonly turnsUntilPriceTier: number | null;
}

export interface PriceTierWarning {
  /** The message after which the next call's input is above the tier's threshold. */
  readonly index: number;
  readonly usedTokens: number;
  readonly tier: PriceTier;
}

/**
 * Turns ahead at the current growth: call k sends the context now plus (k - 1) x growth (growth
 * below zero counts as none; window stops at the limit minus the reserve), and produces the mean
 * reply so far. Prices follow the tier of each call.
 */
export function projectRun(run: StrategyRun, budget?: number): Projection {
  const spent = run.totals.cumulativeCost;
  const nextCallTokens = run.totals.usedTokens;
  const growthPerTurn = growthOf(run);
  const growth = Math.max(0, growthPerTurn ?? 0);
  const replies = run.steps.flatMap((step) => step.calls).filter((call) => call.kind === 'reply');
  const outputTokensPerTurn = replies.length === 0 ? 0 : replies.reduce((sum, call) => sum + call.outputTokens, 0) / replies.length;
  const otherCostPerTurn = otherCostOf(run);
  const firstAbove = (threshold: number) => firstCallAbove(nextCallTokens, growth, threshold);

  const crossed = budget === undefined ? undefined : run.steps.find((step) => step.cumulativeCost > budget);
  const budgetLeft = budget === undefined ? null : budget - spent;
  const fitsLimit = firstAbove(run.limit) - 1;
  const tiers = [...(run.model.priceTiers ?? [])].sort((a, b) => a.aboveInputTokens - b.aboveInputTokens);
  const priceTier = tiers.find((tier) => tier.aboveInputTokens >= nextCallTokens) ?? tiers[tiers.length - 1] ?? null;
  const belowTier = priceTier ? firstAbove(priceTier.aboveInputTokens) - 1 : Infinity;

  return {
    budget: budget ?? null,
    spent,
    budgetLeft,
    budgetCrossedAt: crossed?.index ?? null,
    growthPerTurn,
    nextCallTokens,
    outputTokensPerTurn,
    otherCostPerTurn,
    turnsUntilBudget:
      budgetLeft === null ? null : turnsAffordable(run, nextCallTokens, growth, outputTokensPerTurn, otherCostPerTurn, budgetLeft),
    turnsUntilLimit: STRATEGIES[run.strategy].boundsContext || !Number.isFinite(fitsLimit) ? null : fitsLimit,
    priceTier,
    turnsUntilPriceTier: Number.isFinite(belowTier) ? belowTier : null,
  };
}

/** Where the context first goes above a tier's threshold: a warning before that call is made. */
export function priceTierWarnings(run: StrategyRun): PriceTierWarning[] {
  const warnings: PriceTierWarning[] = [];
  for (const tier of run.model.priceTiers ?? []) {
    let before = 0;
    for (const step of run.steps) {
      if (step.usedTokens > tier.aboveInputTokens && before <= tier.aboveInputTokens) {
        warnings.push({ index: step.index, usedTokens: step.usedTokens, tier });
      }
      before = step.usedTokens;
    }
  }
  return warnings.sort((a, b) => a.index - b.index);
}

/** Mean growth of the sent context between user messages, over the last few user turns. */
function growthOf(run: StrategyRun): number | null {
  const samples = run.steps.filter((step) => step.role === 'user').map((step) => step.usedTokens);
  if (samples.length < 2) return null;
  const recent = samples.slice(-(GROWTH_TURNS + 1));
  return (recent[recent.length - 1]! - recent[0]!) / (recent.length - 1);
}

/** Cost of calls other than replies (summaries) per user turn, over the last few user turns. */
function otherCostOf(run: StrategyRun): number {
  const recent = run.steps.filter((step) => step.role === 'user').slice(-GROWTH_TURNS);
  if (recent.length === 0) return 0;
  const since = recent[0]!.index;
  const calls = run.steps.filter((step) => step.index >= since).flatMap((step) => step.calls);
  return calls.filter((call) => call.kind !== 'reply').reduce((sum, call) => sum + call.cost, 0) / recent.length;
}

/** The first call k >= 1 whose input, now + (k - 1) x growth, is above `threshold`; Infinity if none. */
function firstCallAbove(now: number, growth: number, threshold: number): number {
  if (now > threshold) return 1;
  if (growth <= 0) return Infinity;
  return Math.floor((threshold - now) / growth) + 2;
}

/** The largest K whose first K turns cost at most `left`: closed-form sums per tier, then a binary search. */
function turnsAffordable(run: StrategyRun, now: number, growth: number, output: number, other: number, left: number): number | null {
  // A strategy that bounds the context (window) never sends more than the limit minus the reserve.
  const cap = STRATEGIES[run.strategy].boundsContext ? Math.max(now, run.limit - run.settings.reserve) : Infinity;
  if (left <= 0) return 0;
  const costOf = (k: number) => {
    const tokens = Math.min(now + (k - 1) * growth, cap);
    const rates = callRates(run.model, tokens);
    return (tokens * rates.input + output * rates.output) / PER_MILLION + other;
  };
  if (growth === 0 && costOf(1) === 0) return null;
  const thresholds = [...(run.model.priceTiers ?? []).map((tier) => tier.aboveInputTokens), cap];
  const boundaries = thresholds.map((threshold) => firstCallAbove(now, growth, threshold)).filter(Number.isFinite);
  const total = (turns: number): number => {
    // Split 1..turns where the tier changes; within a piece cost is linear in k.
    const cuts = [1, ...boundaries.filter((b) => b > 1 && b <= turns), turns + 1].sort((a, b) => a - b);
    let sum = 0;
    for (let i = 0; i + 1 < cuts.length; i++) {
      const [from, to] = [cuts[i]!, cuts[i + 1]! - 1];
      if (to < from) continue;
      const n = to - from + 1;
      const first = costOf(from);
      const step = n > 1 ? costOf(from + 1) - first : 0;
      sum += n * first + (step * n * (n - 1)) / 2;
    }
    return sum;
  };
  let high = 1;
  while (total(high) <= left) {
    high *= 2;
    if (high > 2 ** 50) return null;
  }
  let low = 0;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (total(middle) <= left) low = middle;
    else high = middle;
  }
  return low;
}
