import { closeSync, constants, ftruncateSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { parseLine, readJournal, replayJournalFd, type LoadedSession } from './journalReader.js';
import { errorCode, JOURNAL_VERSION, journalOn, stateDirectory, type Journal, type JournalPlace, type OpenJournal } from './journalWriter.js';
import { checkStateDirectory, openOwnFile } from './ownFiles.js';
import { lockJournal } from './sessionLock.js';

export type { JournalEvent } from './journalEvents.js';
export type { LoadedSession } from './journalReader.js';
export { openJournal, stateDirectory, type Journal, type JournalOptions, type JournalPlace } from './journalWriter.js';

/**
 * Reopens a session to go on with it: replays it, cuts off a torn last line (it was never
 * acknowledged), and returns the journal positioned to append. `model` is used only if the
 * session's header was itself torn.
 */
export interface ResumeOptions extends JournalPlace {
  /** The model to record if the session's own header was torn. */
  readonly model?: string;
  readonly now?: () => Date;
}

export function resumeJournal(
  idOrLatest: string,
  { dir = stateDirectory(), model, now = () => new Date() }: ResumeOptions = {},
): { readonly journal: Journal; readonly session: LoadedSession } {
  const { id, path } = findSession(idOrLatest, dir);
  const unlock = lockJournal(path, id);
  let journal: OpenJournal;
  let replayed: ReturnType<typeof readJournal>;
  let fd: number | undefined;
  try {
    // One descriptor, opened safely, for reading, cutting off a torn line and appending: the file
    // checked is the file written, even if the name is swapped meanwhile.
    const opened = openOwnFile(path, constants.O_RDWR);
    fd = opened.fd;
    replayed = replayJournalFd(fd, opened.stat, path, id);
    if (replayed.validBytes < opened.stat.size) cutTo(fd, path, replayed.validBytes);
    journal = journalOn(fd, replayed.validBytes, id, path, now, unlock);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    unlock();
    throw error;
  }
  const { validBytes: _bytes, endsWithNewline, ...session } = replayed;
  try {
    if (!endsWithNewline) journal.writeRaw('\n');
    if (session.started === undefined) {
      if (model === undefined) throw new InputError(`${path}: the session's header was torn; start a new session`);
      journal.write({ type: 'session', version: JOURNAL_VERSION, id, started: now().toISOString(), model });
    }
  } catch (error) {
    journal.close();
    throw error;
  }
  return { journal, session: { ...session, model: session.model ?? model } };
}

/** Cuts a torn last line off (the reader has made sure that is all it is). */
function cutTo(fd: number, path: string, size: number): void {
  try {
    ftruncateSync(fd, size);
  } catch (error) {
    throw new InputError(`${path}: cannot cut the torn line off the journal (${errorCode(error)})`);
  }
}

/** Replays a session, `'latest'` being the one with the most recent activity. */
export function loadSession(idOrLatest: string = 'latest', { dir = stateDirectory() }: JournalPlace = {}): LoadedSession {
  const { id, path } = findSession(idOrLatest, dir);
  const { validBytes: _bytes, endsWithNewline: _newline, ...session } = readJournal(path, id);
  return session;
}

export interface SessionSummary {
  readonly id: string;
  readonly path: string;
  readonly started: string | undefined;
  readonly model: string | undefined;
  /** null when the journal is too big to count its messages here (listed from its first and last lines). */
  readonly messages: number | null;
  readonly lastActivity: string | undefined;
  readonly warnings: readonly string[];
  /** Why the session cannot be loaded (a corrupt line, not a regular file), when it cannot. */
  readonly problem?: string;
}

/** Journals up to this size are replayed to be listed (their messages counted); bigger ones are listed from their head and tail. */
export const LIST_REPLAY_BYTES = 8 * 1024 * 1024;
const HEAD_TAIL_BYTES = 64 * 1024;

/** Every session, most recent activity first; a corrupt one, or a file that is not a journal, is listed with its problem, not fatal. */
export function listSessions({ dir = stateDirectory() }: JournalPlace = {}): SessionSummary[] {
  return sessionFiles(dir)
    .map(({ id, path }): SessionSummary => {
      try {
        return summarize(path, id);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        return { id, path, started: undefined, model: undefined, messages: 0, lastActivity: undefined, warnings: [], problem: error.message };
      }
    })
    .sort((a, b) => (b.lastActivity ?? '').localeCompare(a.lastActivity ?? '') || b.id.localeCompare(a.id));
}

/** A small journal replayed; a big one from its first line (the header) and its last complete line (the last activity). */
function summarize(path: string, id: string): SessionSummary {
  const { fd, stat } = openOwnFile(path, constants.O_RDONLY);
  try {
    if (stat.size <= LIST_REPLAY_BYTES) {
      const { started, model, messages, lastActivity, warnings } = replayJournalFd(fd, stat, path, id);
      return { id, path, started, model, messages: messages.length, lastActivity, warnings };
    }
    const headLine = readAt(fd, 0, HEAD_TAIL_BYTES).toString('utf8').split('\n')[0] ?? '';
    const head = parseLine(Buffer.from(headLine));
    if (head.kind !== 'event' || head.event.type !== 'session') throw new InputError(`${path}:1: not a context-accountant journal (its first line is not a session header)`);
    const lastActivity = lastEventTime(fd, stat.size) ?? head.event.started;
    return { id, path, started: head.event.started, model: head.event.model, messages: null, lastActivity, warnings: [] };
  } finally {
    closeSync(fd);
  }
}

/** The time of the last complete line that is an event, found from the end backwards (a torn last line is passed over). */
function lastEventTime(fd: number, size: number): string | undefined {
  let end = previousNewline(fd, size); // where the last complete line ends
  for (let tries = 0; end > 0 && tries < 8; tries++) {
    const start = previousNewline(fd, end) + 1;
    const line = parseLine(readAt(fd, start, end - start));
    if (line.kind === 'event') return line.event.type === 'session' ? line.event.started : line.event.at;
    end = start - 1;
  }
  return undefined;
}

/** Offset of the last newline before `before`, or -1. */
function previousNewline(fd: number, before: number): number {
  for (let end = before; end > 0; end -= HEAD_TAIL_BYTES) {
    const start = Math.max(0, end - HEAD_TAIL_BYTES);
    const at = readAt(fd, start, end - start).lastIndexOf(0x0a);
    if (at !== -1) return start + at;
  }
  return -1;
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  let read = 0;
  for (let n = -1; n !== 0 && read < length; read += n) n = readSync(fd, buffer, read, length - read, position + read);
  return buffer.subarray(0, read);
}

const ID_PATTERN = /^[A-Za-z0-9._-]+$/;

/** An exact id, a unique prefix of one, or 'latest'. */
function findSession(idOrLatest: string, dir: string): { id: string; path: string } {
  if (idOrLatest === 'latest') {
    const latest = listSessions({ dir })[0];
    if (!latest) throw new InputError(`no saved sessions in ${dir}`);
    return latest;
  }
  if (!ID_PATTERN.test(idOrLatest)) throw new InputError(`"${idOrLatest}" is not a session id (see: context-accountant sessions)`);
  const files = sessionFiles(dir);
  const exact = files.find((file) => file.id === idOrLatest);
  if (exact) return exact;
  const matches = files.filter((file) => file.id.startsWith(idOrLatest));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) throw new InputError(`session "${idOrLatest}" is ambiguous: ${matches.map((m) => m.id).join(', ')}`);
  throw new InputError(`no session "${idOrLatest}" in ${dir} (see: context-accountant sessions)`);
}

function sessionFiles(dir: string): { id: string; path: string }[] {
  if (!checkStateDirectory(dir)) return [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new InputError(`${dir}: cannot list sessions (${errorCode(error)})`);
  }
  return names
    .filter((name) => name.endsWith('.jsonl') && ID_PATTERN.test(name))
    .map((name) => ({ id: name.slice(0, -'.jsonl'.length), path: join(dir, name) }));
}
