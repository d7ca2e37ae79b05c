import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from '../core/errors.js';
import { BINARY_SNIFF_BYTES, decodeText, refuseNonText } from './decodeText.js';

/** Larger inputs are refused unless `--max-bytes` says otherwise: 50 MiB. */
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

export interface ReadLimits {
  readonly maxBytes?: number;
}

const CHUNK = 1 << 16;

/**
 * Reads a UTF-8 file the user named. Refused with an InputError naming it: missing, unreadable,
 * a directory or anything else that is not a regular file (a FIFO, a terminal, /dev/stdin: a read
 * could block for ever), binary or UTF-16/32 (from its first 8 KiB, before anything else is
 * read), larger than `maxBytes` (from its size; a file growing while read is cut off at the
 * limit), or not UTF-8.
 */
export function readTextFile(path: string, { maxBytes = DEFAULT_MAX_BYTES }: ReadLimits = {}): string {
  const fd = openOrExplain(path);
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new InputError(`${path}: cannot read file (is a directory)`);
    if (!stat.isFile()) throw new InputError(`${path}: cannot read file (not a regular file)`);
    const chunks: Buffer[] = [];
    let total = 0;
    let sniffed = false;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      const read = readOrExplain(fd, chunk, path);
      if (read > 0) chunks.push(chunk.subarray(0, read));
      total += read;
      if (!sniffed && (read === 0 || total >= BINARY_SNIFF_BYTES || total > maxBytes)) {
        // What the file is, before how big it is: a binary file is not worth raising the limit for.
        sniffed = true;
        refuseNonText(Buffer.concat(chunks, total), path);
        if (stat.size > maxBytes) throw tooLarge(path, stat.size, maxBytes);
      }
      if (read === 0) break;
      if (total > maxBytes) throw tooLarge(path, total, maxBytes, 'at least ');
    }
    return decodeText(Buffer.concat(chunks, total), path);
  } finally {
    closeSync(fd);
  }
}

export async function readStdin(stream: NodeJS.ReadableStream = process.stdin, { maxBytes = DEFAULT_MAX_BYTES }: ReadLimits = {}): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += bytes.length;
    if (total > maxBytes) throw tooLarge('stdin', total, maxBytes, 'at least ');
    chunks.push(bytes);
  }
  return decodeText(Buffer.concat(chunks, total), 'stdin');
}

/** "50 MiB", "1.5 GiB" (the units `--max-bytes` accepts), or a byte count below 1 MiB. */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of [['GiB', 1024 ** 3], ['MiB', 1024 ** 2]] as const) {
    if (bytes >= size) return `${bytes % size === 0 ? bytes / size : (bytes / size).toFixed(1)} ${unit}`;
  }
  return `${bytes.toLocaleString('en-US')} bytes`;
}

function tooLarge(source: string, size: number, maxBytes: number, prefix = ''): InputError {
  return new InputError(
    `${source}: ${prefix}${formatBytes(size)}, over the --max-bytes limit of ${formatBytes(maxBytes)} (raise it to read this input)`,
  );
}

function openOrExplain(path: string): number {
  try {
    // Non-blocking, so that opening a FIFO with no writer returns (and is then refused) rather than
    // waiting for ever; no controlling terminal is taken from a tty named here.
    return openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw cannotRead(path, error);
  }
}

function readOrExplain(fd: number, buffer: Buffer, path: string): number {
  try {
    return readSync(fd, buffer, 0, buffer.length, null);
  } catch (error) {
    throw cannotRead(path, error);
  }
}

function cannotRead(path: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : code ?? 'unreadable';
  return new InputError(`${path}: cannot read file (${why})`);
}
