import type { ChatMessage } from '../../src/core/chatFormat.js';
import type { TokenizerName } from '../../src/core/tokenizer.js';
import { oracleEncode } from './oracle.js';

const tokens = (encoding: TokenizerName, text: string): number => oracleEncode(encoding, text).length;

/** The calls an assistant message makes: its tool calls and its legacy function_call. */
function callsOf(message: ChatMessage) {
  return [...(message.tool_calls ?? []).map((call) => call.function), ...(message.function_call ? [message.function_call] : [])];
}

/** The message's own tokens: its text, and each call's function name and arguments. */
function ownTokens(encoding: TokenizerName, message: ChatMessage): number {
  const content =
    message.content === null
      ? ''
      : typeof message.content === 'string'
        ? message.content
        : message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
  return callsOf(message).reduce((sum, call) => sum + tokens(encoding, call.name) + tokens(encoding, call.arguments), tokens(encoding, content));
}

/**
 * What a message adds to every request, by the cookbook's rule, counted with `tiktoken`: 3 + role +
 * text (+ name + 1); each call its function name, arguments and 3; a function's result (a
 * `function` message, or a `tool` message with a name) 2 fewer.
 */
export function oracleMessageTokens(encoding: TokenizerName, message: ChatMessage): number {
  let total = 3 + tokens(encoding, message.role) + ownTokens(encoding, message) + 3 * callsOf(message).length;
  if (message.name !== undefined) total += tokens(encoding, message.name) + 1;
  if (message.role === 'function' || (message.role === 'tool' && message.name !== undefined)) total -= 2;
  return total;
}

/** The expected per-turn figures: what each message adds, and what the next call bills after it. */
export function oracleLedger(encoding: TokenizerName, messages: readonly ChatMessage[], base = 3): { tokens: number[]; used: number[] } {
  const perMessage = messages.map((message) => oracleMessageTokens(encoding, message));
  let used = base;
  return { tokens: perMessage, used: perMessage.map((t) => (used += t)) };
}

/** Output tokens of an assistant message: its text and tool calls, without framing. */
export function oracleOutputTokens(encoding: TokenizerName, message: ChatMessage): number {
  return ownTokens(encoding, message);
}
