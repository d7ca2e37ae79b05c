import { constants, closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';

/**
 * A session's call log, `calls/<journal id>.jsonl` under the journal's directory: one JSON line
 * per call, appended. The journal keeps the conversation; this keeps the bill (what `report ID`
 * reads). Created with the session's journal, owner-only, never through a link.
 */
export interface CallLog {
  readonly path: string;
  append(record: unknown): void;
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
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_NOFOLLOW, 0o600);
  } catch (error) {
    throw new InputError(`${path}: cannot open the call log (${(error as NodeJS.ErrnoException).code ?? 'unwritable'})`);
  }
  let open = true;
  return {
    path,
    // One write per line, with O_APPEND: a line is never interleaved with another.
    append: (record) => void writeSync(fd, `${JSON.stringify(record)}\n`),
    close() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}
