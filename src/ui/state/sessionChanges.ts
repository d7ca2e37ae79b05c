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
    // Read in place, not copied: a replay's tick on a long history compares a few new turns, and
    // must not build two arrays of every message for it.
    const was = shownView(before);
    const now = shownView(after);
    let same = 0;
    while (same < was.length && same < now.length && was.at(same).message === now.at(same).message) same++;
    for (let i = same; i < was.length; i++) events.push({ type: 'undo' });
    for (let i = same; i < now.length; i++) {
      const { message, origin } = now.at(i);
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

interface ShownMessage {
  readonly message: ChatMessage;
  readonly origin: Origin;
}

/** The turns, then the messages still being counted, read by position without copying the turns. */
function shownView(state: DashboardState): { readonly length: number; at(index: number): ShownMessage } {
  const { turns } = state;
  const pending: ShownMessage[] = [];
  for (const job of state.jobs) if (job.kind === 'append') pending.push({ message: job.message, origin: job.origin });
  return { length: turns.length + pending.length, at: (index) => (index < turns.length ? turns[index]! : pending[index - turns.length]!) };
}

function shownTurns(state: DashboardState): ShownMessage[] {
  const view = shownView(state);
  return Array.from({ length: view.length }, (_, i) => view.at(i));
}

/** The model last chosen: the target of a switch still being counted, else the ledger's. */
export function chosenModel(state: DashboardState): ModelEntry {
  const pending = state.jobs.findLast((job) => job.kind === 'switch');
  return pending?.kind === 'switch' ? pending.model : state.ledger.config.model;
}
