// Writing journals, and nothing that reads one back: a new session records its turns with this
// alone, so the dashboard starts without the journal reader's validation (zod) loaded.
import { closeSync, constants, fsyncSync, ftruncateSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { stringifyTerminalSafe } from '../core/sanitize.js';
import { InputError } from '../core/errors.js';
import { groupAppender } from './groupCommit.js';
import { checkStateDirectory } from './ownFiles.js';
import type { JournalEvent } from '../core/session.js';
import { lockJournal } from './sessionLock.js';

export const JOURNAL_VERSION = 1;

/** The first line of every journal. */
export interface SessionHeader {
  readonly type: 'session';
  readonly version: number;
  readonly id: string;
  readonly started: string;
  readonly model: string;
  readonly source?: string;
}

/**
 * Sessions are journals: one JSONL file per session, `<id>.jsonl`, under the state directory. The
 * first line is a `session` header; every later line is one event. `append` returns only once the
 * line is on disk (write + fsync), so the dashboard shows a turn only after it is safe.
 */
export interface Journal {
  readonly id: string;
  readonly path: string;
  /**
   * Writes and flushes one event; throws an InputError if the disk refuses (the journal stays
   * whole). With group commit it is queued, and on disk once `flushed()` resolves.
   */
  append(event: JournalEvent): void;
  /** Resolves once every event appended so far is on disk (at once unless group commit). */
  flushed(): Promise<void>;
  close(): void;
}

/**
 * `each`: every append written and fsynced before it returns (the dashboard, one event a turn).
 * `group`: appends queued and written together, off the event loop (the proxy's many calls at once).
 */
export type CommitMode = 'each' | 'group';

export interface JournalPlace {
  /** The state directory; default `stateDirectory()`. */
  readonly dir?: string;
}

export interface JournalOptions extends JournalPlace {
  readonly model: string;
  /** Where the session started from (a conversation file), kept in the header. */
  readonly source?: string;
  readonly now?: () => Date;
  /** Default `each`. */
  readonly commit?: CommitMode;
}

/** `$XDG_STATE_HOME/context-accountant`, or `~/.local/state/context-accountant` (a relative XDG path is ignored, as the spec says). */
export function stateDirectory(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const xdg = env.XDG_STATE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.local', 'state'), 'context-accountant');
}

/** Starts a new session: creates its journal and writes the header, flushed. */
export function openJournal({ model, source, dir = stateDirectory(), now = () => new Date(), commit = 'each' }: JournalOptions): Journal {
  ensureDirectory(dir);
  const started = now();
  for (let attempt = 0; ; attempt++) {
    const id = sessionId(started);
    const path = join(dir, `${id}.jsonl`);
    let fd: number;
    try {
      fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 5) continue;
      throw new InputError(`${path}: cannot create journal (${errorCode(error)})`);
    }
    const header: SessionHeader = { type: 'session', version: JOURNAL_VERSION, id, started: started.toISOString(), model, ...(source !== undefined && { source }) };
    let unlock: (() => void) | undefined;
    const line = Buffer.from(`${stringifyTerminalSafe(header)}\n`, 'utf8');
    try {
      unlock = lockJournal(path, id);
      // The header on disk before the journal is handed out, in either commit mode.
      writeAt(fd, line, 0);
      fsyncSync(fd);
    } catch (error) {
      closeSync(fd);
      unlock?.();
      rmSync(path, { force: true });
      throw error instanceof InputError ? error : new InputError(`${path}: cannot write journal (${errorCode(error)})`);
    }
    fsyncDirectory(dir);
    return journalOn(fd, line.length, id, path, now, unlock, commit);
  }
}

/** Sorts by start time: `20261125-182455-3f9a` (UTC, then 4 random hex digits). */
function sessionId(started: Date): string {
  const stamp = started.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

export interface OpenJournal extends Journal {
  write(record: object): void;
  writeRaw(text: string): void;
}

/**
 * Appends at an explicit offset: a write that fails half-way is cut back off the file, so a later
 * append can never leave a torn line in the middle of the journal.
 */
export function journalOn(fd: number, size: number, id: string, path: string, now: () => Date, unlock: () => void, commit: CommitMode = 'each'): OpenJournal {
  if (commit === 'group') return groupJournal(fd, size, id, path, now, unlock);
  let end = size;
  let state: 'open' | 'closed' | 'broken' = 'open';
  const writeRaw = (text: string) => {
    if (state !== 'open') throw new InputError(`${path}: journal is ${state}; nothing more can be recorded`);
    const data = Buffer.from(text, 'utf8');
    try {
      writeAt(fd, data, end);
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
  return journalOf(id, path, now, writeRaw, {
    flushed: () => Promise.resolve(),
    close() {
      if (state === 'closed') return;
      state = 'closed';
      closeSync(fd);
      unlock();
    },
  });
}

/** A journal with group commit: the same lines, queued and written in batches (see groupCommit.ts). */
function groupJournal(fd: number, size: number, id: string, path: string, now: () => Date, unlock: () => void): OpenJournal {
  const appender = groupAppender(fd, size, path, unlock);
  return journalOf(id, path, now, (text) => appender.append(text), { flushed: () => appender.flushed(), close: () => appender.close() });
}

/** The journal's lines (each record terminal-safe JSON, each event stamped) over a way to write them. */
function journalOf(id: string, path: string, now: () => Date, writeRaw: (text: string) => void, file: Pick<OpenJournal, 'flushed' | 'close'>): OpenJournal {
  const write = (record: object) => writeRaw(`${stringifyTerminalSafe(record)}\n`);
  return { id, path, write, writeRaw, append: ({ type, ...payload }) => write({ type, at: now().toISOString(), ...payload }), ...file };
}

function writeAt(fd: number, data: Buffer, offset: number): void {
  for (let written = 0; written < data.length; ) written += writeSync(fd, data, written, data.length - written, offset + written);
}

function ensureDirectory(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new InputError(`${dir}: cannot create the state directory (${errorCode(error)})`);
  }
  checkStateDirectory(dir);
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

export function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}
