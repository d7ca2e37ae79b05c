import type { StrategyDefinition, StrategySettings } from './types.js';
import { appendAll } from '../arrays.js';

/**
 * The lesson's advice: a message of more than `large` tokens is sent while it is within the last
 * `keepTurns` user turns (its own included), and removed when the next user turn after those
 * arrives. A large tool result goes with the tool call it answers (the API rejects one without the
 * other). System and developer messages stay.
 */
export const evictLarge: StrategyDefinition = {
  name: 'evict-large',
  description: 'remove a message over --large tokens once --keep-turns later user turns have come',
  boundsContext: false,
  createPlanner: (shape, settings) => {
    const pending: number[] = [];
    return (index) => {
      if (isEvictable(shape.tokens[index]!, shape.pinned[index]!, settings)) pending.push(index);
      if (shape.messages[index]!.role !== 'user') return {};
      const due = pending.filter((large) => shape.turnOf[index]! >= evictionTurn(shape.turnOf[large]!, settings));
      if (due.length === 0) return {};
      const kept = pending.filter((large) => !due.includes(large));
      pending.length = 0;
      appendAll(pending, kept);
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
