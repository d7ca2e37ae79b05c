import type { ChatMessage, ToolDefinition, UncountedPart } from './chatFormat.js';

/** The formats a conversation file may be in, in the order detection tries them. */
export const CONVERSATION_FORMATS = ['openai', 'jsonl', 'finetune', 'sharegpt', 'evals', 'transcript'] as const;
export type ConversationFormat = (typeof CONVERSATION_FORMATS)[number];

/** One conversation read from a file, whatever its format (io's readers make it; core and the ui read it). */
export interface LoadedConversation {
  readonly messages: readonly ChatMessage[];
  /** Tool definitions sent with every request, when the file gives them. */
  readonly tools?: readonly ToolDefinition[];
  readonly format: ConversationFormat;
  /** Which conversation of the file this is, counting from 1. */
  readonly conversation: number;
  readonly conversationCount: number;
  /** Parts the counts leave out (images of unknown size); absent when everything is counted. */
  readonly notCounted?: readonly UncountedPart[];
}

/** What the file said besides its messages. */
export type ConversationSource = Omit<LoadedConversation, 'messages'>;
