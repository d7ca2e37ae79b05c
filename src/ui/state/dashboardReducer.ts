import { featuredModels } from '../../core/catalog.js';
import type { ChatMessage } from '../../core/chatFormat.js';
import { ruleAfterSwitch } from '../../core/chatTemplates.js';
import { appendCounted, dropLast } from '../../core/ledger.js';
import { sanitizeLine } from '../../core/sanitize.js';
import { STRATEGY_NAMES } from '../../core/strategies/types.js';
import { callsDashboardReducer, type CallsLoaded } from './callsReducer.js';
import { filesReducer, pasteIntoPrompt, type FilesAction } from './filesReducer.js';
import type { ReportedCallsAction } from './reportedCalls.js';
import { applyEdit, type LineEdit } from './lineEdit.js';
import { forImageRule, withToolTokens } from './sessionTools.js';
import { achievedRate, steppedSpeed, turnsDue } from './replayClock.js';
import { applyCountedPart, grownLedgerFor, type CountedPart } from './historyParts.js';
import {
  draftContent,
  EMPTY_DRAFT,
  ledgerFor,
  replayShown,
  ROLE_CYCLE,
  roleAfter,
  type CountJob,
  type CountResult,
  type DashboardState,
  type Origin,
} from './dashboardState.js';

export type DashboardAction =
  | { readonly type: 'draft/change'; readonly text: string }
  | { readonly type: 'draft/clear' }
  /** A key that edits the line being typed: the path while the prompt is open, else the draft. */
  | { readonly type: 'edit'; readonly edit: LineEdit }
  /** A canned assistant reply (Ctrl+R), sent at once whatever the role; the user's turn next. */
  | { readonly type: 'reply'; readonly text: string }
  | { readonly type: 'paste'; readonly text: string }
  | { readonly type: 'send' }
  | { readonly type: 'cycleRole' }
  /** Ctrl+L: the configured log dump, sent as a user turn. */
  | { readonly type: 'pasteLogDump'; readonly text: string }
  | { readonly type: 'back' }
  | { readonly type: 'replay/next' }
  | { readonly type: 'replay/toggle' }
  /** The autoplay timer fired at `now` (ms, the hook's clock): every turn due by then is applied. */
  | { readonly type: 'replay/tick'; readonly now: number }
  /** `+` / `-` while playing: the next speed up or down. */
  | { readonly type: 'replay/speed'; readonly direction: 1 | -1 }
  | { readonly type: 'scroll'; readonly delta: number; readonly max: number }
  | { readonly type: 'picker/open' }
  | { readonly type: 'picker/move'; readonly delta: number }
  | { readonly type: 'picker/choose' }
  | { readonly type: 'picker/close' }
  /** keep-all -> window -> evict-large -> summarize -> keep-all. */
  | { readonly type: 'strategy/cycle' }
  /** Opens or closes the compare view. */
  | { readonly type: 'compare/toggle' }
  | { readonly type: 'counted'; readonly jobId: number; readonly result: CountResult }
  /** Several jobs counted in one go (a fast replay's small turns), applied in order: one frame for them all. */
  | { readonly type: 'counted/many'; readonly counted: readonly { readonly jobId: number; readonly result: CountResult }[] }
  /** A slice of a long history's turns counted (a resumed session): shown at once, the job goes on. */
  | ({ readonly type: 'counted/part' } & CountedPart)
  /** A worker got this far (0..1) through a job's big texts. */
  | { readonly type: 'count/progress'; readonly jobId: number; readonly fraction: number }
  | CallsLoaded
  | ReportedCallsAction
  | FilesAction;

