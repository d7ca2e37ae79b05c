import { useCallback, useRef, useState } from 'react';
import type { SessionRecorder } from '../../core/session.js';
import type { DashboardAction } from '../state/dashboardReducer.js';
import { initialState, type DashboardOptions, type DashboardState } from '../state/dashboardState.js';
import { recordThenApply } from '../state/sessionStore.js';

/**
 * The dashboard's state, like useReducer, with two differences: every action passes through the
 * journal before it can show (recordThenApply), and `latest()` is the state after every action
 * dispatched so far, even those React has not rendered yet, so what the journal records and what
 * file commands read is never a stale render's.
 */
export function useSessionStore(options: DashboardOptions, recorder: SessionRecorder | undefined) {
  const [state, setState] = useState(() => initialState(options));
  const current = useRef(state);
  const dispatch = useCallback(
    (action: DashboardAction) => {
      const next = recordThenApply(current.current, action, recorder);
      if (next === current.current) return;
      current.current = next;
      setState(next);
    },
    [recorder],
  );
  /**
   * `action`, then the action `after` makes of the state it led to (none: nothing more), drawn as
   * one render. Ink's React root renders each dispatch at once, outside React's own events, so two
   * dispatches in a row are two renders of the whole dashboard.
   */
  const dispatchThen = useCallback(
    (action: DashboardAction, after: (state: DashboardState) => DashboardAction | undefined) => {
      const first = recordThenApply(current.current, action, recorder);
      const then = after(first);
      const next = then ? recordThenApply(first, then, recorder) : first;
      if (next === current.current) return;
      current.current = next;
      setState(next);
    },
    [recorder],
  );
  const latest = useCallback((): DashboardState => current.current, []);
  return { state, dispatch, dispatchThen, latest };
}
