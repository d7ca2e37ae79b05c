import type { ChatMessage } from '../core/chatFormat.js';
import { InputError } from '../errors.js';
import { loadFinetuneJsonl } from './finetuneJsonl.js';
import { firstLineIsJsonObject } from './jsonLines.js';
import { loadJsonlMessages } from './jsonlMessages.js';
import { CONVERSATION_FORMATS, boundedNesting, chooseConversation, parseJson, type ConversationFormat, type LoadedConversation, type LoadOptions } from './loaderKit.js';
import { loadOpenAiChat } from './openaiChat.js';
import { readTextFile, type ReadLimits } from './readText.js';
import { loadShareGpt } from './sharegpt.js';
import { loadTranscript, looksLikeTranscript } from './transcript.js';

export { CONVERSATION_FORMATS, lineColumnAt, parseJson, type ConversationFormat, type LoadedConversation, type LoadOptions } from './loaderKit.js';

/**
 * Reads one conversation from the text of a file in any supported format: detected from the
 * content, or the one `options.format` names. Every error is an InputError naming the file (and
 * line and column where there is one).
 */
export function loadConversation(text: string, file: string, options: LoadOptions = {}): LoadedConversation {
  // A byte-order mark becomes a space: JSON.parse skips it and offsets (hence columns) stay true.
  const body = text.startsWith('\uFEFF') ? ` ${text.slice(1)}` : text;
  // An empty file is an empty conversation: it shows zero, it is not an error.
  if (body.trim() === '') return { messages: [], format: options.format ?? 'openai', conversation: 1, conversationCount: 0 };
  const { format, data } = options.format ? { format: options.format, data: undefined } : detectFormat(file, body);
  const json = () => (data === undefined ? parseJson(body, file) : data);
  const single = (conversation: LoadedConversation) => {
    chooseConversation(file, options.conversation, 1);
    return conversation;
  };
  switch (format) {
    case 'openai':
      return single(loadOpenAiChat(file, body, json()));
    case 'jsonl':
      return single(loadJsonlMessages(file, body));
    case 'finetune':
      return loadFinetuneJsonl(file, body, options.conversation);
    case 'sharegpt':
      return loadShareGpt(file, body, json(), options.conversation);
    case 'transcript':
      return single(loadTranscript(file, body));
  }
}

export function readConversationFile(path: string, options: LoadOptions = {}, limits: ReadLimits = {}): LoadedConversation {
  return loadConversation(readTextFile(path, limits), path, options);
}

/** The messages of a conversation file in any format (kept for callers that need only those). */
export function parseConversation(text: string, path: string): ChatMessage[] {
  return [...loadConversation(text, path).messages];
}

/** What the content looks like: JSON (by its shape), JSONL (a JSON object on the first line), or a transcript. */
function detectFormat(file: string, text: string): { format: ConversationFormat; data?: unknown } {
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      if (first === '{' && firstLineIsJsonObject(text)) return { format: jsonlKind(text) };
      parseJson(text, file); // throws, naming the line and column
    }
    boundedNesting(data, text, file);
    const format = jsonFormat(data, text);
    if (format) return { format, data };
    throw notRecognised(file, 'JSON without a "messages" array, ShareGPT "conversations" or a message with a "role"');
  }
  if (looksLikeTranscript(text)) return { format: 'transcript' };
  throw notRecognised(file, 'not JSON, and the first line does not start with "User:", "Assistant:" or "System:"');
}

function jsonFormat(data: unknown, text: string): ConversationFormat | undefined {
  if (Array.isArray(data)) return isObject(data[0]) && 'conversations' in data[0] ? 'sharegpt' : 'openai';
  if (!isObject(data)) return undefined;
  if ('messages' in data) return 'openai';
  if ('conversations' in data) return 'sharegpt';
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if ('role' in data && lines.length === 1) return 'jsonl';
  return undefined;
}

/** Fine-tuning data has a conversation per line (`{"messages": [...]}`); plain JSONL a message. */
function jsonlKind(text: string): ConversationFormat {
  const first = text.split('\n').find((line) => line.trim() !== '')!;
  const data = JSON.parse(first) as Record<string, unknown>;
  return 'messages' in data ? 'finetune' : 'jsonl';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function notRecognised(file: string, why: string): InputError {
  return new InputError(
    `${file}: not a recognised conversation format (tried ${CONVERSATION_FORMATS.join(', ')}): ${why}; --format NAME forces one`,
  );
}

/** `--format NAME`, checked. */
export function parseFormatFlag(value: string | undefined): ConversationFormat | undefined {
  if (value === undefined) return undefined;
  const format = CONVERSATION_FORMATS.find((name) => name === value);
  if (!format) throw new InputError(`--format must be one of ${CONVERSATION_FORMATS.join(', ')}, got "${value}"`);
  return format;
}

/** `--conversation N`, a whole number from 1. */
export function parseConversationFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value.trim());
  if (value.trim() === '' || !Number.isInteger(number) || number < 1) {
    throw new InputError(`--conversation must be a whole number from 1 (the first conversation), got "${value}"`);
  }
  return number;
}
