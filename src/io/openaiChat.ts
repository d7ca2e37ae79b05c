import { z } from 'zod';
import type { ChatMessage, JsonSchema, ToolDefinition } from '../core/chatFormat.js';
import type { ToolChoice } from '../core/toolDefinitions.js';
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

const functionCall = z.object({ name: z.string(), arguments: z.string() });
const toolCall = z.object({
  id: z.string().default(''),
  type: z.literal('function').default('function'),
  function: functionCall,
});

export const chatMessageSchema = z
  .object({
    role: z.enum(['system', 'user', 'assistant', 'tool', 'developer', 'function']),
    content: z.union([z.string(), z.array(contentPart), z.null()], { error: 'expected a string, an array of parts or null' }).optional(),
    name: z.string().optional(),
    tool_calls: z.array(toolCall).optional(),
    tool_call_id: z.string().optional(),
    function_call: functionCall.optional(),
  })
  .superRefine((message, context) => {
    const calls = message.role === 'assistant' && ((message.tool_calls?.length ?? 0) > 0 || message.function_call !== undefined);
    if (message.content == null && !calls) {
      context.addIssue({
        code: 'custom',
        path: ['content'],
        message: 'is null: only an assistant message with tool_calls or a function_call may leave it out',
      });
    }
  });
export type ChatMessageInput = z.infer<typeof chatMessageSchema>;

/** The JSON Schema fields the definitions are rendered from (see renderToolDefinitions); the others are kept as they are. */
const jsonSchema: z.ZodType<JsonSchema> = z.lazy(() =>
  z.looseObject({
    type: z.union([z.string(), z.array(z.string())]).optional(),
    description: z.string().optional(),
    enum: z.array(z.unknown()).optional(),
    properties: z.record(z.string(), jsonSchema).optional(),
    required: z.array(z.string()).optional(),
    items: jsonSchema.optional(),
    anyOf: z.array(jsonSchema).optional(),
  }),
);
const functionDefinition = z.object({
  name: z.string(),
  description: z.string().optional(),
  parameters: jsonSchema.optional(),
});
export const toolDefinitionSchema = z.object({ type: z.literal('function'), function: functionDefinition });

/** `tool_choice` ("auto", "none", "required" or a named function), or the legacy `function_call`. */
const toolChoiceSchema = z.union([
  z.enum(['auto', 'none', 'required']),
  z.object({ type: z.literal('function'), function: z.object({ name: z.string() }) }).transform(({ function: fn }) => ({ name: fn.name })),
]);
const legacyChoiceSchema = z.union([
  z.enum(['auto', 'none']),
  z.object({ name: z.string() }).transform(({ name }) => ({ name, legacy: true })),
]);

export const conversationSchema = z.object({
  messages: z.array(chatMessageSchema),
  tools: z.array(toolDefinitionSchema).optional(),
  /** Legacy function calling: the same definitions, before `tools`. */
  functions: z.array(functionDefinition).optional(),
  tool_choice: toolChoiceSchema.optional(),
  function_call: legacyChoiceSchema.optional(),
});
export type ConversationInput = z.infer<typeof conversationSchema>;

/** `tools` and the legacy `functions` of a request: the API renders both alike. */
export function requestTools(input: Pick<ConversationInput, 'tools' | 'functions'>): ToolDefinition[] {
  return [...(input.tools ?? []), ...(input.functions ?? []).map((fn): ToolDefinition => ({ type: 'function', function: fn }))];
}

export function requestToolChoice(input: Pick<ConversationInput, 'tool_choice' | 'function_call'>): ToolChoice | undefined {
  return input.tool_choice ?? input.function_call;
}

export function toChatMessage(input: ChatMessageInput): ChatMessage {
  const { role, content, name, tool_calls, tool_call_id, function_call } = input;
  return {
    role,
    content: content ?? null,
    ...(name !== undefined && { name }),
    ...(tool_calls !== undefined && { tool_calls }),
    ...(tool_call_id !== undefined && { tool_call_id }),
    ...(function_call !== undefined && { function_call }),
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
    if (path[0] === 'functions' && typeof path[1] === 'number') return `function definition ${path[1]}`;
    return undefined;
  };

/** `{"messages": [...], "tools"?: [...]}` or a bare array of messages. */
export function loadOpenAiChat(file: string, text: string, data: unknown): LoadedConversation {
  const bare = Array.isArray(data);
  const result = bare ? z.array(chatMessageSchema).safeParse(data) : conversationSchema.safeParse(data);
  if (!result.success) throw schemaError({ file, text, data, label: messageLabel(bare ? [] : ['messages']) }, result.error);
  const conversation: ConversationInput = Array.isArray(result.data) ? { messages: result.data } : result.data;
  const toolChoice = requestToolChoice(conversation);
  return loaded('openai', conversation.messages.map(toChatMessage), { tools: requestTools(conversation), ...(toolChoice && { toolChoice }) });
}
