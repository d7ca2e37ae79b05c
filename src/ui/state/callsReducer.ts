import type { DashboardState } from './dashboardState.js';
import { filesReducer, type FilesAction } from './filesReducer.js';
import { achievedRate, turnsDue } from './replayClock.js';
import { reportedCallsReducer, stepCalls, unstepCalls, type ReportedCallsAction, type ReportedCallsState } from './reportedCalls.js';

/**
 * The dashboard's actions while it shows reported calls (a log replayed, the proxy's live calls):
 * the replay keys step, play and undo calls instead of turns; typing has nothing to go to. The
 * path prompt, notices, scrolling and speed are the dashboard's as ever (undefined: not handled
 * here). A conversation loaded with Ctrl+O leaves the calls for the conversation.
 */
/** Ctrl+O read an agent or API log, or the command opened one: the dashboard replays its calls. */
export interface CallsLoaded {
  readonly type: 'calls/loaded';
  readonly calls: ReportedCallsState;
}

/**
 * Takes any dashboard action by its `type` (the reducer's union is not imported here: it imports
 * this); each case reads only the fields that type's action has.
 */
export function callsDashboardReducer(state: DashboardState, action: { readonly type: string }): DashboardState | undefined {
  if (action.type === 'calls/loaded') {
    return { ...state, calls: (action as CallsLoaded).calls, playing: false, replayClock: undefined, replayRate: undefined, scroll: 0, prompt: undefined };
  }
  const { calls } = state;
  if (!calls) return undefined;
  switch (action.type) {
    case 'callRequested':
    case 'callReported':
    case 'callRefused':
    case 'calls/many':
      // A live source's calls go to the live view only (not to a log loaded with Ctrl+O meanwhile).
      return calls.live ? withCalls(state, reportedCallsReducer(calls, action as ReportedCallsAction)) : state;
    case 'callsStreamed':
      // Text arriving does not move the list the user scrolled.
      return calls.live ? { ...state, calls: reportedCallsReducer(calls, action as ReportedCallsAction) } : state;
    case 'calls/nextSession':
      return withCalls(state, reportedCallsReducer(calls, action as ReportedCallsAction));
    case 'calls/toggleTurn':
      // The call scrolled to stays in view: it is the one unfolded.
      return { ...state, calls: reportedCallsReducer(calls, action as ReportedCallsAction) };
    case 'replay/next':
      return withCalls(state, stepCalls(calls));
    case 'back':
      return { ...withCalls(state, unstepCalls(calls)), playing: false, replayClock: undefined, replayRate: undefined };
    case 'replay/toggle':
      return { ...state, playing: calls.queue.length > 0 && !state.playing, replayClock: undefined, replayRate: undefined };
    case 'replay/tick':
      return tickCalls(state, calls, (action as { readonly type: string; readonly now: number }).now);
    case 'file/loaded':
      return filesReducer({ ...state, calls: undefined, playing: false }, action as FilesAction);
    case 'draft/change':
    case 'send':
    case 'reply':
    case 'cycleRole':
    case 'pasteLogDump':
    case 'picker/open':
    case 'strategy/cycle':
    case 'compare/toggle':
      return state;
    case 'edit':
    case 'paste':
      // Keys typed go to the path prompt when it is open; there is no draft to type into.
      return state.prompt ? undefined : state;
    default:
      return undefined;
  }
}

function withCalls(state: DashboardState, calls: ReportedCallsState): DashboardState {
  return calls === state.calls ? state : { ...state, calls, scroll: 0 };
}

/** Autoplay of a replayed log: every call due by `now` (replayClock.ts), as conversation replay does turns. */
function tickCalls(state: DashboardState, calls: ReportedCallsState, now: number): DashboardState {
  if (!state.playing) return state;
  const clock = state.replayClock;
  if (!clock) return { ...state, replayClock: { since: now, asked: 0, shownAtStart: calls.shown.length }, replayRate: undefined };
  const due = turnsDue(clock, state.speed, now);
  let next = calls;
  for (let i = 0; i < due && next.queue.length > 0; i++) next = stepCalls(next);
  const rate = achievedRate(clock, next.shown.length, now);
  if (next === calls && rate === state.replayRate) return state;
  const playing = next.queue.length > 0;
  return {
    ...withCalls(state, next),
    playing,
    replayClock: playing ? { ...clock, asked: clock.asked + due } : undefined,
    replayRate: playing ? rate : undefined,
  };
}
