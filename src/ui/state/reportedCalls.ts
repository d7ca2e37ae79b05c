import type { PricedCall, PricedLog } from '../../core/report/usageReport.js';

/**
 * The dashboard's "reported calls" source: calls the API itself billed, as an agent or API log
 * recorded them (replayed call by call) or as the proxy sees them (live). Its figures are the
 * API's, priced by `usageReport`'s own rows (`PricedCall`), so the cost panel shows what
 * `report LOG` prints. Pure data: a replay and a live source feed it the same actions.
 */
export interface ShownCall {
  /** Which session (proxy client, or the log's file) the call belongs to. */
  readonly session: string;
  /** Requested: counted, forwarded, not answered yet. Reported: the API's usage booked. Refused: never sent. */
  readonly status: 'requested' | 'reported' | 'refused';
  /** The model the request names (requested, refused) or the row's. */
  readonly model: string;
  /** Our count of the request before it was forwarded (live calls). */
  readonly counted?: { readonly tokens: number; readonly limit: number; readonly estimate: boolean };
  /** The priced call, once the usage is reported. */
  readonly priced?: PricedCall;
  /** Why the proxy refused it (budget, context limit). */
  readonly why?: string;
  /** The live source's number for the call: its usage completes this request, never a look-alike. */
  readonly id?: number;
  /** The reply's text as it streamed in (the network's, raw: sanitised where shown), its last {@link REPLY_KEPT} characters. */
  readonly reply?: string;
}

/** Characters of a reply kept: more than the reply panel shows at any size. */
export const REPLY_KEPT = 4000;
/** Calls back from the newest that keep their reply text (a long-running proxy does not hold every reply). */
export const REPLIES_KEPT = 50;

export interface ReportedCallsState {
  /** What the calls come from: the log's path, or "proxy http://127.0.0.1:8787". */
  readonly title: string;
  readonly live: boolean;
  readonly shown: readonly ShownCall[];
  /** A replay's calls still to show, in order. */
  readonly queue: readonly ShownCall[];
  /** Sessions seen, in the order they first called; the panels show `session`'s calls. */
  readonly sessions: readonly string[];
  readonly session: string | undefined;
  /** The figures are at the user's `--price-in` / `--price-out` (the cost panel says so). */
  readonly userPriced: boolean;
  /** Enter: the newest call in view shows its whole turn (as the pane's rows allow), not folded. */
  readonly unfolded?: boolean;
}

/** A replay of a log's calls, none shown yet. */
export function replayedCalls(title: string, { calls, userPriced }: PricedLog): ReportedCallsState {
  const queue = calls.map((priced): ShownCall => ({ session: title, status: 'reported', model: priced.row.model ?? '(no model named)', priced }));
  return { title, live: false, shown: [], queue, sessions: [title], session: title, userPriced };
}

/** A live source with nothing seen yet. */
export function liveCalls(title: string): ReportedCallsState {
  return { title, live: true, shown: [], queue: [], sessions: [], session: undefined, userPriced: false };
}

export type ReportedCallsAction =
  /** A request the live source counted and is forwarding. */
  | { readonly type: 'callRequested'; readonly session: string; readonly model: string; readonly counted: NonNullable<ShownCall['counted']>; readonly id?: number }
  /**
   * The usage of a call arrived, priced: it completes the request of the same `id`, else the
   * session's oldest request with the same model and count, or shows alone.
   */
  | { readonly type: 'callReported'; readonly session: string; readonly priced: PricedCall; readonly countedTokens?: number; readonly id?: number }
  | { readonly type: 'callRefused'; readonly session: string; readonly model: string; readonly why: string }
  /** Reply text that arrived for live calls since the last such action (gathered, so the screen redraws at a bounded rate). */
  | { readonly type: 'callsStreamed'; readonly texts: readonly { readonly id: number; readonly text: string }[] }
  /** Several of these at once (a live source hands on what happened every tenth of a second). */
  | { readonly type: 'calls/many'; readonly actions: readonly ReportedCallsAction[] }
  /** Tab: the next session's calls. */
  | { readonly type: 'calls/nextSession' }
  /** Enter: unfold the newest call's turn, or fold it again. */
  | { readonly type: 'calls/toggleTurn' };

