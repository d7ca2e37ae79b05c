import { closeSync, fdatasync, ftruncateSync, write } from 'node:fs';
import { InputError } from '../core/errors.js';

/**
 * Appends to an open file with group commit: what is appended while a write and its fdatasync are
 * under way goes to disk together in the next one, off the event loop. Many concurrent writers (the
 * proxy's calls) then cost one flush per batch, not one synchronous fsync each that every other
 * request waits behind. `flushed()` says when what was appended so far is on disk. A write that
 * fails half-way is cut back off the file and the file takes nothing more (what came after it
 * must not stand without it): every waiter, then and after, is told.
 */
export interface GroupAppender {
  /** Queues the text; throws an InputError once a write has failed or the file is closed. */
  append(text: string): void;
  /** Resolves once everything appended before the call is on disk; rejects if a write failed. */
  flushed(): Promise<void>;
  /** Closes the file once what was appended is written (and then calls `onClosed`). */
  close(): void;
}

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  // A failure nobody waits for is not an unhandled rejection: append says so on the next call.
  promise.catch(() => {});
  return { promise, resolve, reject };
}

export function groupAppender(fd: number, size: number, path: string, onClosed: () => void = () => {}): GroupAppender {
  let end = size;
  let pending: Buffer[] = [];
  /** The batch being gathered (its flush not begun), and the one being written. */
  let next: Deferred | undefined;
  let writing: Promise<void> | undefined;
  let failure: InputError | undefined;
  let closing = false;
  let closed = false;

  const closeNow = () => {
    if (closed) return;
    closed = true;
    closeSync(fd);
    onClosed();
  };

  const fail = (error: NodeJS.ErrnoException, batch: Deferred) => {
    try {
      ftruncateSync(fd, end);
    } catch {
      // the file keeps a torn last line, which the journal's reader drops
    }
    failure = new InputError(`${path}: cannot write (${error.code ?? String(error)})`);
    batch.reject(failure);
    next?.reject(failure);
    next = undefined;
    pending = [];
    writing = undefined;
    if (closing) closeNow();
  };

  const flush = () => {
    const batch = next!;
    const data = Buffer.concat(pending);
    next = undefined;
    pending = [];
    writing = batch.promise;
    const from = end;
    const written = (done: number) => {
      if (done < data.length) {
        write(fd, data, done, data.length - done, from + done, (error, bytes) => (error ? fail(error, batch) : written(done + bytes)));
        return;
      }
      fdatasync(fd, (error) => {
        if (error) return fail(error, batch);
        end = from + data.length;
        writing = undefined;
        batch.resolve();
        if (next) flush();
        else if (closing) closeNow();
      });
    };
    written(0);
  };

  return {
    append(text) {
      if (failure) throw failure;
      if (closing) throw new InputError(`${path}: closed; nothing more can be written`);
      pending.push(Buffer.from(text, 'utf8'));
      if (next) return;
      next = deferred();
      // Gathered to the end of this turn of the event loop (the events of one call, and every
      // other call's of the same turn), and to the end of the write under way, if there is one.
      if (!writing) setImmediate(() => (next && !writing ? flush() : undefined));
    },
    flushed() {
      if (next) return next.promise;
      if (writing) return writing;
      return failure ? Promise.reject(failure) : Promise.resolve();
    },
    close() {
      closing = true;
      if (!next && !writing) closeNow();
    },
  };
}
