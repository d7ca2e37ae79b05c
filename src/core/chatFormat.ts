/**
 * What a chat request bills, per OpenAI's cookbook ("How to count tokens with tiktoken"):
 * every message costs 3 framing tokens plus the tokens of each of its string fields (role and
 * name included), plus 1 when it has a name; every request costs 3 more to prime the reply.
 *
 * The lesson's script used a simpler rule (content + 4 per message, no priming); `lesson` keeps it
 * selectable so its printed output can be reproduced.
 */
export type Role = 'system' | 'user' | 'assistant' | 'tool' | 'developer';

export interface TextPart {
  readonly type: 'text';
  readonly text: string;
}

export interface ImagePart {
  readonly type: 'image_url';
  readonly image_url: { readonly url: string; readonly detail?: 'low' | 'high' | 'auto' };
}

export type ContentPart = TextPart | ImagePart;

/** An assistant's request to run a tool; a later `tool` message answers it by `tool_call_id`. */
export interface ToolCall {
  readonly id: string;
  readonly type: 'function';
  readonly function: { readonly name: string; readonly arguments: string };
}

export interface ChatMessage {
  readonly role: Role;
  /** null where an assistant message carries only tool calls. */
  readonly content: string | readonly ContentPart[] | null;
  readonly name?: string;
  readonly tool_calls?: readonly ToolCall[];
  readonly tool_call_id?: string;
}

export type OverheadRule = 'cookbook' | 'lesson';

export type CountText = (text: string) => number;

export interface FormatRule {
  readonly name: OverheadRule;
  /** Tokens a message adds to every request that carries it. */
  messageTokens(message: ChatMessage, count: CountText): number;
  /** Tokens a request adds once, whatever it carries. */
  readonly requestTokens: number;
}

const COOKBOOK: FormatRule = {
  name: 'cookbook',
  messageTokens(message, count) {
    let tokens = 3 + count(message.role) + contentTokens(message, count);
    if (message.name !== undefined) tokens += count(message.name) + 1;
    return tokens;
  },
  requestTokens: 3,
};

const LESSON: FormatRule = {
  name: 'lesson',
  messageTokens: (message, count) => contentTokens(message, count) + 4,
  requestTokens: 0,
};

export const FORMAT_RULES: Readonly<Record<OverheadRule, FormatRule>> = { cookbook: COOKBOOK, lesson: LESSON };

/** The message's text: a string content, or its text parts joined. */
export function contentText(message: ChatMessage): string {
  if (message.content === null) return '';
  if (typeof message.content === 'string') return message.content;
  return message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

export function contentTokens(message: ChatMessage, count: CountText): number {
  if (message.content === null) return 0;
  if (typeof message.content === 'string') return count(message.content);
  return message.content.reduce((sum, part) => sum + (part.type === 'text' ? count(part.text) : 0), 0);
}

/** The prompt tokens of one request carrying `messages`. */
export function requestTokens(messages: readonly ChatMessage[], count: CountText, rule: FormatRule = COOKBOOK): number {
  return messages.reduce((sum, message) => sum + rule.messageTokens(message, count), rule.requestTokens);
}
