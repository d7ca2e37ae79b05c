import type { ChatMessage, ToolDefinition } from './chatFormat.js';
import type { ToolChoice } from './toolDefinitions.js';

const MAX_LISTED = 5;

/**
 * What a request's count rests on beyond the cookbook's published rule: the parts billed by a
 * rule OpenAI does not publish, each said once, so that no part is counted (or left out) without
 * a word. The rules and their evidence are in chatFormat.ts, toolDefinitions.ts and the README.
 */
export function countingNotes(messages: readonly ChatMessage[], tools: readonly ToolDefinition[], toolChoice?: ToolChoice): string[] {
  const notes: string[] = [];
  if (tools.length > 0) {
    notes.push(
      'tool definitions: counted as the TypeScript-like declarations the API writes them into (not published by OpenAI; ' +
        "the rendering matches the billed counts of the peers' measured cases, see the README)",
    );
  }
  const parallel = indexesWhere(messages, (message) => (message.tool_calls?.length ?? 0) > 1);
  if (parallel.length > 0) {
    notes.push(
      `tool calls: ${listed('message', parallel)} make several calls at once, counted as that many single calls ` +
        '(name + arguments + 3 each); how the API wraps parallel calls is not published, so these are estimates',
    );
  }
  const nameless = indexesWhere(messages, (message) => message.role === 'tool' && message.name === undefined);
  if (nameless.length > 0) {
    notes.push(
      `tool results: ${listed('message', nameless)} carry no function name and are counted as plain messages; ` +
        'with a name the API bills one as a function result (name + 1 - 2), and whether it adds the called function\'s name unasked is not published',
    );
  }
  if (indexesWhere(messages, (message) => message.tool_call_id !== undefined).length > 0) {
    notes.push('tool_call_id: not counted (the ids are the API\'s bookkeeping, never shown to the model; the billed counts leave no room for them)');
  }
  if (toolChoice === 'required') notes.push('tool_choice "required": what it adds is not published; counted as nothing');
  return notes;
}

function indexesWhere(messages: readonly ChatMessage[], keep: (message: ChatMessage) => boolean): number[] {
  return messages.flatMap((message, index) => (keep(message) ? [index] : []));
}

function listed(noun: string, indexes: readonly number[]): string {
  const shown = indexes.slice(0, MAX_LISTED).join(', ');
  const more = indexes.length > MAX_LISTED ? ` and ${indexes.length - MAX_LISTED} more` : '';
  return `${noun}${indexes.length === 1 ? '' : 's'} ${shown}${more}`;
}
