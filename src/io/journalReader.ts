import { closeSync, constants, readSync, type Stats } from 'node:fs';
import type { ChatMessage, ToolDefinition } from '../core/chatFormat.js';
import { InputError } from '../core/errors.js';
import { anyEvent, storedEvent, type StoredEvent } from './journalEvents.js';
import type { SessionHeader } from './journalWriter.js';
import { pathDeeperThan } from './jsonLocate.js';
import { MAX_JSON_DEPTH } from './loaderKit.js';
import { openOwnFile } from './ownFiles.js';
import { formatBytes } from './readText.js';

/** A session rebuilt from its journal: the messages left after every undo, and the model last chosen. */
export interface LoadedSession {
  readonly id: string;
  readonly path: string;
  /** ISO time of the session header; undefined when the header itself was torn. */
  readonly started: string | undefined;
  /** The model last chosen; undefined when the header was torn and no model event followed. */
  readonly model: string | undefined;
  readonly messages: ChatMessage[];
  /**
   * For each message, whether it was a queued turn replayed (`"replayed": true` on its line), so a
   * resume goes on from the queue's position. Journals from before it say false throughout.
   */
  readonly replayed: boolean[];
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

/** A journal bigger than this is refused rather than read (a 1M-token session is a few MiB; pastes add to it). */
export const JOURNAL_MAX_BYTES = 256 * 1024 ** 2;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const CHUNK = 1 << 16;

/** Reads and replays the journal at `path` (opened safely, read as a stream, at most JOURNAL_MAX_BYTES). */
export function readJournal(path: string, id: string): LoadedSession & JournalTail {
  const { fd, stat } = openOwnFile(path, constants.O_RDONLY);
  try {
    return replayJournalFd(fd, stat, path, id);
  } finally {
    closeSync(fd);
  }
}

/** Replays the journal open on `fd`, in chunks: memory holds the messages, never the whole file. */
export function replayJournalFd(fd: number, stat: Stats, path: string, id: string): LoadedSession & JournalTail {
  if (stat.size > JOURNAL_MAX_BYTES) throw tooBig(path, stat.size);
  const replay = new JournalReplay(path, id);
  let pending: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(CHUNK);
    let read: number;
    try {
      read = readSync(fd, chunk, 0, CHUNK, offset);
    } catch (error) {
      throw new InputError(`${path}: cannot read journal (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    }
    if (read === 0) break;
    offset += read;
    if (offset > JOURNAL_MAX_BYTES) throw tooBig(path, offset);
    let start = 0;
    for (let end = chunk.indexOf(0x0a, 0); end !== -1 && end < read; end = chunk.indexOf(0x0a, start)) {
      pending.push(chunk.subarray(start, end));
      replay.line(Buffer.concat(pending), true);
      pending = [];
      start = end + 1;
    }
    if (start < read) pending.push(chunk.subarray(start, read));
  }
  if (pending.length > 0) replay.line(Buffer.concat(pending), false);
  return replay.result();
}

/** Replays a journal held in memory (tests, small files). */
export function replayJournal(bytes: Uint8Array, path: string, id: string): LoadedSession & JournalTail {
  const replay = new JournalReplay(path, id);
  let start = 0;
  for (let end = bytes.indexOf(0x0a); end !== -1; end = bytes.indexOf(0x0a, start)) {
    replay.line(bytes.subarray(start, end), true);
    start = end + 1;
  }
  if (start < bytes.length) replay.line(bytes.subarray(start), false);
  return replay.result();
}

function tooBig(path: string, size: number): InputError {
  return new InputError(`${path}: journal of ${formatBytes(size)}, more than the ${formatBytes(JOURNAL_MAX_BYTES)} a session is read up to`);
}

/** The start of every header this program writes (JSON.stringify keeps `type` first): how a torn header is told from any other file. */
const HEADER_START = '{"type":"session"';

/**
 * A journal's lines, one at a time. Only a last line without its newline is torn (a write cut
 * short by a crash, never acknowledged): skipped with a warning, and cut off by a resume. A
 * complete line that does not parse or validate is an InputError naming file:line, wherever it
 * is: skipping it could silently drop a turn, and a resume must never delete it.
 */
class JournalReplay {
  private readonly warnings: string[] = [];
  private readonly messages: ChatMessage[] = [];
  private readonly replayed: boolean[] = [];
  private header: SessionHeader | undefined;
  private model: string | undefined;
  private tools: readonly ToolDefinition[] = [];
  private lastActivity: string | undefined;
  private validBytes = 0;
  private bytes = 0;
  private endsWithNewline = true;
  private lineNumber = 0;
  private seenContent = false;

  constructor(
    private readonly path: string,
    private readonly id: string,
  ) {}

  line(bytes: Uint8Array, newline: boolean): void {
    this.lineNumber++;
    this.bytes += bytes.length + (newline ? 1 : 0);
    const where = `${this.path}:${this.lineNumber}`;
    const first = !this.seenContent;
    const line = parseLine(bytes);
    if (line.kind === 'blank') return;
    this.seenContent = true;
    if (line.kind === 'bad') {
      if (newline) throw new InputError(`${where}: corrupt journal line (${line.why})`);
      const head = Buffer.from(bytes.subarray(0, HEADER_START.length)).toString('latin1');
      if (first && HEADER_START.slice(0, head.length) !== head) {
        throw notAJournal(where, 'its first line is not a session header');
      }
      this.warnings.push(`${where}: torn last line skipped (${line.why}); the session was interrupted while writing it`);
      return;
    }
    this.validBytes = this.bytes;
    this.endsWithNewline = newline;
    if (line.kind === 'unknown') {
      if (first) throw notAJournal(where, 'its first line is not a session header');
      this.warnings.push(`${where}: unknown event "${line.type}" skipped (written by a newer version?)`);
      return;
    }
    const event = line.event;
    if (event.type === 'session') {
      if (this.header !== undefined || this.messages.length > 0) this.warnings.push(`${where}: second session header ignored`);
      else [this.header, this.model, this.lastActivity] = [event, event.model, event.started];
      return;
    }
    if (this.header === undefined) throw notAJournal(where, 'no session header before this line');
    this.lastActivity = event.at;
    if (event.type === 'message') {
      this.messages.push(event.message);
      this.replayed.push(event.replayed === true);
    } else if (event.type === 'undo') {
      this.messages.pop();
      this.replayed.pop();
    }
    else if (event.type === 'tools') this.tools = event.tools;
    else this.model = event.id;
  }

  result(): LoadedSession & JournalTail {
    const { id, path, header, model, messages, replayed, tools, lastActivity, warnings, validBytes, endsWithNewline } = this;
    return { id, path, started: header?.started, model, messages, replayed, tools, lastActivity, warnings, validBytes, endsWithNewline };
  }
}

function notAJournal(where: string, why: string): InputError {
  return new InputError(`${where}: not a context-accountant journal (${why}); nothing was changed`);
}

type ParsedLine =
  | { readonly kind: 'event'; readonly event: StoredEvent }
  | { readonly kind: 'unknown'; readonly type: string }
  | { readonly kind: 'blank' }
  | { readonly kind: 'bad'; readonly why: string };

const KNOWN_TYPES: readonly string[] = ['session', 'message', 'undo', 'model', 'tools'];

/** One line of a journal, parsed and validated (a known event, an unknown type, blank, or bad and why). */
export function parseLine(bytes: Uint8Array): ParsedLine {
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
