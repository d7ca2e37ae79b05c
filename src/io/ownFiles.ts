// Files in the state directory are opened without trusting it (journals, their locks): apart from
// the journal reader, so that writing a journal loads nothing of reading one.
import { closeSync, constants, fstatSync, lstatSync, openSync, type Stats } from 'node:fs';
import { InputError } from '../core/errors.js';

/**
 * Opens a journal (or its lock) without trusting the state directory's contents: never through a
 * symbolic link (O_NOFOLLOW), never blocking on a FIFO (O_NONBLOCK), and only a regular file owned
 * by this user. Returns the descriptor and its stat; anything else is an InputError naming the file.
 */
export function openOwnFile(path: string, flags: number, what = 'journal'): { fd: number; stat: Stats } {
  let fd: number;
  try {
    fd = openSync(path, flags | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EMLINK') throw new InputError(`${path}: not a regular file (a symbolic link); a ${what} is never read through one`);
    throw new InputError(`${path}: cannot open ${what} (${code ?? String(error)})`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new InputError(`${path}: not a regular file; skipped`);
    const uid = process.getuid?.();
    if (uid !== undefined && stat.uid !== uid) throw new InputError(`${path}: owned by another user (uid ${stat.uid}); a ${what} must be your own`);
    return { fd, stat };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/**
 * Refuses a state directory that another user could plant files or links in (as OpenSSH refuses
 * such a ~/.ssh): it must be a real directory, not a symbolic link, owned by this user, with no
 * access for group or others. Returns false when it does not exist.
 */
export function checkStateDirectory(dir: string): boolean {
  let stat: Stats;
  try {
    stat = lstatSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new InputError(`${dir}: cannot use the state directory (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (stat.isSymbolicLink()) throw new InputError(`${dir}: the state directory is a symbolic link; make it a directory of your own (mkdir -m 700)`);
  if (!stat.isDirectory()) throw new InputError(`${dir}: the state directory is not a directory`);
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid) throw new InputError(`${dir}: the state directory is owned by another user (uid ${stat.uid}); use one of your own`);
  if (uid !== undefined && (stat.mode & 0o077) !== 0) {
    throw new InputError(`${dir}: the state directory is open to other users (mode ${(stat.mode & 0o777).toString(8)}); chmod 700 it`);
  }
  return true;
}
