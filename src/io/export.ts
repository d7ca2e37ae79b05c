import { closeSync, fchmodSync, fsyncSync, linkSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { link, open, rename, stat, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { FileExistsError, InputError } from '../core/errors.js';

export { FileExistsError } from '../core/errors.js';
import { exportFormatFor, renderExport, type ExportFormat, type SessionExport } from './exportFormats.js';

export type { ExportFormat, SessionExport } from './exportFormats.js';

export interface ExportOptions {
  /** Replace an existing file; without it an existing file is an InputError. */
  readonly force?: boolean;
}

export interface ExportResult {
  readonly path: string;
  readonly format: ExportFormat;
  readonly bytes: number;
}

/** Writes a session as Markdown, JSON or CSV, chosen by the extension of `path`; atomic. */
export function exportSession(path: string, session: SessionExport, options: ExportOptions = {}): ExportResult {
  const format = exportFormatFor(path);
  const bytes = writeFileAtomic(path, renderExport(format, session), options);
  return { path, format, bytes };
}

/** exportSession with the writing done off the event loop (the dashboard's Ctrl+E: keys are read meanwhile). */
export async function exportSessionAsync(path: string, session: SessionExport, options: ExportOptions = {}): Promise<ExportResult> {
  const format = exportFormatFor(path);
  const bytes = await writeFileAtomicAsync(path, renderExport(format, session), options);
  return { path, format, bytes };
}

/**
 * Writes to a temporary file beside `path`, flushes it, then renames it into place, so a crash
 * leaves either the old file or the whole new one, never half of one. Without `force` the new file
 * is put in place with link(2), which fails if `path` exists, so nothing is overwritten even in a
 * race. A file replaced keeps its mode (a private 0600 export stays private); a new one gets
 * 0666 less the umask, as any program's new file does. Returns the bytes written.
 */
export function writeFileAtomic(path: string, content: string, { force = false }: ExportOptions = {}): number {
  if (!force && exists(path)) throw alreadyExists(path);
  const keptMode = force ? modeOf(path) : undefined;
  const temporary = temporaryBeside(path);
  const data = Buffer.from(content, 'utf8');
  try {
    const fd = openSync(temporary, 'wx', NEW_FILE_MODE);
    try {
      if (keptMode !== undefined) fchmodSync(fd, keptMode);
      for (let written = 0; written < data.length; ) written += writeSync(fd, data, written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (force) renameSync(temporary, path);
    else placeWithoutOverwriting(temporary, path);
  } catch (error) {
    throw error instanceof InputError ? error : cannotWrite(path, error);
  } finally {
    removeQuietly(temporary);
  }
  return data.length;
}

/** writeFileAtomic on the thread pool: the same steps and guarantees, each awaited. */
export async function writeFileAtomicAsync(path: string, content: string, { force = false }: ExportOptions = {}): Promise<number> {
  if (!force && (await existsAsync(path))) throw alreadyExists(path);
  const keptMode = force ? await modeOfAsync(path) : undefined;
  const temporary = temporaryBeside(path);
  const data = Buffer.from(content, 'utf8');
  try {
    const file = await open(temporary, 'wx', NEW_FILE_MODE);
    try {
      if (keptMode !== undefined) await file.chmod(keptMode);
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    if (force) await rename(temporary, path);
    else {
      try {
        await link(temporary, path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') throw alreadyExists(path);
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw error;
        if (await existsAsync(path)) throw alreadyExists(path);
        await rename(temporary, path);
      }
    }
  } catch (error) {
    throw error instanceof InputError ? error : cannotWrite(path, error);
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  return data.length;
}

/** Created with this, less the umask (the kernel applies it): what the user's other programs do. */
const NEW_FILE_MODE = 0o666;

function temporaryBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** The permission bits of the file at `path`, or undefined when there is none. */
function modeOf(path: string): number | undefined {
  try {
    return statSync(path).mode & 0o7777;
  } catch {
    return undefined;
  }
}

async function modeOfAsync(path: string): Promise<number | undefined> {
  return stat(path).then(
    (found) => found.mode & 0o7777,
    () => undefined,
  );
}

async function existsAsync(path: string): Promise<boolean> {
  return (await modeOfAsync(path)) !== undefined;
}

function placeWithoutOverwriting(temporary: string, path: string): void {
  try {
    linkSync(temporary, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw alreadyExists(path);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw error;
    // A file system without hard links: check, then rename (a race here could overwrite).
    if (exists(path)) throw alreadyExists(path);
    renameSync(temporary, path);
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already renamed into place, or never created.
  }
}

function alreadyExists(path: string): InputError {
  return new FileExistsError(path);
}

function cannotWrite(path: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT' ? 'no such directory' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : code ?? String(error);
  return new InputError(`${path}: cannot write file (${why})`);
}
