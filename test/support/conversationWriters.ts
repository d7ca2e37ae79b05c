import type { ChatMessage } from '../../src/core/chatFormat.js';

/** One conversation written in each file format people have, to check every loader against one ledger. */
type TextMessage = ChatMessage & { readonly content: string };

const SPEAKER = { system: 'System', user: 'User', assistant: 'Assistant' } as const;
const FROM = { system: 'system', user: 'human', assistant: 'gpt' } as const;

const speaker = (role: ChatMessage['role']) => SPEAKER[role as keyof typeof SPEAKER];
const from = (role: ChatMessage['role']) => FROM[role as keyof typeof FROM];

export const asOpenAiObject = (messages: readonly ChatMessage[]) => JSON.stringify({ messages }, null, 2);
export const asOpenAiArray = (messages: readonly ChatMessage[]) => JSON.stringify(messages, null, 2);
export const asJsonl = (messages: readonly ChatMessage[]) => messages.map((m) => JSON.stringify(m)).join('\n') + '\n';

/** Fine-tuning JSONL with `others` around the conversation, which lands at line `before.length + 1`. */
export const asFinetune = (messages: readonly ChatMessage[], before: readonly ChatMessage[][], after: readonly ChatMessage[][] = []) =>
  [...before, messages, ...after].map((conversation) => JSON.stringify({ messages: conversation })).join('\n') + '\n';

export const asShareGpt = (conversations: readonly (readonly TextMessage[])[]) =>
  JSON.stringify(
    conversations.map((messages, i) => ({
      id: `conversation_${i}`,
      conversations: messages.map((m) => ({ from: from(m.role), value: m.content })),
    })),
    null,
    2,
  );

export const asTranscript = (messages: readonly TextMessage[], newline = '\n') =>
  messages.map((m) => `${speaker(m.role)}: ${m.content}`.replace(/\n/g, newline)).join(newline + newline) + newline;
