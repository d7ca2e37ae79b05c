import { closeSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { stringifyTerminalSafe } from '../core/sanitize.js';
import { InputError } from '../core/errors.js';
import { JOURNAL_VERSION, type JournalEvent, type SessionHeader } from './journalEvents.js';
import { readJournal, type LoadedSession } from './journalReader.js';
import { lockJournal } from './sessionLock.js';

export type { JournalEvent } from './journalEvents.js';
export type { LoadedSession } from './journalReader.js';

/**
 * Sessions are journals: one JSONL file per session, `<id>.jsonl`, under the state directory. The
 * first line is a `session` header; every later line is one event. `append` returns only once the
 * line is on disk (write + fsync), so the dashboard shows a turn only after it is safe.
 */
export interface Journal {
  readonly id: string;
  readonly path: string;
  /** Writes and flushes one event; throws an InputError if the disk refuses (the journal stays whole). */
  append(event: JournalEvent): void;
  close(): void;
}

export interface JournalPlace {
  /** The state directory; default `stateDirectory()`. */
  readonly dir?: string;
}

export interface JournalOptions extends JournalPlace {
  readonly model: string;
  /** Where the session started from (a conversation file), kept in the header. */
  readonly source?: string;
  readonly now?: () => Date;
}

/** `$XDG_STATE_HOME/context-accountant`, or `~/.local/state/context-accountant` (a relative XDG path is ignored, as the spec says). */
export function stateDirectory(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const xdg = env.XDG_STATE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.local', 'state'), 'context-accountant');
}

/** Starts a new session: creates its journal and writes the header, flushed. */
export function openJournal({ model, source, dir = stateDirectory(), now = () => new Date() }: JournalOptions): Journal {
  ensureDirectory(dir);
  const started = now();
  for (let attempt = 0; ; attempt++) {
    const id = sessionId(started);
    const path = join(dir, `${id}.jsonl`);
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 5) continue;
      throw new InputError(`${path}: cannot create journal (${errorCode(error)})`);
    }
    const header: SessionHeader = { type: 'session', version: JOURNAL_VERSION, id, started: started.toISOString(), model, ...(source !== undefined && { source }) };
    let journal: OpenJournal | undefined;
    try {
      journal = journalOn(fd, 0, id, path, now, lockJournal(path, id));
      journal.write(header);
    } catch (error) {
      if (journal) journal.close();
      else closeSync(fd);
      rmSync(path, { force: true });
      throw error;
    }
    fsyncDirectory(dir);
    return journal;
  }
}

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
  try {
    replayed = readJournal(path, id);
    journal = journalOn(reopenAt(path, replayed.validBytes), replayed.validBytes, id, path, now, unlock);
  } catch (error) {
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

function reopenAt(path: string, size: number): number {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r+');
    ftruncateSync(fd, size);
    return fd;
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    throw new InputError(`${path}: cannot reopen journal (${errorCode(error)})`);
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
  readonly messages: number;
  readonly lastActivity: string | undefined;
  readonly warnings: readonly string[];
  /** Why the session cannot be loaded (a corrupt line), when it cannot. */
  readonly problem?: string;
}

/** Every session, most recent activity first; a corrupt one is listed with its problem, not fatal. */
export function listSessions({ dir = stateDirectory() }: JournalPlace = {}): SessionSummary[] {
  return sessionFiles(dir)
    .map(({ id, path }): SessionSummary => {
      try {
        const session = readJournal(path, id);
        const { started, model, lastActivity, warnings } = session;
        return { id, path, started, model, messages: session.messages.length, lastActivity, warnings };
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        return { id, path, started: undefined, model: undefined, messages: 0, lastActivity: undefined, warnings: [], problem: error.message };
      }
    })
    .sort((a, b) => (b.lastActivity ?? '').localeCompare(a.lastActivity ?? '') || b.id.localeCompare(a.id));
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

/** Sorts by start time: `20261125-182455-3f9a` (UTC, then 4 random hex digits). */
function sessionId(started: Date): string {
  const stamp = started.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

interface OpenJournal extends Journal {
  write(record: object): void;
  writeRaw(text: string): void;
}

/**
 * Appends at an explicit offset: a write that fails half-way is cut back off the file, so a later
 * append can never leave a torn line in the middle of the journal.
 */
function journalOn(fd: number, size: number, id: string, path: string, now: () => Date, unlock: () => void): OpenJournal {
  let end = size;
  let state: 'open' | 'closed' | 'broken' = 'open';
  const writeRaw = (text: string) => {
    if (state !== 'open') throw new InputError(`${path}: journal is ${state}; nothing more can be recorded`);
    const data = Buffer.from(text, 'utf8');
    try {
      for (let written = 0; written < data.length; ) written += writeSync(fd, data, written, data.length - written, end + written);
      fsyncSync(fd);
      end += data.length;
    } catch (error) {
      try {
        ftruncateSync(fd, end);
      } catch {
        state = 'broken';
      }
      throw new InputError(`${path}: cannot write journal (${errorCode(error)})`);
    }
  };
  const write = (record: object) => writeRaw(`${stringifyTerminalSafe(record)}\n`);
  return {
    id,
    path,
    write,
    writeRaw,
    append: ({ type, ...payload }) => write({ type, at: now().toISOString(), ...payload }),
    close() {
      if (state === 'closed') return;
      state = 'closed';
      closeSync(fd);
      unlock();
    },
  };
}

function ensureDirectory(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new InputError(`${dir}: cannot create the state directory (${errorCode(error)})`);
  }
}

/** Makes a new file's name durable too; not every platform can open a directory, hence best effort. */
function fsyncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // best effort
  }
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}
