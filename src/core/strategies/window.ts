import type { StrategyDefinition } from './types.js';

/**
 * Drops the oldest turns (never system or developer messages) until the next call fits the limit
 * minus the reserve. Older turns go whole; only the current turn is trimmed unit by unit, so a
 * single message bigger than the window is dropped too: it can never be sent.
 */
export const window: StrategyDefinition = {
  name: 'window',
  description: 'drop the oldest turns so every call fits the limit minus --reserve',
  boundsContext: true,
  createPlanner: (shape, settings, limit) => (index, context) => {
    const excess = context.usedTokens - (limit - settings.reserve);
    if (excess <= 0) return {};
    const currentTurn = shape.turnOf[index]!;
    const units = new Set<number>();
    let freed = 0;
    let droppingTurn: number | undefined;
    for (const key of context.keys) {
      if (key < 0 || shape.pinned[key]) continue;
      const unit = shape.unitOf[key]!;
      if (units.has(unit)) continue;
      const turn = shape.turnOf[unit]!;
      if (freed >= excess && turn !== droppingTurn) break;
      droppingTurn = turn < currentTurn ? turn : undefined;
      units.add(unit);
      for (const member of shape.members.get(unit) ?? []) if (context.has(member)) freed += shape.tokens[member]!;
    }
    return { remove: [...units] };
  },
};
