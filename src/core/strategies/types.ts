import type { CallPrice } from '../callPricing.js';
import type { ModelEntry } from '../catalog.js';
import type { ChatMessage, CountText, FormatRule, Role } from '../chatFormat.js';
import type { ConversationShape, KnownCounts } from './conversationShape.js';

export const STRATEGY_NAMES = ['keep-all', 'window', 'evict-large', 'summarize'] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

/** The knobs of every strategy; each strategy reads the ones it needs. */
export interface StrategySettings {
  /** window: tokens kept free for the reply; every call fits limit minus this. */
  readonly reserve: number;
  /** evict-large: a message of more tokens than this (its framing included) is large. */
  readonly large: number;
  /** evict-large, summarize: the last N user turns, the current one included, are sent verbatim. */
  readonly keepTurns: number;
  /** summarize: the summary message's content is at most this many tokens. */
  readonly summaryTokens: number;
}

export interface StrategyInput {
  readonly messages: readonly ChatMessage[];
  readonly model: ModelEntry;
  readonly count: CountText;
  readonly rule?: FormatRule;
  readonly strategy: StrategyName;
  readonly settings?: Partial<StrategySettings>;
  /** Bill input that repeats the previous call's prefix at the cached price. */
  readonly cache?: boolean;
  /** Tokens of the tool definitions sent with every reply call (the cookbook's rule). */
  readonly toolTokens?: number;
  /** Each message's counts, made with `rule` and the model's encoding: then only summaries are counted. */
  readonly counts?: readonly KnownCounts[];
}

/** Inclusive ranges of message indices, e.g. [[0, 0], [5, 9]]: compact even for long conversations. */
export type IndexRanges = readonly (readonly [number, number])[];

/** One request the strategy makes: a reply (an assistant message) or a simulated summary. */
export interface StrategyCall extends CallPrice {
  readonly kind: 'reply' | 'summary';
  /** The message at which the call is made: the assistant message, or the user message whose turn pushed older turns out. */
  readonly index: number;
  /** Original messages sent, in order (a reply sends the context before its message). */
  readonly sent: IndexRanges;
  /** Whether a simulated summary message was sent too (a reply: the current one; a summary call: the previous one). */
  readonly withSummary: boolean;
}

/** One message and the account right after it, like a ledger entry, for the context the strategy sends. */
export interface StrategyStep {
  readonly index: number;
  readonly role: Role;
  /** Tokens this message adds to a request that carries it (content plus framing). */
  readonly tokens: number;
  /** Prompt tokens the next call would send now (what is billed, not what was written). */
  readonly usedTokens: number;
  /** Original messages in that context (a summary message not included). */
  readonly sentMessages: number;
  /** Tokens of the simulated summary message in that context, 0 without one. */
  readonly summaryTokens: number;
  /** Input cost of the next call if it were made now (cache-aware with --cache). */
  readonly nextCallCost: number;
  readonly calls: readonly StrategyCall[];
  readonly callCost: number;
  readonly cumulativeCost: number;
  /** The next call would be over the window, so refused (`exceedsWindow`). */
  readonly overLimit: boolean;
  /** Messages that left the context at this step. */
  readonly removed: readonly number[];
  /** A simulated summary made at this step; it replaces the previous one. */
  readonly summary?: ChatMessage;
}

export interface RunTotals {
  readonly messages: number;
  readonly calls: number;
  readonly replyCalls: number;
  readonly summaryCalls: number;
  /** Calls over the window: the API refuses them and bills nothing. */
  readonly refusedCalls: number;
  readonly usedTokens: number;
  /** The largest request any call sent; 0 before the first call. */
  readonly peakTokens: number;
  readonly inputTokens: number;
  readonly cachedTokens: number;
  readonly cacheWriteTokens: number;
  readonly outputTokens: number;
  readonly inputCost: number;
  readonly outputCost: number;
  readonly cumulativeCost: number;
}

export interface StrategyRun {
  readonly strategy: StrategyName;
  readonly model: ModelEntry;
  readonly limit: number;
  readonly cache: boolean;
  readonly settings: StrategySettings;
  /** The tool definitions' tokens, in every call's input (`toolTokens` of the input). */
  readonly toolTokens: number;
  readonly steps: readonly StrategyStep[];
  readonly totals: RunTotals;
  /** The original messages the next call would send, after the last message (a summary not included). */
  readonly sent: IndexRanges;
  /** The simulated summary that call would send, if any. */
  readonly summary?: ChatMessage;
}

/** What a planner sees of the context after the current message was appended. */
export interface ContextView {
  /** Message indices in the order sent; a simulated summary is a negative key. */
  readonly keys: readonly number[];
  has(index: number): boolean;
  readonly usedTokens: number;
}

export type Summarize = (previous: ChatMessage | undefined, replaced: readonly ChatMessage[]) => ChatMessage;

/** A planner's answer after one message: messages to drop (whole tool units go), optionally folded into a summary. */
export interface Decision {
  readonly remove?: readonly number[];
  readonly summarize?: Summarize;
}

export type Planner = (index: number, context: ContextView) => Decision;

export interface StrategyDefinition {
  readonly name: StrategyName;
  readonly description: string;
  /** Whether the strategy keeps every call under the limit by construction (projections say "never"). */
  readonly boundsContext: boolean;
  createPlanner(shape: ConversationShape, settings: StrategySettings, limit: number): Planner;
}