export function reportedCallsReducer(state: ReportedCallsState, action: ReportedCallsAction): ReportedCallsState {
  switch (action.type) {
    case 'callRequested':
      return show(state, { session: action.session, status: 'requested', model: action.model, counted: action.counted, ...(action.id !== undefined && { id: action.id }) });
    case 'callReported': {
      const { session, priced, countedTokens, id } = action;
      const model = priced.row.model ?? '(no model named)';
      // A numbered call is looked for from the newest (it was shown a moment ago; a live proxy has shown thousands).
      const waiting =
        id !== undefined
          ? state.shown.findLastIndex((call) => call.status === 'requested' && call.id === id)
          : state.shown.findIndex((call) => call.status === 'requested' && call.session === session && call.model === model && (countedTokens === undefined || call.counted?.tokens === countedTokens));
      if (waiting === -1) return show(state, { session, status: 'reported', model, priced });
      const shown = state.shown.map((call, i) => (i === waiting ? { ...call, status: 'reported' as const, priced } : call));
      return { ...state, shown };
    }
    case 'callRefused':
      return show(state, { session: action.session, status: 'refused', model: action.model, why: action.why });
    case 'callsStreamed':
      return streamed(state, action.texts);
    case 'calls/many':
      return action.actions.reduce(reportedCallsReducer, state);
    case 'calls/toggleTurn':
      return { ...state, unfolded: state.unfolded !== true };
    case 'calls/nextSession': {
      if (state.sessions.length < 2) return state;
      const at = state.session === undefined ? -1 : state.sessions.indexOf(state.session);
      return { ...state, session: state.sessions[(at + 1) % state.sessions.length] };
    }
  }
}

/** Each call's new text appended to its reply (the newest calls are looked for from the end). */
function streamed(state: ReportedCallsState, texts: readonly { readonly id: number; readonly text: string }[]): ReportedCallsState {
  const added = new Map<number, string>();
  for (const { id, text } of texts) added.set(id, (added.get(id) ?? '') + text);
  const shown = [...state.shown];
  let left = added.size;
  for (let i = shown.length - 1; i >= 0 && left > 0 && i >= shown.length - REPLIES_KEPT; i--) {
    const call = shown[i]!;
    const text = call.id === undefined ? undefined : added.get(call.id);
    if (text === undefined) continue;
    shown[i] = { ...call, reply: ((call.reply ?? '') + text).slice(-REPLY_KEPT) };
    left -= 1;
  }
  return left === added.size ? state : { ...state, shown };
}

function show(state: ReportedCallsState, call: ShownCall): ReportedCallsState {
  const known = state.sessions.includes(call.session);
  // The call that falls out of the newest REPLIES_KEPT lets its reply text go.
  const old = state.shown.length - REPLIES_KEPT;
  const kept = old >= 0 && state.shown[old]!.reply !== undefined ? state.shown.map((shown, i) => (i === old ? { ...shown, reply: undefined } : shown)) : state.shown;
  return {
    ...state,
    shown: [...kept, call],
    sessions: known ? state.sessions : [...state.sessions, call.session],
    // The first session to call is the one shown; a later one waits for Tab.
    session: state.session ?? call.session,
  };
}

/** A replay's next call: shown, or nothing left. */
export function stepCalls(state: ReportedCallsState): ReportedCallsState {
  const [next, ...rest] = state.queue;
  return next ? { ...state, shown: [...state.shown, next], queue: rest } : state;
}

/** Ctrl+B: the last call shown goes back to the replay's queue. A live call stays (it happened). */
export function unstepCalls(state: ReportedCallsState): ReportedCallsState {
  const last = state.shown[state.shown.length - 1];
  if (state.live || !last) return state;
  return { ...state, shown: state.shown.slice(0, -1), queue: [last, ...state.queue] };
}

/** The calls of the session shown. */
export function sessionCalls(state: ReportedCallsState): ShownCall[] {
  return state.shown.filter((call) => call.session === state.session);
}

/** "call k/N" of a replay. */
export function callsPosition(state: ReportedCallsState): { readonly shown: number; readonly total: number } {
  return { shown: state.shown.length, total: state.shown.length + state.queue.length };
}
