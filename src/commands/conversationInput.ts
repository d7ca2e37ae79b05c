import { InputError } from '../core/errors.js';
import type { Command } from 'commander';
import type { LoadedConversation } from '../io/conversationFile.js';
import { readLimits, withInputOptions, type InputFlags } from './inputOptions.js';

/** The flags of every command that reads a conversation file. */
export interface ConversationFileFlags extends InputFlags {
  readonly format?: string;
  readonly conversation?: string;
}

export const CONVERSATION_FILE_ARGUMENT =
  'conversation: OpenAI chat JSON, JSONL, fine-tuning records, ShareGPT, evals samples or a User:/Assistant: transcript';

export function withConversationFileOptions(command: Command): Command {
  return withInputOptions(command)
    .option('--format <name>', 'read the file as openai, jsonl, finetune, sharegpt, evals or transcript; report also claude-code, codex, gemini-cli or api-log (default: detected)')
    .option('--conversation <n>', 'which conversation of a file that holds several, from 1; "all" (report, compare) for every one', '1');
}

/** What `--conversation` chose: one conversation, or every one of the file. */
export type ConversationChoice =
  | { readonly all: false; readonly loaded: LoadedConversation }
  | { readonly all: true; readonly conversations: readonly LoadedConversation[] };

export async function readConversationsFromFlags(file: string, flags: ConversationFileFlags): Promise<ConversationChoice> {
  // Loaded here, not at the top: zod costs ~50 ms of start-up that `count` and the others need not pay.
  const { parseConversationFlag, parseFormatFlag, readConversationFile, readConversationsFile } = await import('../io/conversationFile.js');
  const format = parseFormatFlag(flags.format);
  const conversation = parseConversationFlag(flags.conversation);
  const options = { ...(format && { format }) };
  if (conversation === 'all') return { all: true, conversations: readConversationsFile(file, options, readLimits(flags)) };
  return { all: false, loaded: readConversationFile(file, { ...options, ...(conversation && { conversation }) }, readLimits(flags)) };
}

/** One conversation; `--conversation all` is refused with what to do instead (the dashboard and replay take one). */
export async function readConversationFromFlags(file: string, flags: ConversationFileFlags): Promise<LoadedConversation> {
  const { parseConversationFlag } = await import('../io/conversationFile.js');
  if (parseConversationFlag(flags.conversation) === 'all') {
    throw new InputError('--conversation all is for report and compare; the dashboard replays one conversation: choose it with --conversation N');
  }
  const { detectUsageLog } = await import('../io/usageLogs/usageLogFile.js');
  const { readTextFile } = await import('../io/readText.js');
  const { existsSync, statSync } = await import('node:fs');
  const logFormat = existsSync(file) && statSync(file).isFile() ? detectUsageLog(readTextFile(file, readLimits(flags))) : undefined;
  if (logFormat) throw new InputError(`${file} is an agent or API log (${logFormat}): the dashboard does not replay logs yet; report ${file} prints every call`);
  const choice = await readConversationsFromFlags(file, flags);
  if (choice.all) throw new Error('unreachable: "all" was refused above');
  return choice.loaded;
}

export { toolTokensOf } from '../core/toolDefinitions.js';
