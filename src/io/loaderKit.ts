import type { z } from 'zod';
import { uncountedParts, type ChatMessage, type ToolDefinition } from '../core/chatFormat.js';
import type { ConversationFormat, LoadedConversation } from '../core/conversationSource.js';
import { countingNotes } from '../core/countingNotes.js';
import type { ToolChoice } from '../core/toolDefinitions.js';
import { InputError } from '../core/errors.js';
import { locateJsonPath, pathDeeperThan, type JsonPath } from './jsonLocate.js';
import { findJsonSyntaxError } from './jsonSyntax.js';

export { CONVERSATION_FORMATS, type ConversationFormat, type LoadedConversation } from '../core/conversationSource.js';

export interface LoadOptions {
  /** Skip detection and read the file as this format. */
  readonly format?: ConversationFormat;
  /** For files holding several conversations (fine-tuning records, ShareGPT, evals samples): which one, from 1. */
  readonly conversation?: number;
}

export function loaded(
  format: ConversationFormat,
  messages: readonly ChatMessage[],
  {
    tools,
    toolChoice,
    conversation = 1,
    conversationCount = 1,
  }: { tools?: readonly ToolDefinition[]; toolChoice?: ToolChoice; conversation?: number; conversationCount?: number } = {},
): LoadedConversation {
  const notCounted = uncountedParts(messages);
  const notes = countingNotes(messages, tools ?? [], toolChoice);
  return {
    messages,
    ...(tools !== undefined && tools.length > 0 && { tools }),
    ...(toolChoice !== undefined && { toolChoice }),
    ...(notes.length > 0 && { countingNotes: notes }),
    format,
    conversation,
    conversationCount,
    ...(notCounted.length > 0 && { notCounted }),
  };
}

/** The conversation asked for (from 1), or an error saying how many there are. */
export function chooseConversation(file: string, wanted: number | undefined, count: number): number {
  const chosen = wanted ?? 1;
  if (count === 0) throw new InputError(`${file}: no conversation in the file`);
  if (chosen < 1 || chosen > count) {
    throw new InputError(`${file}: --conversation ${chosen} is out of range: the file has ${count} conversation${count === 1 ? '' : 's'} (1-${count})`);
  }
  return chosen;
}

/** Line and column (1-based) of a character offset. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** `file:line:column` of an offset in `text`, whose first line is line `firstLine` of the file. */
export function placeOf(file: string, text: string, offset: number, firstLine = 1): string {
  const { line, column } = lineColumnAt(text, offset);
  return `${file}:${line + firstLine - 1}:${column}`;
}

/**
 * How deep a file's JSON may nest: far more than any conversation or tool schema needs (a message
 * part is 5 levels down, each level of a tool's JSON Schema adds two), and few enough that every
 * walk over the data (validation, counting an enum item, printing) stays far from the stack's end.
 */
export const MAX_JSON_DEPTH = 100;

/** JSON.parse with errors that name file:line:column; nesting deeper than MAX_JSON_DEPTH is one of them. */
export function parseJson(text: string, file: string, firstLine = 1): unknown {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // JSON.parse's message may lack the position and quotes the text: find both ourselves.
    const { offset, reason } = findJsonSyntaxError(text) ?? { offset: 0, reason: 'not valid JSON' };
    throw new InputError(`${placeOf(file, text, offset, firstLine)}: invalid JSON: ${reason}`);
  }
  return boundedNesting(data, text, file, firstLine);
}

/** `data` (parsed from `text`), or an InputError naming the place and path where it nests deeper than MAX_JSON_DEPTH. */
export function boundedNesting(data: unknown, text: string, file: string, firstLine = 1): unknown {
  const deep = pathDeeperThan(data, MAX_JSON_DEPTH);
  if (deep === undefined) return data;
  const place = placeOf(file, text, locateJsonPath(text, deep), firstLine);
  throw new InputError(`${place}: nested deeper than ${MAX_JSON_DEPTH} levels (at ${shortPath(deep)}); no conversation needs that`);
}

/** A path of at most a dozen steps, the rest counted: `.tools[0].function...[0] (+92 levels)`. */
function shortPath(path: JsonPath): string {
  const shown = 12;
  return path.length <= shown ? formatPath(path) : `${formatPath(path.slice(0, shown))}... (+${path.length - shown} levels)`;
}

/** What a schema error needs to name the place: the parsed text and how to call a path's owner. */
export interface IssueSource {
  readonly file: string;
  readonly text: string;
  readonly data: unknown;
  readonly firstLine?: number;
  /** "message 3", "conversation 2, message 0"...: who the path belongs to, if anyone. */
  readonly label: (path: JsonPath) => string | undefined;
}

/** A zod issue as one line: file:line:column, the message it concerns, and what is wrong. */
export function schemaError(source: IssueSource, error: z.ZodError): InputError {
  const issue = deepestIssue(error.issues[0]!);
  const path = issue.path;
  const offset = locateJsonPath(source.text, path);
  const place = placeOf(source.file, source.text, offset, source.firstLine);
  const where = formatPath(path);
  const owner = source.label(path);
  const key = path[path.length - 1];
  if (typeof key === 'string' && valueAt(source.data, path) === undefined) {
    return new InputError(`${place}: ${owner ?? 'the file'} has no "${key}"${where ? ` (${where})` : ''}`);
  }
  return new InputError(`${place}: ${owner ? `${owner}: ` : ''}${where || 'top level'}: ${issue.message}`);
}

type Issue = z.core.$ZodIssue;

/** A union's error says only "Invalid input"; the branch that got furthest says what is wrong. */
function deepestIssue(issue: Issue): Issue {
  if (issue.code !== 'invalid_union') return issue;
  const branches = issue.errors.flat().filter((inner) => inner.path.length > 0);
  if (branches.length === 0) return issue;
  const deepest = branches.reduce((best, inner) => (inner.path.length > best.path.length ? inner : best));
  return deepestIssue({ ...deepest, path: [...issue.path, ...deepest.path] } as Issue);
}

export function formatPath(path: JsonPath): string {
  return path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
}

function valueAt(data: unknown, path: JsonPath): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
