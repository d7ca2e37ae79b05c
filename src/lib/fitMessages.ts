import type { ModelEntry } from '../core/catalog.js';
import type { ChatMessage, CountText, FormatRule } from '../core/chatFormat.js';
import { exceedsWindow } from '../core/callPricing.js';
import { expandRanges, runNotes, runStrategy, type StrategyName, type StrategyRun, type StrategySettings } from '../core/strategies/index.js';

/** How to fit a request: a strategy and its settings (the CLI's `--strategy`, `--reserve`, `--large`, ...). */
export interface FitOptions extends Partial<StrategySettings> {
  readonly strategy: StrategyName;
}

/** The request a strategy would send next: the messages, what it dropped, and its size. */
export interface FitResult {
  readonly strategy: StrategyName;
  /** The messages to send, in order: the kept ones, and the simulated summary where it goes. */
  readonly messages: readonly ChatMessage[];
  /** Indices (0-based) of the input messages kept, in order. */
  readonly kept: readonly number[];
  /** Indices (0-based) of the input messages left out. */
  readonly dropped: readonly number[];
  /** The simulated summary (summarize), if one is sent; `summaryAt` is its place in `messages`. */
  readonly summary?: ChatMessage;
  readonly summaryAt?: number;
  /** Prompt tokens of the fitted request. */
  readonly tokens: number;
  readonly limit: number;
  /** The fitted request is within the window (`exceedsWindow`, the one definition). */
  readonly fits: boolean;
  /** What the strategy did, as `report` notes it (messages numbered from 1). */
  readonly notes: readonly string[];
}

export interface FitInput {
  readonly messages: readonly ChatMessage[];
  readonly model: ModelEntry;
  readonly count: CountText;
  readonly rule: FormatRule;
  readonly toolTokens: number;
}

/**
 * The strategy engine (`runStrategy`, the one `report` and the dashboard run) over the messages: the
 * context it would send on the next call is the fitted request.
 */
export function fitMessages(input: FitInput, { strategy, ...settings }: FitOptions): FitResult {
  const run = runStrategy({ ...input, strategy, settings });
  const kept = expandRanges(run.sent);
  const keptSet = new Set(kept);
  const dropped = input.messages.map((_, index) => index).filter((index) => !keptSet.has(index));
  const messages = kept.map((index) => input.messages[index]!);
  const summaryAt = run.summary ? summaryPosition(run, kept) : undefined;
  if (run.summary && summaryAt !== undefined) messages.splice(summaryAt, 0, run.summary);
  return {
    strategy,
    messages,
    kept,
    dropped,
    ...(run.summary && { summary: run.summary, summaryAt }),
    tokens: run.totals.usedTokens,
    limit: run.limit,
    fits: !exceedsWindow(run.totals.usedTokens, run.limit),
    notes: runNotes(run),
  };
}

/**
 * Where the summary sits among the kept messages: the engine puts the first summary where the first
 * messages it replaced were, and every later one in its place, so it goes before the first kept
 * message after the earliest message a summary replaced.
 */
function summaryPosition(run: StrategyRun, kept: readonly number[]): number {
  const firstSummarized = run.steps.find((step) => step.summary !== undefined);
  const earliest = firstSummarized ? Math.min(...firstSummarized.removed) : 0;
  const position = kept.findIndex((index) => index > earliest);
  return position < 0 ? kept.length : position;
}
