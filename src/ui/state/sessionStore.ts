import { InputError } from '../../core/errors.js';
import type { SessionRecorder } from '../../core/session.js';
import { dashboardReducer, type DashboardAction } from './dashboardReducer.js';
import type { DashboardState } from './dashboardState.js';
import { journalEventsBetween } from './sessionChanges.js';

/**
 * Applies an action, recording first what it changes (a turn sent or replayed, an undo, a model,
 * tool definitions) and only then returning the state that shows it. If the journal cannot be
 * written, the action is not applied at all (so the typed text stays in the input line) and the
 * state says why instead.
 */
export function recordThenApply(state: DashboardState, action: DashboardAction, recorder: SessionRecorder | undefined): DashboardState {
  const next = dashboardReducer(state, action);
  if (next === state || !recorder) return next;
  try {
    for (const event of journalEventsBetween(state, next)) recorder.record(event);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return dashboardReducer(state, { type: 'notice', tone: 'error', text: `${error.message}; not done, nothing lost (try again)` });
  }
  return next;
}
