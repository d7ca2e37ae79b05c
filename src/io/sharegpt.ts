import { z } from 'zod';
import type { ChatMessage, Role } from '../core/chatFormat.js';
import type { JsonPath } from './jsonLocate.js';
import type { LoadedConversation } from './loaderKit.js';
import { loadedConversations, parseRecord, readRecords, recordError } from './records.js';
import { functionCallMessage, observationMessage, shareGptTools, type Fail } from './sharegptTools.js';

/** ShareGPT's speakers that carry text, and the chat roles they stand for. */
const ROLE_OF = { human: 'user', gpt: 'assistant', system: 'system', tool: 'tool', user: 'user', assistant: 'assistant' } as const satisfies Record<
  string,
  Role
>;
const SPEAKERS = [...(Object.keys(ROLE_OF) as (keyof typeof ROLE_OF)[]), 'function_call', 'observation'] as const;

const turn = z.object({ from: z.enum(SPEAKERS), value: z.string() });
const record = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  /** Some exports keep the system prompt beside the turns rather than as the first turn. */
  system: z.string().optional(),
  conversations: z.array(turn),
  tools: z.union([z.string(), z.array(z.unknown())]).optional(),
});
type ShareGptRecord = z.infer<typeof record>;

/**
 * `[{"id", "conversations": [{"from", "value"}]}]`, one such record on its own, or JSON lines with
 * a record per line (MedicalGPT's `sharegpt_zh_1K_format.jsonl`); with LLaMA-Factory's tool turns.
 */
export function loadShareGpt(file: string, text: string, data?: unknown): LoadedConversation[] {
  const conversations = readRecords(file, text, data).map((source) => {
    const parsed = parseRecord(file, source, record, turnLabel);
    const failAt = (path: JsonPath): Fail => (message) => {
      throw recordError(file, source, turnLabel, path, message);
    };
    return { messages: toMessages(parsed, failAt), tools: shareGptTools(parsed.tools, failAt(['tools'])) };
  });
  return loadedConversations('sharegpt', conversations);
}

function toMessages({ system, conversations }: ShareGptRecord, failAt: (path: JsonPath) => Fail): ChatMessage[] {
  const turns = conversations.map(({ from, value }, i): ChatMessage => {
    if (from === 'function_call') return functionCallMessage(value, failAt(['conversations', i, 'value']));
    if (from === 'observation') return observationMessage(value);
    return { role: ROLE_OF[from], content: value };
  });
  return system === undefined || system === '' ? turns : [{ role: 'system', content: system }, ...turns];
}

/** "message 3" for a path inside a record's `conversations`. */
function turnLabel(path: JsonPath): string | undefined {
  return path[0] === 'conversations' && typeof path[1] === 'number' ? `message ${path[1]}` : undefined;
}
