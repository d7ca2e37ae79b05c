import type { ModelEntry } from '../core/catalog.js';
import type { ChatMessage, CountText, FormatRule } from '../core/chatFormat.js';
import { appendCounted, createLedger, type Ledger, type MessageCounts } from '../core/ledger.js';
import type { StrategyName } from '../core/strategies/types.js';
import type { EncodingName } from '../core/tokenizer.js';

/**
 * The dashboard's whole state. Counting never happens in the reducer: a message waits as a `CountJob`,
 * the hook counts it (now synchronously, later in a worker) and hands the counts back in a
 * `counted` action, and only then is it appended. So the reducer stays pure and fast, whatever
 * counts.
 */
export type Origin = 'typed' | 'queue';
export type SendRole = 'user' | 'assistant' | 'system';
export const ROLE_CYCLE: readonly SendRole[] = ['user', 'assistant', 'system'];

export interface Turn {
  readonly id: number;
  readonly message: ChatMessage;
  /** A replayed turn goes back to the queue when stepped back. */
  readonly origin: Origin;
  /** Counts per encoding, kept so switching back to a model is instant. */
  readonly counts: Readonly<Partial<Record<EncodingName, MessageCounts>>>;
}

export interface DraftPaste {
  readonly id: number;
  readonly text: string;
  readonly lines: number;
  /** Content tokens, once counted. */
  readonly tokens: number | undefined;
}

export interface Draft {
  readonly text: string;
  readonly pastes: readonly DraftPaste[];
  /** Bumped whenever the text input must start afresh (cursor at the end). */
  readonly epoch: number;
}

export type CountJob =
  | { readonly kind: 'append'; readonly id: number; readonly message: ChatMessage; readonly origin: Origin }
  | { readonly kind: 'paste'; readonly id: number; readonly text: string }
  /** Count every turn in the model's encoding, then switch to it. */
  | { readonly kind: 'switch'; readonly id: number; readonly model: ModelEntry };

export type CountResult =
  | { readonly kind: 'append'; readonly encoding: EncodingName; readonly counts: MessageCounts }
  | { readonly kind: 'paste'; readonly tokens: number }
  | { readonly kind: 'switch'; readonly encoding: EncodingName; readonly counts: ReadonlyMap<number, MessageCounts> };

export interface DashboardState {
  /** The model the ledger is priced for. */
  readonly model: ModelEntry;
  readonly rule: FormatRule;
  /** Always the account of `turns` for `model`, except while a `switch` job is waiting. */
  readonly ledger: Ledger;
  readonly turns: readonly Turn[];
  /** Waiting to be counted, oldest first. */
  readonly jobs: readonly CountJob[];
  readonly nextId: number;
  readonly role: SendRole;
  readonly draft: Draft;
  /** Replay: turns still to apply, and how many were queued in all ("turn k/N"). */
  readonly queue: readonly ChatMessage[];
  readonly replayTotal: number;
  readonly playing: boolean;
  /** Conversation rows scrolled up from the bottom (0 follows the newest message). */
  readonly scroll: number;
  /** The model picker, when open: the highlighted catalog row. */
  readonly picker: { readonly index: number } | undefined;
  /** What Ctrl+L pastes. */
  readonly dump: string;
  /** The history strategy the panels show the session under (Ctrl+S cycles it). */
  readonly strategy: StrategyName;
}

export interface DashboardOptions {
  readonly model: ModelEntry;
  readonly rule: FormatRule;
  readonly queue?: readonly ChatMessage[];
  readonly dump: string;
  /** The strategy to start with (`--strategy`); keep-all by default. */
  readonly strategy?: StrategyName;
}

/** The reducer's ledgers never count: every message arrives with its counts. */
const COUNTED_ELSEWHERE: CountText = () => {
  throw new Error('the dashboard ledger appends counted messages only (appendCounted)');
};

function emptyLedger(model: ModelEntry, rule: FormatRule): Ledger {
  return createLedger({ model, rule, count: COUNTED_ELSEWHERE });
}

/** The ledger of `turns` for `model`, or undefined while some turn lacks counts in its encoding. */
export function ledgerFor(model: ModelEntry, rule: FormatRule, turns: readonly Turn[]): Ledger | undefined {
  let ledger = emptyLedger(model, rule);
  for (const turn of turns) {
    const counts = turn.counts[model.encoding];
    if (!counts) return undefined;
    ledger = appendCounted(ledger, turn.message, counts);
  }
  return ledger;
}

export function initialState({ model, rule, queue = [], dump, strategy = 'keep-all' }: DashboardOptions): DashboardState {
  return {
    model,
    rule,
    ledger: emptyLedger(model, rule),
    turns: [],
    jobs: [],
    nextId: 1,
    role: 'user',
    draft: { text: '', pastes: [], epoch: 0 },
    queue,
    replayTotal: queue.length,
    playing: false,
    scroll: 0,
    picker: undefined,
    dump,
    strategy,
  };
}

/** "turn k/N": replayed turns applied or being counted. */
export function replayPosition(state: DashboardState): { readonly applied: number; readonly total: number } {
  return { applied: state.replayTotal - state.queue.length, total: state.replayTotal };
}

/** Messages waiting to be counted, in order: shown at the end of the conversation as "counting...". */
export function pendingMessages(state: DashboardState): ChatMessage[] {
  return state.jobs.flatMap((job) => (job.kind === 'append' ? [job.message] : []));
}

/** What the next Enter sends: the typed text, then the pastes, as one message. */
export function draftContent(draft: Draft): string {
  return draft.text + draft.pastes.map((paste) => paste.text).join('');
}
