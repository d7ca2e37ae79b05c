import type { StrategyDefinition, StrategySettings } from './types.js';
import { appendAll } from '../arrays.js';

/**
 * The lesson's advice: a message of more than `large` tokens is sent while it is within the last
 * `keepTurns` user turns (its own included), and removed when the next user turn after those
 * arrives. An agent loop makes its calls inside one user turn, so a large tool result also goes
 * once `keepTurns` reply calls have sent it (evicting by calls): without that, nothing ever left
 * an agent's context. A tool result goes with the tool call it answers (the API rejects one
 * without the other). System and developer messages stay.
 */
export const evictLarge: StrategyDefinition = {
  name: 'evict-large',
  description: 'remove a message over --large tokens once --keep-turns later user turns have come (a tool result: once --keep-turns reply calls have sent it)',
  boundsContext: false,
  createPlanner: (shape, settings) => {
    // Large messages still sent, oldest first, and the large tool results among them with the
    // reply call that removes each: those calls only grow, so the due ones are at the front.
    const pending: number[] = [];
    const byCalls: { readonly index: number; readonly dueAt: number }[] = [];
    let byCallsHead = 0;
    let replyCalls = 0;
    const forget = (gone: readonly number[]) => {
      const kept = pending.filter((large) => !gone.includes(large));
      pending.length = 0;
      appendAll(pending, kept);
    };
    return (index) => {
      const message = shape.messages[index]!;
      if (isEvictable(shape.tokens[index]!, shape.pinned[index]!, settings)) {
        pending.push(index);
        if (message.role === 'tool') byCalls.push({ index, dueAt: evictionCall(replyCalls, settings) });
      }
      if (message.role === 'assistant') {
        // This message's reply call has been made (before the planner runs): count it.
        replyCalls += 1;
        const due: number[] = [];
        while (byCallsHead < byCalls.length && byCalls[byCallsHead]!.dueAt <= replyCalls) {
          const { index: large } = byCalls[byCallsHead++]!;
          if (pending.includes(large)) due.push(large);
        }
        if (due.length === 0) return {};
        forget(due);
        return { remove: due };
      }
      if (message.role !== 'user') return {};
      const due = pending.filter((large) => shape.turnOf[index]! >= evictionTurn(shape.turnOf[large]!, settings));
      if (due.length === 0) return {};
      forget(due);
      return { remove: due };
    };
  },
};

/** Whether evict-large ever removes a message: over `large` tokens, and not pinned (system, developer). */
export function isEvictable(tokens: number, pinned: boolean, settings: Pick<StrategySettings, 'large'>): boolean {
  return tokens > settings.large && !pinned;
}

/** The user turn whose arrival removes a large message of user turn `turn`: `keepTurns` later. */
export function evictionTurn(turn: number, settings: Pick<StrategySettings, 'keepTurns'>): number {
  return turn + settings.keepTurns;
}

/** The reply call (counted from 1) after which a large tool result that came after `callsBefore` calls leaves: the `keepTurns`th to send it. */
export function evictionCall(callsBefore: number, settings: Pick<StrategySettings, 'keepTurns'>): number {
  return callsBefore + settings.keepTurns;
}
