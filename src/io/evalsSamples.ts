import { z } from 'zod';
import type { ChatMessage } from '../core/chatFormat.js';
import type { LoadedConversation } from './loaderKit.js';
import { chatMessageSchema, messageLabel, toChatMessage } from './openaiChat.js';
import { loadedConversations, parseRecord, readRecords } from './records.js';

/**
 * OpenAI evals samples (`evals/registry/data/*\/samples.jsonl`): a sample per line,
 * `{"input": [messages], "ideal": ...}`. The input is the request the eval sends; `ideal` is the
 * answer it grades against and is never sent, so it is not counted. An input given as a string is
 * sent to a chat model as one system message, as evals' ChatCompletionPrompt does.
 */
const sample = z.object({
  input: z.union([z.string(), z.array(chatMessageSchema)], { error: 'expected a list of chat messages or a string' }),
});

export function loadEvalsSamples(file: string, text: string, data?: unknown): LoadedConversation[] {
  const conversations = readRecords(file, text, data).map((record) => {
    const { input } = parseRecord(file, record, sample, messageLabel(['input']));
    const messages: ChatMessage[] = typeof input === 'string' ? [{ role: 'system', content: input }] : input.map(toChatMessage);
    return { messages };
  });
  return loadedConversations('evals', conversations);
}
