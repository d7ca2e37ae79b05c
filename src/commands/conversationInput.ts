import type { Command } from 'commander';
import type { ChatMessage, CountText } from '../core/chatFormat.js';
import { toolsTokens } from '../core/toolDefinitions.js';
import type { LoadedConversation } from '../io/conversationFile.js';
import { readLimits, withInputOptions, type InputFlags } from './inputOptions.js';

/** The flags of every command that reads a conversation file. */
export interface ConversationFileFlags extends InputFlags {
  readonly format?: string;
  readonly conversation?: string;
}

export const CONVERSATION_FILE_ARGUMENT =
  'conversation: OpenAI chat JSON, JSONL, fine-tuning JSONL, ShareGPT or a User:/Assistant: transcript';

export function withConversationFileOptions(command: Command): Command {
  return withInputOptions(command)
    .option('--format <name>', 'read the file as openai, jsonl, finetune, sharegpt or transcript (default: detected)')
    .option('--conversation <n>', 'which conversation of a fine-tuning JSONL or ShareGPT file, from 1', '1');
}

export async function readConversationFromFlags(file: string, flags: ConversationFileFlags): Promise<LoadedConversation> {
  // Loaded here, not at the top: zod costs ~50 ms of start-up that `count` and the others need not pay.
  const { parseConversationFlag, parseFormatFlag, readConversationFile } = await import('../io/conversationFile.js');
  const format = parseFormatFlag(flags.format);
  const conversation = parseConversationFlag(flags.conversation);
  return readConversationFile(file, { ...(format && { format }), ...(conversation && { conversation }) }, readLimits(flags));
}

/**
 * What the tool definitions (and the request's tool choice) bill on every call, rendered as the API
 * renders them (toolDefinitions.ts); `messages` decide whether they join a system message.
 */
export function toolTokensOf(
  loaded: Pick<LoadedConversation, 'tools' | 'toolChoice'>,
  count: CountText,
  messages: readonly ChatMessage[],
): number {
  return toolsTokens(loaded.tools ?? [], loaded.toolChoice, count, messages);
}
