import type { ChatMessage } from '../../src/core/chatFormat.js';
import type { EncodingName } from '../../src/core/tokenizer.js';
import { oracleEncode } from './oracle.js';

const tokens = (encoding: EncodingName, text: string): number => oracleEncode(encoding, text).length;

/**
 * What a message adds to every request, by the cookbook's rule, counted with `tiktoken`: 3 + role +
 * text (+ name + 1), and for tool calls their function name and arguments (our documented choice).
 */
export function oracleMessageTokens(encoding: EncodingName, message: ChatMessage): number {
  const content =
    message.content === null
      ? ''
      : typeof message.content === 'string'
        ? message.content
        : message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
  let total = 3 + tokens(encoding, message.role) + tokens(encoding, content);
  if (message.name !== undefined) total += tokens(encoding, message.name) + 1;
  for (const call of message.tool_calls ?? []) total += tokens(encoding, call.function.name) + tokens(encoding, call.function.arguments);
  return total;
}

/** The expected per-turn figures: what each message adds, and what the next call bills after it. */
export function oracleLedger(encoding: EncodingName, messages: readonly ChatMessage[], base = 3): { tokens: number[]; used: number[] } {
  const perMessage = messages.map((message) => oracleMessageTokens(encoding, message));
  let used = base;
  return { tokens: perMessage, used: perMessage.map((t) => (used += t)) };
}

/** Output tokens of an assistant message: its text and tool calls, without framing. */
export function oracleOutputTokens(encoding: EncodingName, message: ChatMessage): number {
  return oracleMessageTokens(encoding, message) - 3 - tokens(encoding, message.role);
}
