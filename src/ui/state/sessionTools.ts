import type { ModelEntry } from '../../core/catalog.js';
import { imageRuleFor, type ToolDefinition } from '../../core/chatFormat.js';
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

/**
 * The definitions a request carries once another file's are added: one per function name, a later
 * file's definition replacing an earlier one of the same name. Unchanged (the same array) when
 * nothing is added, so a change of reference means a change of tools.
 */
export function mergeTools(current: readonly ToolDefinition[], added: readonly ToolDefinition[]): readonly ToolDefinition[] {
  if (added.length === 0) return current;
  const names = new Set(added.map((tool) => tool.function.name));
  return [...current.filter((tool) => !names.has(tool.function.name)), ...added];
}
