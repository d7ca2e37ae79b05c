import type { ChatMessage, ToolDefinition, UncountedPart } from './chatFormat.js';
import type { ToolChoice } from './toolDefinitions.js';

/** The formats a conversation file may be in, in the order detection tries them. */
export const CONVERSATION_FORMATS = ['openai', 'jsonl', 'finetune', 'sharegpt', 'evals', 'transcript'] as const;
export type ConversationFormat = (typeof CONVERSATION_FORMATS)[number];

/** One conversation read from a file, whatever its format (io's readers make it; core and the ui read it). */
export interface LoadedConversation {
  readonly messages: readonly ChatMessage[];
  /** Tool definitions sent with every request, when the file gives them. */
  readonly tools?: readonly ToolDefinition[];
  /** The request's `tool_choice` (or legacy `function_call`), when the file gives one. */
  readonly toolChoice?: ToolChoice;
  readonly format: ConversationFormat;
  /** Which conversation of the file this is, counting from 1. */
  readonly conversation: number;
  readonly conversationCount: number;
  /** Parts the counts leave out (images of unknown size); absent when everything is counted. */
  readonly notCounted?: readonly UncountedPart[];
  /** Parts counted by a rule OpenAI does not publish (`countingNotes`); absent when there are none. */
  readonly countingNotes?: readonly string[];
}

/** What the file said besides its messages. */
export type ConversationSource = Omit<LoadedConversation, 'messages'>;
