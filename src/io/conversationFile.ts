import { z } from 'zod';
import type { ChatMessage } from '../core/chatFormat.js';
import { InputError } from '../errors.js';

const textPart = z.object({ type: z.literal('text'), text: z.string() });
const message = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool', 'developer']),
  content: z.union([z.string(), z.array(textPart)]),
  name: z.string().optional(),
});
const messageList = z.array(message);
const messagesObject = z.object({ messages: messageList });

/** Line and column (1-based) of a character offset. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

export function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message);
    const where = position ? lineColumnAt(text, Number(position[1])) : lineColumnAt(text, text.length);
    const reason = (error as Error).message.replace(/ in JSON at position \d+.*$/, '');
    throw new InputError(`${path}:${where.line}:${where.column}: invalid JSON: ${reason}`);
  }
}

/** Reads `{"messages": [...]}` or a bare array of OpenAI chat messages. */
export function parseConversation(text: string, path: string): ChatMessage[] {
  if (text.trim() === '') return []; // an empty file is an empty conversation: it shows zero
  const data = parseJson(text, path);
  // Choose the schema by shape first, so an error names the message, not "no union member matched".
  const result = Array.isArray(data) ? messageList.safeParse(data) : messagesObject.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
    throw new InputError(`${path}: ${where || 'top level'}: ${issue.message}`);
  }
  return Array.isArray(result.data) ? result.data : result.data.messages;
}
