import type { ModelEntry } from '../../core/catalog.js';
import type { ChatMessage } from '../../core/chatFormat.js';
import type { JournalEvent } from '../../core/session.js';
import type { DashboardState } from './dashboardState.js';

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
    const now = shownMessages(after);
    let same = 0;
    while (same < was.length && same < now.length && was[same] === now[same]) same++;
    for (let i = same; i < was.length; i++) events.push({ type: 'undo' });
    for (let i = same; i < now.length; i++) events.push({ type: 'message', message: now[i]! });
  }
  const model = chosenModel(after);
  if (model.id !== chosenModel(before).id) events.push({ type: 'model', id: model.id });
  if (after.tools.definitions !== before.tools.definitions) events.push({ type: 'tools', tools: after.tools.definitions });
  return events;
}

/** The history as the screen shows it: the turns, then the messages still being counted. */
export function shownMessages(state: DashboardState): ChatMessage[] {
  const messages = state.turns.map((turn) => turn.message);
  for (const job of state.jobs) if (job.kind === 'append') messages.push(job.message);
  return messages;
}

/** The model last chosen: the target of a switch still being counted, else the ledger's. */
export function chosenModel(state: DashboardState): ModelEntry {
  const pending = state.jobs.findLast((job) => job.kind === 'switch');
  return pending?.kind === 'switch' ? pending.model : state.ledger.config.model;
}
