import { FORMAT_RULES, requestTokens, type ChatMessage, type CountText, type FormatRule, type JsonSchema, type ToolDefinition } from './chatFormat.js';

/**
 * What the tool definitions of a request bill. The API does not send the JSON Schemas to the model:
 * it writes the functions into the system prompt as TypeScript-like declarations, which it does not
 * publish. This is the rendering that reproduces the billed counts of hmarr/openai-chat-tokens'
 * cases (measured on gpt-3.5-turbo) and of the cookbook's weather tool (105 on gpt-4, 101 on gpt-4o),
 * as gpt-tokenizer 4.0.0 implements it:
 *
 *     namespace functions {
 *
 *     // Get the current weather in a given location
 *     type get_current_weather = (_: {
 *     // The city and state, e.g. San Francisco, CA
 *     location: string,
 *     unit?: "celsius" | "fahrenheit",
 *     }) => any;
 *
 *     } // namespace functions
 *
 * Descriptions are written for the function and its top-level parameters only; an optional
 * parameter (not in `required`) gets a `?`; nested objects are indented by two spaces per level.
 */
export function renderToolDefinitions(tools: readonly ToolDefinition[]): string {
  const lines = ['namespace functions {', ''];
  for (const { function: fn } of tools) {
    if (fn.description) lines.push(`// ${fn.description}`);
    const parameters = fn.parameters;
    if (parameters?.properties === undefined || Object.keys(parameters.properties).length === 0) {
      lines.push(`type ${fn.name} = () => any;`);
    } else {
      lines.push(`type ${fn.name} = (_: {`, renderProperties(parameters, 0), '}) => any;');
    }
    lines.push('');
  }
  lines.push('} // namespace functions');
  return lines.join('\n');
}

function renderProperties(schema: JsonSchema, indent: number): string {
  const pad = ' '.repeat(indent);
  const required = new Set(schema.required ?? []);
  const lines: string[] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (property.description && indent === 0) lines.push(`${pad}// ${property.description}`);
    lines.push(`${pad}${name}${required.has(name) ? '' : '?'}: ${renderType(property, indent)},`);
  }
  return lines.join('\n');
}

/** A property's type as TypeScript: enums as unions of their values, arrays as `T[]`, objects inline. */
export function renderType(schema: JsonSchema, indent: number): string {
  if (schema.anyOf) return schema.anyOf.map((member) => renderType(member, indent)).join(' | ');
  if (Array.isArray(schema.type)) return schema.type.map((type) => renderType({ ...schema, type }, indent)).join(' | ');
  switch (schema.type) {
    case 'string':
      return schema.enum ? schema.enum.map((value) => JSON.stringify(value)).join(' | ') : 'string';
    case 'number':
    case 'integer':
      return schema.enum ? schema.enum.map(String).join(' | ') : 'number';
    case 'boolean':
    case 'null':
      return schema.type;
    case 'array':
      return schema.items ? `${renderType(schema.items, indent)}[]` : 'any[]';
    case 'object':
      return `{\n${renderProperties(schema, indent + 2)}\n${' '.repeat(indent)}}`;
    default:
      return schema.enum ? schema.enum.map((value) => JSON.stringify(value)).join(' | ') : 'any';
  }
}

/**
 * Framing of the definitions: 9 tokens when they make a system message of their own; when the
 * request has one, they join the first, 4 fewer, and that message's text gains a newline.
 */
export const DEFINITIONS_FRAMING = 9;
export const JOINING_SYSTEM_MESSAGE = -4;

/**
 * Tokens the definitions add to a request carrying `messages` (an empty list: none). Also what
 * they change in the first system message (its added newline), so that the messages' own counts
 * stay as they are without tools.
 */
export function toolDefinitionTokens(tools: readonly ToolDefinition[], count: CountText, messages: readonly ChatMessage[] = []): number {
  if (tools.length === 0) return 0;
  let tokens = count(renderToolDefinitions(tools)) + DEFINITIONS_FRAMING;
  const system = messages.find((message) => message.role === 'system');
  if (system) tokens += JOINING_SYSTEM_MESSAGE + addedNewlineTokens(system, count);
  return tokens;
}

function addedNewlineTokens(system: ChatMessage, count: CountText): number {
  const text = typeof system.content === 'string' ? system.content : '';
  if (text === '' || text.endsWith('\n')) return 0;
  return count(`${text}\n`) - count(text);
}

/** Tokens a request's `tool_choice` (or legacy `function_call`) adds: "none" 1, a named function 7 (4 legacy) + its name. */
export type ToolChoice = 'auto' | 'none' | 'required' | { readonly name: string; readonly legacy?: boolean };

export function toolChoiceTokens(choice: ToolChoice | undefined, count: CountText): number {
  if (choice === undefined || choice === 'auto' || choice === 'required') return 0;
  if (choice === 'none') return 1;
  return count(choice.name) + (choice.legacy ? 4 : 7);
}

/** What the definitions and the choice bill on every call of a request carrying `messages`. */
export function toolsTokens(tools: readonly ToolDefinition[], toolChoice: ToolChoice | undefined, count: CountText, messages: readonly ChatMessage[]): number {
  return tools.length === 0 ? 0 : toolDefinitionTokens(tools, count, messages) + toolChoiceTokens(toolChoice, count);
}

/** A whole request as the API takes it. */
export interface ChatRequest {
  readonly messages: readonly ChatMessage[];
  readonly tools?: readonly ToolDefinition[];
  readonly toolChoice?: ToolChoice;
}

/** The prompt tokens of a request: its messages by `rule`, its tool definitions and tool choice. */
export function promptTokens(request: ChatRequest, count: CountText, rule: FormatRule = FORMAT_RULES.cookbook): number {
  return requestTokens(request.messages, count, rule) + toolsTokens(request.tools ?? [], request.toolChoice, count, request.messages);
}

/**
 * What the tool definitions (and the request's tool choice) bill on every call, rendered as the API
 * renders them; `messages` decide whether they join a system message.
 */
export function toolTokensOf(
  loaded: { readonly tools?: readonly ToolDefinition[]; readonly toolChoice?: ToolChoice | undefined },
  count: CountText,
  messages: readonly ChatMessage[],
): number {
  return toolsTokens(loaded.tools ?? [], loaded.toolChoice, count, messages);
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
