import { constants, fstatSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { groupAppender } from './groupCommit.js';

/**
 * A session's call log, `calls/<journal id>.jsonl` under the journal's directory: one JSON line
 * per call, appended. The journal keeps the conversation; this keeps the bill (what `report ID`
 * reads). Created with the session's journal, owner-only, never through a link. Lines are written
 * with group commit (the proxy's concurrent calls share a write and an fdatasync, off the event
 * loop): `flushed()` says when those appended so far are on disk.
 */
export interface CallLog {
  readonly path: string;
  append(record: unknown): void;
  flushed(): Promise<void>;
  /** Closes the file once the lines appended are written. */
  close(): void;
}

export function callLogPath(journalDir: string, journalId: string): string {
  return join(journalDir, 'calls', `${journalId}.jsonl`);
}

export function openCallLog(journalDir: string, journalId: string): CallLog {
  const path = callLogPath(journalDir, journalId);
  let fd: number;
  try {
    mkdirSync(join(journalDir, 'calls'), { recursive: true, mode: 0o700 });
    // Not O_APPEND: the appender writes at its own offset (Linux appends a positioned write to an O_APPEND file anywhere).
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
  } catch (error) {
    throw new InputError(`${path}: cannot open the call log (${(error as NodeJS.ErrnoException).code ?? 'unwritable'})`);
  }
  // One session writes its log (the journal's lock keeps its id to one proxy): whole lines, in order.
  const appender = groupAppender(fd, fstatSync(fd).size, path);
  return {
    path,
    append: (record) => appender.append(`${JSON.stringify(record)}\n`),
    flushed: () => appender.flushed(),
    close: () => appender.close(),
  };
}

/**
 * The call log of the journal `id` names (the exact id or a unique prefix of one, as `--resume`
 * takes), if that session has one (a proxy session): the paths that match.
 */
export function findCallLogs(id: string, journalDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(journalDir, 'calls'));
  } catch {
    return [];
  }
  const ids = names.filter((name) => name.endsWith('.jsonl')).map((name) => name.slice(0, -'.jsonl'.length));
  const exact = ids.find((name) => name === id);
  return (exact !== undefined ? [exact] : ids.filter((name) => name.startsWith(id))).map((name) => callLogPath(journalDir, name));
}
