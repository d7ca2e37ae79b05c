import { exceedsWindow, quoteCall, windowPercent } from './callPricing.js';
import type { StrategyRun } from './strategies/types.js';

/**
 * The session's figures after a step of a run: what every status (the dashboard's cost panel, the
 * bare command's status, `simulate`) shows. Built from the engine's run, so every surface agrees.
 */
export interface RunStatus {
  readonly messages: number;
  /** The request the next call sends. */
  readonly usedTokens: number;
  readonly limit: number;
  readonly percent: number;
  /** What the next call would bill if the API took it (it refuses it when `overLimit`). */
  readonly nextCallCost: number;
  /** The next call is over the window: the API would refuse it. */
  readonly overLimit: boolean;
  /** Spent by the calls made so far; refused calls bill nothing. */
  readonly cumulativeCost: number;
  readonly calls: number;
  readonly refusedCalls: number;
  /** Input tokens billed so far (refused calls' not included). */
  readonly inputTokens: number;
}

/** The status after `run.steps[step]` (default: the last step; before any step, the empty request). */
export function runStatus(run: StrategyRun, step = run.steps.length - 1): RunStatus {
  const at = run.steps[step];
  const last = step === run.steps.length - 1;
  const calls = last ? undefined : run.steps.slice(0, step + 1).flatMap((s) => s.calls);
  const usedTokens = at?.usedTokens ?? run.totals.usedTokens;
  return {
    messages: at ? step + 1 : 0,
    usedTokens,
    limit: run.limit,
    percent: windowPercent(usedTokens, run.limit),
    nextCallCost: at?.nextCallCost ?? quoteCall(run.model, { inputTokens: usedTokens, outputTokens: 0, prefixTokens: 0, cache: false }).inputCost,
    overLimit: at?.overLimit ?? exceedsWindow(usedTokens, run.limit),
    cumulativeCost: at?.cumulativeCost ?? 0,
    calls: calls ? calls.length : run.totals.calls,
    refusedCalls: calls ? calls.filter((call) => call.refused).length : run.totals.refusedCalls,
    inputTokens: calls ? calls.reduce((sum, call) => sum + (call.refused ? 0 : call.inputTokens), 0) : run.totals.inputTokens,
  };
}
