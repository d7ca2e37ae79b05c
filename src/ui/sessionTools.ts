import type { ToolDefinition } from '../core/chatFormat.js';
import type { CountResult, SessionTools } from './dashboardState.js';

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
