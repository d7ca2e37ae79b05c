import { TOOL_CONSTANTS, toolDefinitionTokens, type CountText, type ToolDefinition } from './chatFormat.js';
import type { EncodingName } from './splitPattern.js';

/** Tool definitions are billed on every call, by the cookbook's rule for the model's encoding. */
export function toolTokensOf(loaded: { readonly tools?: readonly ToolDefinition[] }, count: CountText, encoding: EncodingName): number {
  return toolDefinitionTokens(loaded.tools ?? [], count, TOOL_CONSTANTS[encoding]);
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
