import { closeSync, constants, openSync, readFileSync, readSync, rmSync, writeSync } from 'node:fs';
import { InputError } from '../core/errors.js';
import { openOwnFile } from './ownFiles.js';

/**
 * One writer per journal: two processes appending to one file would interleave or overwrite lines.
 * The lock is `<journal>.lock` holding the owner's pid and the time that process started (as the
 * kernel counts it, /proc/PID/stat); a lock whose owner is gone (a crash, a SIGKILL) is stale and
 * taken over, and so is one whose pid now belongs to a process started at another time (the pid
 * was reused). Returns the release function.
 */
export function lockJournal(journalPath: string, sessionId: string): () => void {
  const lockPath = `${journalPath}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // O_EXCL never follows a link planted at the name: creating over one fails like any existing file.
      const fd = openSync(lockPath, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
      const started = processStartTime(process.pid);
      writeSync(fd, started === undefined ? `${process.pid}\n` : `${process.pid} ${started}\n`);
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new InputError(`${lockPath}: cannot lock session (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      }
    }
    const owner = lockOwner(lockPath);
    if (owner !== undefined && isRunning(owner)) {
      throw new InputError(`session ${sessionId} is already open (by pid ${owner.pid}); close it there first`);
    }
    rmSync(lockPath, { force: true });
  }
  throw new InputError(`${lockPath}: cannot lock session (another process keeps taking it)`);
}

interface LockOwner {
  readonly pid: number;
  /** Undefined in a lock written where /proc is not (or by an older version): the pid alone is checked. */
  readonly started: string | undefined;
}

/** The lock's owner; undefined when the lock is unreadable, not a regular file of ours, or holds no pid (stale either way). */
function lockOwner(lockPath: string): LockOwner | undefined {
  let fd: number;
  try {
    fd = openOwnFile(lockPath, constants.O_RDONLY, 'lock').fd;
  } catch {
    return undefined;
  }
  try {
    const buffer = Buffer.alloc(128);
    const text = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString('latin1');
    const [pidText, started] = text.trim().split(' ');
    const pid = Number.parseInt(pidText ?? '', 10);
    return Number.isSafeInteger(pid) && pid > 0 ? { pid, started } : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function isRunning({ pid, started }: LockOwner): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (started === undefined) return true;
  const now = processStartTime(pid);
  return now === undefined || now === started;
}

/** When process `pid` started, in clock ticks since boot (field 22 of /proc/PID/stat); undefined without /proc. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
