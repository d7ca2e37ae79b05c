import { InputError } from '../core/errors.js';
import { loadEvalsSamples } from './evalsSamples.js';
import { loadFinetuneJsonl } from './finetuneJsonl.js';
import { firstLineIsJsonObject } from './jsonLines.js';
import { loadJsonlMessages } from './jsonlMessages.js';
import { USAGE_LOG_FORMATS } from '../core/usage/reportedUsage.js';
import { CONVERSATION_FORMATS, boundedNesting, chooseConversation, parseJson, type ConversationFormat, type LoadedConversation, type LoadOptions } from './loaderKit.js';
import { loadOpenAiChat } from './openaiChat.js';
import { isHeaderLine } from './records.js';
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
  const conversations = loadConversations(text, file, options);
  if (conversations.length === 1 && conversations[0]!.conversationCount === 0) return conversations[0]!;
  return conversations[chooseConversation(file, options.conversation, conversations.length) - 1]!;
}

/** Every conversation of the file, in order (one for the formats that hold one). */
export function loadConversations(text: string, file: string, options: Pick<LoadOptions, 'format'> = {}): LoadedConversation[] {
  // A byte-order mark becomes a space: JSON.parse skips it and offsets (hence columns) stay true.
  const body = text.startsWith('\uFEFF') ? ` ${text.slice(1)}` : text;
  // An empty file is an empty conversation: it shows zero, it is not an error.
  if (body.trim() === '') return [{ messages: [], format: options.format ?? 'openai', conversation: 1, conversationCount: 0 }];
  const { format, data } = options.format ? { format: options.format, data: undefined } : detectFormat(file, body);
  switch (format) {
    case 'openai':
      return [loadOpenAiChat(file, body, data === undefined ? parseJson(body, file) : data)];
    case 'jsonl':
      return [loadJsonlMessages(file, body)];
    case 'finetune':
      return loadFinetuneJsonl(file, body, data);
    case 'sharegpt':
      return loadShareGpt(file, body, data);
    case 'evals':
      return loadEvalsSamples(file, body, data);
    case 'transcript':
      return [loadTranscript(file, body)];
  }
}

export function readConversationFile(path: string, options: LoadOptions = {}, limits: ReadLimits = {}): LoadedConversation {
  return loadConversation(readTextFile(path, limits), path, options);
}

/** Every conversation of a file (`--conversation all`). */
export function readConversationsFile(path: string, options: Pick<LoadOptions, 'format'> = {}, limits: ReadLimits = {}): LoadedConversation[] {
  const conversations = loadConversations(readTextFile(path, limits), path, options);
  if (conversations.length === 0) throw new InputError(`${path}: no conversation in the file`);
  return conversations;
}

/**
 * What the content looks like: JSON (by its shape), JSONL (a JSON object on the first line; the
 * record after a header line says which kind), or a transcript.
 */
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
    throw notRecognised(file, 'JSON without a "messages" array, ShareGPT "conversations", evals "input" or a message with a "role"');
  }
  if (looksLikeTranscript(text)) return { format: 'transcript' };
  throw notRecognised(file, 'not JSON, and the first line does not start with "User:", "Assistant:" or "System:"');
}

/** The format whose records look like this one: a conversation, a ShareGPT record, an evals sample. */
function recordKind(record: Record<string, unknown>): ConversationFormat | undefined {
  if ('messages' in record) return 'finetune';
  if ('conversations' in record) return 'sharegpt';
  if ('input' in record) return 'evals';
  return undefined;
}

function jsonFormat(data: unknown, text: string): ConversationFormat | undefined {
  if (Array.isArray(data)) return (isObject(data[0]) && recordKind(data[0])) || 'openai';
  if (!isObject(data)) return undefined;
  // One record on its own: `{"messages"}` is a request (openai), the others a one-record file.
  const kind = recordKind(data);
  if (kind) return kind === 'finetune' ? 'openai' : kind;
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (('role' in data || isHeaderLine(data)) && lines.length === 1) return 'jsonl';
  return undefined;
}

/** A JSONL file's kind, by its first record (after a header line): a conversation, ShareGPT or evals per line, else a message. */
function jsonlKind(text: string): ConversationFormat {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const parse = (line: string | undefined): unknown => {
    try {
      return line === undefined ? undefined : JSON.parse(line);
    } catch {
      return undefined; // the loader names the line
    }
  };
  const head = parse(lines[0]);
  const record = isHeaderLine(head) ? parse(lines[1]) : head;
  return (isObject(record) && recordKind(record)) || 'jsonl';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function notRecognised(file: string, why: string): InputError {
  return new InputError(
    `${file}: not a recognised conversation format (tried ${CONVERSATION_FORMATS.join(', ')}, and the agent and API logs ${USAGE_LOG_FORMATS.join(', ')}): ${why}; --format NAME forces one`,
  );
}

/** `--format NAME`, checked. */
export function parseFormatFlag(value: string | undefined): ConversationFormat | undefined {
  if (value === undefined) return undefined;
  const format = CONVERSATION_FORMATS.find((name) => name === value);
  if (!format && USAGE_LOG_FORMATS.some((name) => name === value)) {
    throw new InputError(`--format ${value} is an agent or API log: report reads it (report FILE --format ${value})`);
  }
  if (!format) throw new InputError(`--format must be one of ${[...CONVERSATION_FORMATS, ...USAGE_LOG_FORMATS].join(', ')}, got "${value}"`);
  return format;
}

/** `--conversation N`, a whole number from 1, or `all`. */
export function parseConversationFlag(value: string | undefined): number | 'all' | undefined {
  if (value === undefined) return undefined;
  if (value.trim().toLowerCase() === 'all') return 'all';
  const number = Number(value.trim());
  if (value.trim() === '' || !Number.isInteger(number) || number < 1) {
    throw new InputError(`--conversation must be a whole number from 1 (the first conversation) or "all", got "${value}"`);
  }
  return number;
}
