import { formatTokens, formatUsd } from '../core/format.js';

/** A call the guard refused before it left: nothing was sent, nothing billed. */
export class GuardError extends Error {
  override readonly name: string = 'GuardError';
}

/** The figures of a request over the context window. */
export interface ContextLimitFigures {
  readonly model: string;
  /** Prompt tokens of the request (after the strategy, if one ran). */
  readonly tokens: number;
  readonly limit: number;
  /** tokens - limit. */
  readonly over: number;
  /** The count is a stand-in tokenizer's (Claude): the provider may count a little differently. */
  readonly estimate: boolean;
}

/** The request would pass the model's context window: the API would refuse it (`context_length_exceeded`). */
export class ContextLimitError extends GuardError implements ContextLimitFigures {
  override readonly name = 'ContextLimitError';
  readonly model: string;
  readonly tokens: number;
  readonly limit: number;
  readonly over: number;
  readonly estimate: boolean;
  constructor(figures: Omit<ContextLimitFigures, 'over'>) {
    const over = figures.tokens - figures.limit;
    super(
      `${figures.model}: the request is ${formatTokens(figures.tokens)} tokens${figures.estimate ? ' (estimate)' : ''}, ` +
        `${formatTokens(over)} over the ${formatTokens(figures.limit)}-token window; it was not sent`,
    );
    this.model = figures.model;
    this.tokens = figures.tokens;
    this.limit = figures.limit;
    this.over = over;
    this.estimate = figures.estimate;
  }
}

/** Which budget a call would pass. */
export type BudgetScope = 'session' | 'user' | 'day';

export interface BudgetFigures {
  readonly scope: BudgetScope;
  /** The user key (scope "user") or the UTC day, YYYY-MM-DD (scope "day"); the session id otherwise. */
  readonly key: string;
  /** USD. */
  readonly budget: number;
  /** Spent in that scope before this call, USD. */
  readonly spent: number;
  /** What this call could bill at most: its input at list price plus `max_tokens` of output, USD. */
  readonly projected: number;
  readonly estimate: boolean;
}

/** The call would take a budget past its limit: refused before it left. */
export class BudgetError extends GuardError implements BudgetFigures {
  override readonly name = 'BudgetError';
  readonly scope: BudgetScope;
  readonly key: string;
  readonly budget: number;
  readonly spent: number;
  readonly projected: number;
  readonly estimate: boolean;
  constructor(figures: BudgetFigures) {
    super(
      `${figures.scope} budget ${formatUsd(figures.budget)}${figures.scope === 'session' ? '' : ` (${figures.key})`}: ` +
        `spent ${formatUsd(figures.spent)}, this call could bill ${formatUsd(figures.projected)}${figures.estimate ? ' (estimate)' : ''}; it was not sent`,
    );
    this.scope = figures.scope;
    this.key = figures.key;
    this.budget = figures.budget;
    this.spent = figures.spent;
    this.projected = figures.projected;
    this.estimate = figures.estimate;
  }
}

/** A request the guard cannot count (a message shape the API would refuse too): not sent. */
export class UncountableRequestError extends GuardError {
  override readonly name = 'UncountableRequestError';
}