export function dashboardReducer(state: DashboardState, action: DashboardAction): DashboardState {
  // Reported calls (a log, the proxy) take the replay keys while they show.
  const onCalls = callsDashboardReducer(state, action);
  if (onCalls) return onCalls;
  switch (action.type) {
    case 'calls/loaded':
    case 'callRequested':
    case 'callReported':
    case 'callRefused':
    case 'callsStreamed':
    case 'calls/many':
    case 'calls/nextSession':
    case 'calls/toggleTurn':
      // No calls shown: a live call before its source is set up has nowhere to go.
      return state;
    case 'draft/change': {
      const text = sanitizeDraft(action.text);
      return { ...state, draft: { ...state.draft, text, cursor: text.length } };
    }
    case 'draft/clear':
      return clearDraft(state);
    case 'edit':
      return editLine(state, action.edit);
    case 'reply':
      return { ...enqueueAppend(state, { role: 'assistant', content: action.text }, 'typed'), role: 'user' };
    case 'paste':
      return state.prompt ? pasteIntoPrompt(state, action.text) : addPaste(state, action.text);
    case 'send': {
      const content = draftContent(state.draft);
      if (content === '') return state;
      return { ...enqueueAppend(clearDraft(state), { role: state.role, content }, 'typed'), role: roleAfter(state.role) };
    }
    case 'cycleRole':
      return { ...state, role: ROLE_CYCLE[(ROLE_CYCLE.indexOf(state.role) + 1) % ROLE_CYCLE.length]! };
    case 'pasteLogDump':
      return { ...enqueueAppend(state, { role: 'user', content: action.text }, 'typed'), role: roleAfter('user') };
    case 'back':
      return back(state);
    case 'replay/next':
      return replayNext(state);
    case 'replay/toggle':
      // The clock starts at the timer's first tick (the hook ticks as soon as play starts).
      return { ...state, playing: state.queue.length > 0 && !state.playing, replayClock: undefined, replayRate: undefined };
    case 'replay/tick':
      return replayTick(state, action.now);
    case 'replay/speed': {
      const speed = steppedSpeed(state.speed, action.direction);
      // A new speed counts from now: the turns already shown stay, the rate is measured afresh.
      return speed === state.speed ? state : { ...state, speed, replayClock: undefined, replayRate: undefined };
    }
    case 'scroll':
      return { ...state, scroll: Math.max(0, Math.min(action.max, state.scroll + action.delta)) };
    case 'picker/open': {
      const index = featuredModels().findIndex((model) => model.id === state.ledger.config.model.id);
      return { ...state, picker: { index: Math.max(0, index) } };
    }
    case 'picker/move':
      if (!state.picker) return state;
      return { ...state, picker: { index: (state.picker.index + action.delta + featuredModels().length) % featuredModels().length } };
    case 'picker/close':
      return { ...state, picker: undefined };
    case 'picker/choose':
      return state.picker ? switchModel({ ...state, picker: undefined }, state.picker.index) : state;
    case 'strategy/cycle':
      return { ...state, strategy: STRATEGY_NAMES[(STRATEGY_NAMES.indexOf(state.strategy) + 1) % STRATEGY_NAMES.length]! };
    case 'compare/toggle':
      return { ...state, comparing: !state.comparing };
    case 'counted':
      return applyCount(state, action.jobId, action.result);
    case 'counted/many':
      return action.counted.reduce((current, { jobId, result }) => applyCount(current, jobId, result), state);
    case 'counted/part':
      return applyCountedPart(state, action);
    case 'count/progress':
      // A job undone or cleared meanwhile shows no progress.
      if (!state.jobs.some((job) => job.id === action.jobId)) return state;
      return { ...state, progress: { jobId: action.jobId, fraction: Math.max(0, Math.min(1, action.fraction)) } };
    default:
      return filesReducer(state, action);
  }
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type NewJob = WithoutId<CountJob>;

function withJob(state: DashboardState, job: NewJob): DashboardState {
  return { ...state, jobs: [...state.jobs, { ...job, id: state.nextId }], nextId: state.nextId + 1 };
}

function enqueueAppend(state: DashboardState, message: ChatMessage, origin: Origin): DashboardState {
  return { ...withJob(state, { kind: 'append', message, origin }), scroll: 0 };
}

function clearDraft(state: DashboardState): DashboardState {
  return withoutPasteJobs({ ...state, draft: EMPTY_DRAFT }, state.draft.pastes);
}

/** A paste that left the draft needs no label count any more. */
function withoutPasteJobs(state: DashboardState, gone: readonly { readonly id: number }[]): DashboardState {
  const pasteIds = new Set(gone.map((paste) => paste.id));
  return { ...state, jobs: state.jobs.filter((job) => !(job.kind === 'paste' && pasteIds.has(job.id))) };
}

/** The draft's text keeps its own newlines (the newline key's); anything else a terminal acts on is shown escaped. */
function sanitizeDraft(text: string): string {
  return text.split('\n').map(sanitizeLine).join('\n');
}

function editLine(state: DashboardState, edit: LineEdit): DashboardState {
  if (state.picker) return state;
  const { prompt, draft } = state;
  if (prompt) {
    const line = applyEdit(prompt, edit.kind === 'insert' ? { kind: 'insert', text: sanitizeLine(edit.text) } : edit);
    if (line.text === prompt.text && line.cursor === prompt.cursor) return state;
    // A path changed is no longer the one said to exist.
    return { ...state, prompt: line.text === prompt.text ? { ...prompt, cursor: line.cursor } : { kind: prompt.kind, ...line } };
  }
  const last = draft.pastes[draft.pastes.length - 1];
  if (edit.kind === 'deleteBack' && draft.cursor === 0 && last) {
    // Backspace right after a paste takes the paste back out; what was typed before it is editable again.
    const pastes = draft.pastes.slice(0, -1);
    return withoutPasteJobs({ ...state, draft: { text: last.before + draft.text, cursor: last.before.length, pastes } }, [last]);
  }
  const line = applyEdit(draft, edit.kind === 'insert' ? { kind: 'insert', text: sanitizeDraft(edit.text) } : edit);
  if (line.text === draft.text && line.cursor === draft.cursor) return state;
  return { ...state, draft: { ...draft, ...line } };
}

function lineCount(text: string): number {
  let lines = text.endsWith('\n') ? 0 : 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
}

function addPaste(state: DashboardState, text: string): DashboardState {
  if (text === '' || state.picker) return state;
  // What was typed so far goes before the paste; typing goes on after it.
  const paste = { id: state.nextId, before: state.draft.text, text, lines: lineCount(text), tokens: undefined };
  const withPaste = { ...state, draft: { text: '', cursor: 0, pastes: [...state.draft.pastes, paste] } };
  return withJob(withPaste, { kind: 'paste', text });
}

/** Applies every turn due by `now` at once (as many as the speed asks, however late the tick), and measures the rate shown. */
function replayTick(state: DashboardState, now: number): DashboardState {
  if (!state.playing) return state;
  const clock = state.replayClock;
  if (!clock) return { ...state, replayClock: { since: now, asked: 0, shownAtStart: replayShown(state) }, replayRate: undefined };
  const due = turnsDue(clock, state.speed, now);
  const rate = achievedRate(clock, replayShown(state), now);
  if (due === 0 && rate === state.replayRate) return state;
  let next = state;
  for (let i = 0; i < due && next.queue.length > 0; i++) next = replayNext(next);
  return { ...next, replayClock: next.playing ? { ...clock, asked: clock.asked + due } : undefined, replayRate: next.playing ? rate : undefined };
}

function replayNext(state: DashboardState): DashboardState {
  const [next, ...rest] = state.queue;
  if (!next) return { ...state, playing: false };
  return { ...enqueueAppend(state, next, 'queue'), queue: rest, playing: state.playing && rest.length > 0 };
}

/** Undo the newest turn: one still being counted first, else the last appended. A replayed turn goes back to the queue. */
function back(state: DashboardState): DashboardState {
  const stopped = { ...state, playing: false, replayClock: undefined, replayRate: undefined, scroll: 0 };
  const pendingIndex = state.jobs.findLastIndex((job) => job.kind === 'append');
  if (pendingIndex !== -1) {
    const job = state.jobs[pendingIndex] as Extract<CountJob, { kind: 'append' }>;
    return {
      ...stopped,
      jobs: state.jobs.filter((_, i) => i !== pendingIndex),
      queue: job.origin === 'queue' ? [job.message, ...state.queue] : state.queue,
    };
  }
  const last = state.turns[state.turns.length - 1];
  if (!last) return stopped;
  const inSync = (state.ledger.last?.index ?? -1) + 1 === state.turns.length;
  return {
    ...stopped,
    turns: state.turns.slice(0, -1),
    ledger: inSync ? dropLast(state.ledger) : state.ledger,
    queue: last.origin === 'queue' ? [last.message, ...state.queue] : state.queue,
  };
}

function switchModel(state: DashboardState, index: number): DashboardState {
  const model = featuredModels()[index];
  if (!model || model.id === state.ledger.config.model.id) return state;
  const turns = forImageRule(state.turns, state.ledger.config.model, model);
  const ledger = ledgerFor(model, ruleAfterSwitch(state.ledger.config.rule, model), turns, state.tools);
  if (ledger) return { ...state, turns, ledger };
  return withJob({ ...state, turns }, { kind: 'switch', model });
}

function applyCount(state: DashboardState, jobId: number, result: CountResult): DashboardState {
  const job = state.jobs.find((candidate) => candidate.id === jobId);
  // Undone or cleared while it was being counted.
  if (!job || job.kind !== result.kind) return state;
  const progress = state.progress?.jobId === jobId ? undefined : state.progress;
  const rest = { ...state, progress, jobs: state.jobs.filter((candidate) => candidate !== job) };
  if (job.kind === 'paste' && result.kind === 'paste') {
    const pastes = rest.draft.pastes.map((paste) => (paste.id === job.id ? { ...paste, tokens: result.tokens } : paste));
    return { ...rest, draft: { ...rest.draft, pastes } };
  }
  if (job.kind === 'append' && result.kind === 'append') {
    const turn = { id: job.id, message: job.message, origin: job.origin, counts: { [result.encoding]: result.counts } };
    const turns = [...rest.turns, turn];
    const inSync = (rest.ledger.last?.index ?? -1) + 1 === rest.turns.length;
    if (inSync && result.encoding === rest.ledger.config.model.encoding) {
      return { ...rest, turns, ledger: appendCounted(rest.ledger, job.message, result.counts) };
    }
    // Counted for another encoding than the ledger's (a worker raced a model switch): count again.
    return withJob({ ...rest, turns }, { kind: 'switch', model: rest.ledger.config.model });
  }
  if (job.kind === 'switch' && result.kind === 'switch') {
    const turns = rest.turns.map((turn) => {
      const counts = result.counts.get(turn.id);
      // A turn counted in a part already has them: kept as it is.
      return counts && counts !== turn.counts[result.encoding] ? { ...turn, counts: { ...turn.counts, [result.encoding]: counts } } : turn;
    });
    const tools = withToolTokens(rest.tools, result);
    const ledger = grownLedgerFor(rest.ledger, job.model, ruleAfterSwitch(rest.ledger.config.rule, job.model), turns, tools);
    if (ledger) return { ...rest, turns, tools, ledger };
    return withJob({ ...rest, turns, tools }, { kind: 'switch', model: job.model });
  }
  return state;
}
