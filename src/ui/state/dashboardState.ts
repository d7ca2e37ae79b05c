import type { ModelEntry } from '../../core/catalog.js';
import type { ChatMessage, CountText, FormatRule, ToolDefinition } from '../../core/chatFormat.js';
import { appendCounted, createLedger, type Ledger, type MessageCounts } from '../../core/ledger.js';
import type { StrategyName } from '../../core/strategies/types.js';
import type { TokenizerName } from '../../core/tokenizer.js';
import type { ConversationFormat } from '../../core/conversationSource.js';
import type { ReplayClock } from './replayClock.js';
import { resumedReplay } from '../../core/session.js';
import type { ReportedCallsState } from './reportedCalls.js';

/**
 * The dashboard's whole state. Counting never happens in the reducer: a message waits as a `CountJob`,
 * the hook counts it (on the main thread, or big ones in a worker) and hands the counts back in a
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
  readonly counts: Readonly<Partial<Record<TokenizerName, MessageCounts>>>;
}

export interface DraftPaste {
  readonly id: number;
  /** What was typed before this paste (after the paste before it): sent before it, on a line of its own. */
  readonly before: string;
  readonly text: string;
  readonly lines: number;
  /** Content tokens, once counted. */
  readonly tokens: number | undefined;
}

/** The message being written: pastes in the order they came, then the text being typed after them. */
export interface Draft {
  /** Typed since the last paste (or from the start); the line editor's text. */
  readonly text: string;
  /** Where in `text` the cursor is. */
  readonly cursor: number;
  readonly pastes: readonly DraftPaste[];
}

export const EMPTY_DRAFT: Draft = { text: '', cursor: 0, pastes: [] };

export type CountJob =
  | { readonly kind: 'append'; readonly id: number; readonly message: ChatMessage; readonly origin: Origin }
  | { readonly kind: 'paste'; readonly id: number; readonly text: string }
  /** Count every turn in the model's encoding, then switch to it. */
  | { readonly kind: 'switch'; readonly id: number; readonly model: ModelEntry };

export type CountResult =
  | { readonly kind: 'append'; readonly encoding: TokenizerName; readonly counts: MessageCounts }
  | { readonly kind: 'paste'; readonly tokens: number }
  | {
      readonly kind: 'switch';
      readonly encoding: TokenizerName;
      readonly counts: ReadonlyMap<number, MessageCounts>;
      /** The tokens of the tool definitions it was counted with (stale if they changed meanwhile). */
      readonly tools?: { readonly definitions: readonly ToolDefinition[]; readonly tokens: number };
    };

/** Tool definitions sent with every request, and their tokens per encoding (kept, like a turn's counts). */
export interface SessionTools {
  readonly definitions: readonly ToolDefinition[];
  readonly tokens: Readonly<Partial<Record<TokenizerName, number>>>;
}

export const NO_TOOLS: SessionTools = { definitions: [], tokens: {} };

/** The conversation file the turns were last read from, for the header. */
export interface SessionSource {
  readonly file: string;
  readonly format: ConversationFormat;
  readonly conversation: number;
  readonly conversationCount: number;
}

/** Ctrl+O loads a conversation, Ctrl+E exports the session: both through a path prompt. */
export type PromptKind = 'load' | 'export';

export interface PathPrompt {
  readonly kind: PromptKind;
  readonly text: string;
  /** Where in `text` the cursor is. */
  readonly cursor: number;
  /** Export: the path said to exist; Enter on it again overwrites it. */
  readonly overwrite?: string;
}

export interface Notice {
  /** error: something was refused; warning: to know (a resumed journal's damage); info: what was done. */
  readonly tone: 'error' | 'warning' | 'info';
  /** One line (sanitised when made). */
  readonly text: string;
}

export interface DashboardState {
  /**
   * Always the account of `turns` for its model (`ledger.config.model`, with its framing rule),
   * except while a `switch` job is waiting.
   */
  readonly ledger: Ledger;
  readonly turns: readonly Turn[];
  /** Waiting to be counted, oldest first. */
  readonly jobs: readonly CountJob[];
  /** How far the worker is through the first job's big texts (0..1), while it counts them. */
  readonly progress: { readonly jobId: number; readonly fraction: number } | undefined;
  readonly nextId: number;
  readonly role: SendRole;
  readonly draft: Draft;
  /** Replay: turns still to apply, and how many were queued in all ("turn k/N"). */
  readonly queue: readonly ChatMessage[];
  readonly replayTotal: number;
  readonly playing: boolean;
  /** Autoplay's rate, turns per second (`--speed`; `+` / `-` change it). */
  readonly speed: number;
  /** While playing: when play started and the turns asked for since (undefined until the first tick). */
  readonly replayClock: ReplayClock | undefined;
  /** Turns per second shown since play started (after its first second). */
  readonly replayRate: number | undefined;
  /** Conversation rows scrolled up from the bottom (0 follows the newest message). */
  readonly scroll: number;
  /** The model picker, when open: the highlighted catalog row. */
  readonly picker: { readonly index: number } | undefined;
  /** Tool definitions billed on every call (from the files read). */
  readonly tools: SessionTools;
  readonly source: SessionSource | undefined;
  /** Ctrl+O / Ctrl+E's path prompt, when open. */
  readonly prompt: PathPrompt | undefined;
  /** A one-line message: what a file command did, or why it could not. */
  readonly notice: Notice | undefined;
  /** The history strategy the panels show the session under (Ctrl+S cycles it). */
  readonly strategy: StrategyName;
  /** Ctrl+G: every strategy side by side in place of the conversation (`compare`'s table). */
  readonly comparing: boolean;
  /** Reported calls (an agent or API log replayed, the proxy's live calls) shown in place of the conversation. */
  readonly calls: ReportedCallsState | undefined;
}

