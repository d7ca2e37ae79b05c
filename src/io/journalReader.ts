import { readFileSync } from 'node:fs';
import type { ChatMessage, ToolDefinition } from '../core/chatFormat.js';
import { InputError } from '../errors.js';
import { anyEvent, storedEvent, type SessionHeader, type StoredEvent } from './journalEvents.js';
import { pathDeeperThan } from './jsonLocate.js';
import { MAX_JSON_DEPTH } from './loaderKit.js';

/** A session rebuilt from its journal: the messages left after every undo, and the model last chosen. */
export interface LoadedSession {
  readonly id: string;
  readonly path: string;
  /** ISO time of the session header; undefined when the header itself was torn. */
  readonly started: string | undefined;
  /** The model last chosen; undefined when the header was torn and no model event followed. */
  readonly model: string | undefined;
  readonly messages: ChatMessage[];
  /** The tool definitions last recorded (none when the session never read a file with tools). */
  readonly tools: readonly ToolDefinition[];
  /** ISO time of the last event (the header's when there is none). */
  readonly lastActivity: string | undefined;
  /** One line each, naming file:line: a torn last line, an unknown event. */
  readonly warnings: string[];
}

/** Where the last good line ends: a resumed journal is cut back to it before appending. */
export interface JournalTail {
  readonly validBytes: number;
  readonly endsWithNewline: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function readJournal(path: string, id: string): LoadedSession & JournalTail {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new InputError(`${path}: cannot read journal (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  return replayJournal(bytes, path, id);
}

/**
 * Replays a journal's lines. A last line that does not parse is a write cut short by a crash (it
 * was never acknowledged): skipped with a warning. Any earlier bad line is an InputError naming
 * file:line, since skipping it could silently drop a turn.
 */
export function replayJournal(bytes: Uint8Array, path: string, id: string): LoadedSession & JournalTail {
  const warnings: string[] = [];
  const messages: ChatMessage[] = [];
  let header: SessionHeader | undefined;
  let model: string | undefined;
  let tools: readonly ToolDefinition[] = [];
  let lastActivity: string | undefined;
  let validBytes = 0;
  let endsWithNewline = true;
  const lines = splitLines(bytes).map((span) => ({ ...span, line: parseLine(bytes.subarray(span.start, span.end)) }));
  const lastContent = lines.findLastIndex(({ line }) => line.kind !== 'blank');
  lines.forEach(({ end, newline, line }, i) => {
    const where = `${path}:${i + 1}`;
    if (line.kind === 'blank') return;
    if (line.kind === 'bad') {
      if (i === lastContent) {
        warnings.push(`${where}: torn last line skipped (${line.why}); the session was interrupted while writing it`);
        return;
      }
      throw new InputError(`${where}: corrupt journal line (${line.why})`);
    }
    validBytes = newline ? end + 1 : end;
    endsWithNewline = newline;
    if (line.kind === 'unknown') {
      warnings.push(`${where}: unknown event "${line.type}" skipped (written by a newer version?)`);
      return;
    }
    const event = line.event;
    if (event.type === 'session') {
      if (header !== undefined || messages.length > 0) warnings.push(`${where}: second session header ignored`);
      else [header, model, lastActivity] = [event, event.model, event.started];
      return;
    }
    if (header === undefined) throw new InputError(`${where}: not a context-accountant journal (no session header before this line)`);
    lastActivity = event.at;
    if (event.type === 'message') messages.push(event.message);
    else if (event.type === 'undo') messages.pop();
    else if (event.type === 'tools') tools = event.tools;
    else model = event.id;
  });
  return { id, path, started: header?.started, model, messages, tools, lastActivity, warnings, validBytes, endsWithNewline };
}

type ParsedLine =
  | { readonly kind: 'event'; readonly event: StoredEvent }
  | { readonly kind: 'unknown'; readonly type: string }
  | { readonly kind: 'blank' }
  | { readonly kind: 'bad'; readonly why: string };

const KNOWN_TYPES: readonly string[] = ['session', 'message', 'undo', 'model', 'tools'];

function parseLine(bytes: Uint8Array): ParsedLine {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { kind: 'bad', why: 'not UTF-8' };
  }
  if (text.trim() === '') return { kind: 'blank' };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // V8 quotes the line in its message; the reason is enough (and the line is untrusted).
    return { kind: 'bad', why: `invalid JSON: ${(error as Error).message.replace(/, ".*$/s, '')}` };
  }
  if (pathDeeperThan(data, MAX_JSON_DEPTH)) return { kind: 'bad', why: `nested deeper than ${MAX_JSON_DEPTH} levels` };
  const event = storedEvent.safeParse(data);
  if (event.success) return { kind: 'event', event: event.data };
  const other = anyEvent.safeParse(data);
  if (other.success && !KNOWN_TYPES.includes(other.data.type)) return { kind: 'unknown', type: other.data.type };
  const issue = event.error.issues[0];
  return { kind: 'bad', why: `bad event: ${issue ? `${issue.path.join('.') || 'event'}: ${issue.message}` : 'not an event'}` };
}

interface LineSpan {
  readonly start: number;
  readonly end: number;
  readonly newline: boolean;
}

/** Byte spans of the lines; a final empty span (the file ends with a newline) is left out. */
function splitLines(bytes: Uint8Array): LineSpan[] {
  const spans: LineSpan[] = [];
  let start = 0;
  for (;;) {
    const end = bytes.indexOf(0x0a, start);
    if (end === -1) break;
    spans.push({ start, end, newline: true });
    start = end + 1;
  }
  if (start < bytes.length) spans.push({ start, end: bytes.length, newline: false });
  return spans;
}
