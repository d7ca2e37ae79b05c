import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { InputError } from '../core/errors.js';

/**
 * One writer per journal: two processes appending to one file would interleave or overwrite lines.
 * The lock is `<journal>.lock` holding the owner's pid; a lock whose owner is gone (a crash, a
 * SIGKILL) is stale and taken over. Returns the release function.
 */
export function lockJournal(journalPath: string, sessionId: string): () => void {
  const lockPath = `${journalPath}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new InputError(`${lockPath}: cannot lock session (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      }
    }
    const owner = lockOwner(lockPath);
    if (owner !== undefined && isRunning(owner)) {
      throw new InputError(`session ${sessionId} is already open (by pid ${owner}); close it there first`);
    }
    rmSync(lockPath, { force: true });
  }
  throw new InputError(`${lockPath}: cannot lock session (another process keeps taking it)`);
}

function lockOwner(lockPath: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
