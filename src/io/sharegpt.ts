import { z } from 'zod';
import type { ChatMessage, Role } from '../core/chatFormat.js';
import type { JsonPath } from './jsonLocate.js';
import { chooseConversation, loaded, schemaError, type LoadedConversation } from './loaderKit.js';

/** ShareGPT's speakers, and the chat roles they stand for. */
const ROLE_OF = { human: 'user', gpt: 'assistant', system: 'system', tool: 'tool', user: 'user', assistant: 'assistant' } as const satisfies Record<
  string,
  Role
>;

const turn = z.object({
  from: z.enum(Object.keys(ROLE_OF) as [keyof typeof ROLE_OF, ...(keyof typeof ROLE_OF)[]]),
  value: z.string(),
});
const record = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  /** Some exports keep the system prompt beside the turns rather than as the first turn. */
  system: z.string().optional(),
  conversations: z.array(turn),
});
type ShareGptRecord = z.infer<typeof record>;

/** `[{"id", "conversations": [{"from", "value"}]}]`, or one such record on its own. */
export function loadShareGpt(file: string, text: string, data: unknown, wanted?: number): LoadedConversation {
  const single = !Array.isArray(data);
  const result = single ? record.safeParse(data) : z.array(record).safeParse(data);
  if (!result.success) throw schemaError({ file, text, data, label: shareGptLabel(single) }, result.error);
  const records: ShareGptRecord[] = Array.isArray(result.data) ? result.data : [result.data];
  const chosen = chooseConversation(file, wanted, records.length);
  return loaded('sharegpt', toMessages(records[chosen - 1]!), { conversation: chosen, conversationCount: records.length });
}

function toMessages({ system, conversations }: ShareGptRecord): ChatMessage[] {
  const turns = conversations.map(({ from, value }): ChatMessage => ({ role: ROLE_OF[from], content: value }));
  return system === undefined || system === '' ? turns : [{ role: 'system', content: system }, ...turns];
}

const shareGptLabel =
  (single: boolean) =>
  (path: JsonPath): string | undefined => {
    const [conversation, rest] = single ? [0, path] : [path[0], path.slice(1)];
    if (typeof conversation !== 'number') return undefined;
    const turnIndex = rest[0] === 'conversations' ? rest[1] : undefined;
    return `conversation ${conversation + 1}${typeof turnIndex === 'number' ? `, message ${turnIndex}` : ''}`;
  };
