import type { ModelEntry } from '../../core/catalog.js';
import type { ChatMessage } from '../../core/chatFormat.js';
import type { JournalEvent } from '../../core/session.js';
import type { DashboardState, Origin } from './dashboardState.js';

/**
 * What the journal must record for a state change, found by comparing the state before and after
 * an action: messages shown (counted or still being counted) that were not, messages no longer
 * shown (undo), the model chosen, the tool definitions. Comparing states rather than reading
 * actions keeps the journal right for any action, present or to come.
 */
export function journalEventsBetween(before: DashboardState, after: DashboardState): JournalEvent[] {
  const events: JournalEvent[] = [];
  if (before.turns !== after.turns || before.jobs !== after.jobs) {
    const was = shownMessages(before);
    const now = shownTurns(after);
    let same = 0;
    while (same < was.length && same < now.length && was[same] === now[same]!.message) same++;
    for (let i = same; i < was.length; i++) events.push({ type: 'undo' });
    for (let i = same; i < now.length; i++) {
      const { message, origin } = now[i]!;
      // A queued turn is marked, so a resume goes on from the queue's position.
      events.push(origin === 'queue' ? { type: 'message', message, replayed: true } : { type: 'message', message });
    }
  }
  const model = chosenModel(after);
  if (model.id !== chosenModel(before).id) events.push({ type: 'model', id: model.id });
  if (after.tools.definitions !== before.tools.definitions) events.push({ type: 'tools', tools: after.tools.definitions });
  return events;
}

/** The history as the screen shows it: the turns, then the messages still being counted. */
export function shownMessages(state: DashboardState): ChatMessage[] {
  return shownTurns(state).map((turn) => turn.message);
}

function shownTurns(state: DashboardState): { readonly message: ChatMessage; readonly origin: Origin }[] {
  const shown = state.turns.map(({ message, origin }) => ({ message, origin }));
  for (const job of state.jobs) if (job.kind === 'append') shown.push({ message: job.message, origin: job.origin });
  return shown;
}

/** The model last chosen: the target of a switch still being counted, else the ledger's. */
export function chosenModel(state: DashboardState): ModelEntry {
  const pending = state.jobs.findLast((job) => job.kind === 'switch');
  return pending?.kind === 'switch' ? pending.model : state.ledger.config.model;
}
