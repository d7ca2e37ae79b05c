import type { ModelEntry } from '../../core/catalog.js';
import { imageRuleFor } from '../../core/chatFormat.js';
import type { CountResult, SessionTools, Turn } from './dashboardState.js';

/**
 * Counts are kept per encoding, but images are priced per model (gpt-4o-mini's tiles cost more
 * than gpt-4o's, in the same encoding): switching between two such models forgets the counts of
 * the turns with images, so they are counted again.
 */
export function forImageRule(turns: readonly Turn[], from: ModelEntry, to: ModelEntry): readonly Turn[] {
  if (imageRuleFor(from.id) === imageRuleFor(to.id)) return turns;
  return turns.map((turn) => (hasImage(turn) ? { ...turn, counts: {} } : turn));
}

function hasImage(turn: Turn): boolean {
  const { content } = turn.message;
  return Array.isArray(content) && content.some((part) => part.type === 'image_url');
}

/** The tools after a `switch` count: its tokens kept, unless the definitions changed while it was counted. */
export function withToolTokens(tools: SessionTools, result: Extract<CountResult, { kind: 'switch' }>): SessionTools {
  if (!result.tools || result.tools.definitions !== tools.definitions || tools.definitions.length === 0) return tools;
  return { ...tools, tokens: { ...tools.tokens, [result.encoding]: result.tools.tokens } };
}
