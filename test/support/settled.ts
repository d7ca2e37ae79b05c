import { act } from 'react';

/**
 * Runs `input` (keys typed, a resize) and resolves once React has finished everything it set off:
 * every render and effect it queued. React's act() is that condition, rather than a count of
 * event-loop turns that a slower machine (or another React) could outrun. The act environment is
 * on only meanwhile: the dashboard's own later updates (timers, workers) are not act()'s to await,
 * and would be warned about.
 */
export async function settled(input: () => void): Promise<void> {
  const scope = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
  scope.IS_REACT_ACT_ENVIRONMENT = true;
  try {
    await act(async () => {
      input();
    });
  } finally {
    scope.IS_REACT_ACT_ENVIRONMENT = false;
  }
}
