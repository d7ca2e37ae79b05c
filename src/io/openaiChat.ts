import { z } from 'zod';
import type { ChatMessage } from '../core/chatFormat.js';
import type { JsonPath } from './jsonLocate.js';
import { loaded, schemaError, type LoadedConversation } from './loaderKit.js';

/** OpenAI chat messages as the API takes them, validated where they enter; unknown fields are dropped. */
const textPart = z.object({ type: z.literal('text'), text: z.string() });
const imagePart = z.object({
  type: z.literal('image_url'),
  image_url: z.union([
    z.string().transform((url) => ({ url })),
    z.object({ url: z.string(), detail: z.enum(['low', 'high', 'auto']).optional() }),
  ]),
});
const contentPart = z.discriminatedUnion('type', [textPart, imagePart], {
  error: 'only "text" and "image_url" parts can be counted',
});

const toolCall = z.object({
  id: z.string().default(''),
  type: z.literal('function').default('function'),
  function: z.object({ name: z.string(), arguments: z.string() }),
});

export const chatMessageSchema = z
  .object({
    role: z.enum(['system', 'user', 'assistant', 'tool', 'developer']),
    content: z.union([z.string(), z.array(contentPart), z.null()], { error: 'expected a string, an array of parts or null' }).optional(),
    name: z.string().optional(),
    tool_calls: z.array(toolCall).optional(),
    tool_call_id: z.string().optional(),
  })
  .superRefine((message, context) => {
    const callsTools = message.role === 'assistant' && (message.tool_calls?.length ?? 0) > 0;
    if (message.content == null && !callsTools) {
      context.addIssue({
        code: 'custom',
        path: ['content'],
        message: 'is null: only an assistant message with tool_calls may leave it out',
      });
    }
  });
export type ChatMessageInput = z.infer<typeof chatMessageSchema>;

const toolProperty = z.looseObject({
  type: z.union([z.string(), z.array(z.string())]).optional(),
  description: z.string().optional(),
  enum: z.array(z.unknown()).optional(),
});
export const toolDefinitionSchema = z.object({
  type: z.literal('function'),
  function: z.object({
    name: z.string(),
    description: z.string().optional(),
    parameters: z.looseObject({ properties: z.record(z.string(), toolProperty).optional() }).optional(),
  }),
});

export const conversationSchema = z.object({
  messages: z.array(chatMessageSchema),
  tools: z.array(toolDefinitionSchema).optional(),
});
export type ConversationInput = z.infer<typeof conversationSchema>;

export function toChatMessage(input: ChatMessageInput): ChatMessage {
  const { role, content, name, tool_calls, tool_call_id } = input;
  return {
    role,
    content: content ?? null,
    ...(name !== undefined && { name }),
    ...(tool_calls !== undefined && { tool_calls }),
    ...(tool_call_id !== undefined && { tool_call_id }),
  };
}

/** "message 3" for a path inside `messages` (or inside a bare array). */
export const messageLabel =
  (prefix: JsonPath) =>
  (path: JsonPath): string | undefined => {
    const index = path[prefix.length];
    const inside = prefix.every((key, i) => path[i] === key);
    if (inside && typeof index === 'number') return `message ${index}`;
    if (path[0] === 'tools' && typeof path[1] === 'number') return `tool definition ${path[1]}`;
    return undefined;
  };

/** `{"messages": [...], "tools"?: [...]}` or a bare array of messages. */
export function loadOpenAiChat(file: string, text: string, data: unknown): LoadedConversation {
  const bare = Array.isArray(data);
  const result = bare ? z.array(chatMessageSchema).safeParse(data) : conversationSchema.safeParse(data);
  if (!result.success) throw schemaError({ file, text, data, label: messageLabel(bare ? [] : ['messages']) }, result.error);
  const conversation: ConversationInput = Array.isArray(result.data) ? { messages: result.data } : result.data;
  return loaded('openai', conversation.messages.map(toChatMessage), { tools: conversation.tools });
}
