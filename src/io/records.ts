import type { ToolChoice } from '../core/toolDefinitions.js';
import { z } from 'zod';
import type { ToolDefinition, ChatMessage } from '../core/chatFormat.js';
import { InputError } from '../core/errors.js';
import type { JsonPath } from './jsonLocate.js';
import { firstLineIsJsonObject, parseJsonLines, type JsonLine } from './jsonLines.js';
import { loaded, parseJson, placeOf, schemaError, type ConversationFormat, type LoadedConversation } from './loaderKit.js';

/**
 * Files that hold many conversations, one per record: a JSON array of records (or one record on
 * its own), or JSON lines, a record per line, after an optional header line. Each record is
 * validated where it sits, so an error names its file, line and column.
 */
export interface FileRecord {
  /** Which record of the file, from 0. */
  readonly index: number;
  readonly data: unknown;
  /** The text the record was parsed from (the whole file, or its line) and the value parsed from it. */
  readonly text: string;
  readonly root: unknown;
  readonly firstLine: number;
  /** Where the record sits inside `root`: `[index]` in an array, `[]` on its own. */
  readonly prefix: JsonPath;
}

/**
 * A line such as `{"_meta": {...}}` at the top of a JSONL chat history: an object whose every key
 * starts with an underscore (the usual mark of a control line), which holds no message.
 */
export function isHeaderLine(data: unknown): boolean {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return false;
  const keys = Object.keys(data);
  return keys.length > 0 && keys.every((key) => key.startsWith('_'));
}

/** The records of a file: `data` is the whole file already parsed as JSON, when it is one document. */
export function readRecords(file: string, text: string, data?: unknown): FileRecord[] {
  if (data === undefined && firstLineIsJsonObject(text)) return jsonLineRecords(file, text);
  const root = data === undefined ? parseJson(text, file) : data;
  if (Array.isArray(root)) return root.map((item, index) => ({ index, data: item, text, root, firstLine: 1, prefix: [index] }));
  if (root !== null && typeof root === 'object') return [{ index: 0, data: root, text, root, firstLine: 1, prefix: [] }];
  throw new InputError(`${placeOf(file, text, text.search(/\S/))}: expected a JSON array of records, one record, or JSON lines`);
}

/** The lines of a JSONL file after its header line, if it has one. */
export function linesAfterHeader(file: string, text: string): JsonLine[] {
  const lines = parseJsonLines(file, text);
  return lines.length > 0 && isHeaderLine(lines[0]!.data) ? lines.slice(1) : lines;
}

function jsonLineRecords(file: string, text: string): FileRecord[] {
  return linesAfterHeader(file, text).map(({ line, text: lineText, data }, index) => ({ index, data, text: lineText, root: data, firstLine: line, prefix: [] }));
}

/** "conversation 3, message 2": who owns a path inside one record (the path relative to the record). */
export type RecordLabel = (path: JsonPath) => string | undefined;

export function conversationLabel(record: FileRecord, inner: RecordLabel): (path: JsonPath) => string {
  return (path) => {
    const owner = inner(path.slice(record.prefix.length));
    return `conversation ${record.index + 1}${owner ? `, ${owner}` : ''}`;
  };
}

/** The record checked against `schema`, or an error naming the place of the first thing wrong. */
export function parseRecord<T>(file: string, record: FileRecord, schema: z.ZodType<T>, inner: RecordLabel): T {
  const result = schema.safeParse(record.data);
  if (result.success) return result.data;
  throw recordIssue(file, record, inner, result.error.issues);
}

/** An error at `path` inside the record (relative to it), said in one line. */
export function recordError(file: string, record: FileRecord, inner: RecordLabel, path: JsonPath, message: string): InputError {
  return recordIssue(file, record, inner, [{ code: 'custom', path: [...path], message, input: undefined }]);
}

function recordIssue(file: string, record: FileRecord, inner: RecordLabel, issues: readonly z.core.$ZodIssue[]): InputError {
  const prefixed = issues.map((issue) => ({ ...issue, path: [...record.prefix, ...issue.path] }));
  const source = { file, text: record.text, data: record.root, firstLine: record.firstLine, label: conversationLabel(record, inner) };
  return schemaError(source, new z.ZodError(prefixed as z.core.$ZodIssue[]));
}

/** The conversations of a many-conversation file, each knowing its place among them. */
export function loadedConversations(
  format: ConversationFormat,
  conversations: readonly {
    readonly messages: readonly ChatMessage[];
    readonly tools?: readonly ToolDefinition[] | undefined;
    readonly toolChoice?: ToolChoice | undefined;
  }[],
): LoadedConversation[] {
  return conversations.map(({ messages, tools, toolChoice }, i) =>
    loaded(format, messages, { ...(tools && { tools }), ...(toolChoice && { toolChoice }), conversation: i + 1, conversationCount: conversations.length }),
  );
}