export interface DashboardOptions {
  readonly model: ModelEntry;
  readonly rule: FormatRule;
  readonly queue?: readonly ChatMessage[];
  /** Messages already in the session (a resumed one): the history, counted before they show. */
  readonly history?: readonly ChatMessage[];
  /**
   * For each history message, whether the journal has it as a replayed queued turn: those that are
   * `queue`'s first turns are taken as applied ("turn 2/12"), and Ctrl+B puts them back in the queue.
   */
  readonly historyReplayed?: readonly boolean[];
  readonly tools?: readonly ToolDefinition[];
  readonly source?: SessionSource;
  /** Shown from the start (a resumed session's warnings). */
  readonly notice?: Notice;
  /** The strategy to start with (`--strategy`); keep-all by default. */
  readonly strategy?: StrategyName;
  /** Autoplay's rate, turns per second (`--speed`); 1 by default. */
  readonly speed?: number;
  /** Reported calls to show in place of a conversation (a log to replay, the proxy's live calls). */
  readonly calls?: ReportedCallsState;
}

/** The reducer's ledgers never count: every message arrives with its counts. */
const COUNTED_ELSEWHERE: CountText = () => {
  throw new Error('the dashboard ledger appends counted messages only (appendCounted)');
};

function emptyLedger(model: ModelEntry, rule: FormatRule, tools = 0): Ledger {
  return createLedger({ model, rule, count: COUNTED_ELSEWHERE, tools });
}

/** The ledger of `turns` for `model`, or undefined while some turn (or the tools) lacks counts in its encoding. */
export function ledgerFor(model: ModelEntry, rule: FormatRule, turns: readonly Turn[], tools: SessionTools = NO_TOOLS): Ledger | undefined {
  const toolTokens = tools.definitions.length === 0 ? 0 : tools.tokens[model.encoding];
  if (toolTokens === undefined) return undefined;
  let ledger = emptyLedger(model, rule, toolTokens);
  for (const turn of turns) {
    const counts = turn.counts[model.encoding];
    if (!counts) return undefined;
    ledger = appendCounted(ledger, turn.message, counts);
  }
  return ledger;
}

export function initialState(options: DashboardOptions): DashboardState {
  const { model, rule, queue: queued = [], history = [], historyReplayed = [], tools = [], source, notice, strategy = 'keep-all', speed = 1, calls } = options;
  // A resumed session goes on where its replay stood: the queue's turns it already shows are not queued again.
  const { applied, fromQueue } = resumedReplay(history, historyReplayed, queued);
  const queue = queued.slice(applied);
  // History and tool definitions are counted by one `switch` job to the model itself; until it is
  // answered the ledger is empty (as while any switch job waits).
  const turns: Turn[] = history.map((message, i) => ({ id: i + 1, message, origin: fromQueue[i] ? 'queue' : 'typed', counts: {} }));
  const countFirst = turns.length > 0 || tools.length > 0;
  return {
    ledger: emptyLedger(model, rule),
    turns,
    jobs: countFirst ? [{ kind: 'switch', id: turns.length + 1, model }] : [],
    nextId: turns.length + (countFirst ? 2 : 1),
    progress: undefined,
    role: 'user',
    draft: EMPTY_DRAFT,
    queue,
    replayTotal: queued.length,
    playing: false,
    speed,
    replayClock: undefined,
    replayRate: undefined,
    scroll: 0,
    picker: undefined,
    tools: { definitions: tools, tokens: {} },
    source,
    prompt: undefined,
    notice,
    strategy,
    comparing: false,
    calls,
  };
}

/** "turn k/N": replayed turns applied or being counted. */
export function replayPosition(state: DashboardState): { readonly applied: number; readonly total: number } {
  return { applied: state.replayTotal - state.queue.length, total: state.replayTotal };
}

/** Replayed turns on screen: applied and counted (those still being counted not yet). */
export function replayShown(state: DashboardState): number {
  const counting = state.jobs.filter((job) => job.kind === 'append' && job.origin === 'queue').length;
  return replayPosition(state).applied - counting;
}

/** "counting... 43%" while a worker counts the first job, "counting..." for any other wait. */
export function countingLabel(state: DashboardState): string | undefined {
  const first = state.jobs[0];
  if (!first) return undefined;
  const { progress } = state;
  return progress && progress.jobId === first.id ? `counting... ${Math.floor(progress.fraction * 100)}%` : 'counting...';
}

/** Messages waiting to be counted, in order: shown at the end of the conversation as "counting...". */
export function pendingMessages(jobs: readonly CountJob[]): ChatMessage[] {
  return jobs.flatMap((job) => (job.kind === 'append' ? [job.message] : []));
}

/**
 * What the next Enter sends, as one message: what was typed and pasted in the order it came, each
 * part on a line of its own (no newline added after a part that ends in one).
 */
export function draftContent(draft: Draft): string {
  const parts = [...draft.pastes.flatMap((paste) => [paste.before, paste.text]), draft.text].filter((part) => part !== '');
  return parts.reduce((content, part) => (content === '' || content.endsWith('\n') ? content + part : `${content}\n${part}`), '');
}

/** The role the input line goes to after a message is sent: a user's message is answered, anything else is followed by the user. */
export function roleAfter(sent: SendRole): SendRole {
  return sent === 'user' ? 'assistant' : 'user';
}
