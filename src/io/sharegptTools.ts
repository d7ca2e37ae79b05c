import { z } from 'zod';
import type { ChatMessage, ToolCall, ToolDefinition } from '../core/chatFormat.js';
import { jsonTextAt, type JsonPath } from './jsonLocate.js';
import { formatPath } from './loaderKit.js';
import { toolDefinitionSchema } from './openaiChat.js';

/**
 * ShareGPT's tool use, as LLaMA-Factory writes it (`glaive_toolcall_en_demo.json`): a
 * `function_call` turn holds the call as JSON, `{"name", "arguments"}` (or a list of them for
 * parallel calls), an `observation` turn the tool's result, and the record's `tools` the function
 * definitions, as a JSON string or a list. They become what the API would carry: an assistant
 * message with `tool_calls` and no text, a `tool` message, and `tools` beside the messages.
 *
 * The arguments are kept as the file writes them (LLaMA-Factory's own `json.dumps` of them gives
 * the same text), since a request sends them as one string. The file has no call ids: none are
 * invented, so a call's id and the result's `tool_call_id` are left empty.
 */

/** What went wrong, said of the turn's value; the caller names the place. */
export type Fail = (message: string) => never;

const callSchema = z.object({
  name: z.string(),
  arguments: z.unknown().refine((value) => value !== undefined, { message: 'is missing' }),
});

/** The assistant message a `function_call` turn stands for. */
export function functionCallMessage(value: string, fail: Fail): ChatMessage {
  let data: unknown;
  try {
    data = JSON.parse(value);
  } catch {
    fail('a function_call turn must hold JSON: {"name": ..., "arguments": {...}}');
  }
  const calls = Array.isArray(data) ? data : [data];
  if (calls.length === 0) fail('a function_call turn holds an empty list of calls');
  const tool_calls = calls.map((call, i): ToolCall => {
    const result = callSchema.safeParse(call);
    const at: JsonPath = Array.isArray(data) ? [i] : [];
    if (!result.success) fail(`function_call${at.length > 0 ? ` call ${i}` : ''}: ${describe(result.error)}`);
    const { name, arguments: args } = result.data;
    const text = typeof args === 'string' ? args : jsonTextAt(value, [...at, 'arguments']);
    return { id: '', type: 'function', function: { name, arguments: text } };
  });
  return { role: 'assistant', content: null, tool_calls };
}

/** An `observation` turn: the tool's result, sent back as a `tool` message. */
export function observationMessage(value: string): ChatMessage {
  return { role: 'tool', content: value };
}

/** The record's `tools`: a JSON string (as glaive writes it) or a list; bare functions or `{"type": "function", ...}`. */
export function shareGptTools(tools: string | readonly unknown[] | undefined, fail: Fail): ToolDefinition[] {
  if (tools === undefined || (typeof tools === 'string' && tools.trim() === '')) return [];
  let list: unknown = tools;
  if (typeof tools === 'string') {
    try {
      list = JSON.parse(tools);
    } catch {
      fail('must be a JSON list of function definitions');
    }
  }
  if (!Array.isArray(list)) fail('must be a list of function definitions');
  const wrapped = (list as unknown[]).map((tool) => (isObject(tool) && tool['type'] === 'function' ? tool : { type: 'function', function: tool }));
  const result = z.array(toolDefinitionSchema).safeParse(wrapped);
  if (!result.success) fail(describe(result.error, true));
  return result.data;
}

/** The first issue as "path: what is wrong"; inside `tools`, "tool N: path: what is wrong". */
function describe(error: z.ZodError, inTools = false): string {
  const issue = error.issues[0]!;
  const [first, ...rest] = issue.path;
  if (inTools && typeof first === 'number') {
    const where = formatPath(rest.filter((key) => key !== 'function'));
    return `tool ${first}${where ? ` ${where.slice(1)}` : ''}: ${issue.message}`;
  }
  const where = formatPath(issue.path);
  return `${where ? `${where.slice(1)}: ` : ''}${issue.message}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
