/**
 * Counting off the render path: big texts are counted in a worker thread, with progress and
 * cancellation, so the dashboard keeps drawing and reading keys meanwhile.
 *
 *   const tokens = await countInWorker('o200k_base', pasted, {
 *     onProgress: (fraction) => setGauge(`counting... ${Math.round(fraction * 100)}%`),
 *     signal: controller.signal, // controller.abort() rejects with the abort reason
 *   });
 *
 * Workers are pooled and reused (each keeps its loaded encodings), unref'd while idle so they
 * never hold the process open. The worker is built JavaScript: the bundled dist/count-worker.js
 * for the bin (the published package has nothing else), tsc's dist/io/countWorker.js beside this
 * module in dist/io/, and the latter too when this module runs from src/ (vitest, after `npm run build`).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TokenizerName } from '../core/tokenizer.js';
import type { CountJob, CountReply } from './countWorker.js';

export interface CountInWorkerOptions {
  /** Called with the fraction done (0 < f < 1) as counting advances, then with 1 just before the result. */
  readonly onProgress?: (fraction: number) => void;
  /** Aborting rejects the promise with the signal's reason at once and stops the worker's count. */
  readonly signal?: AbortSignal;
}

export interface CounterPoolOptions {
  /** Worker threads at most (default 1: one big paste at a time is the common case). */
  readonly size?: number;
  /** Chars counted between progress reports (default 64 Ki). */
  readonly stepChars?: number;
  /** The built worker module; by default the one defaultWorkerUrl finds. */
  readonly workerUrl?: URL;
}

interface Job {
  readonly id: number;
  readonly encoding: TokenizerName;
  readonly text: string;
  readonly options: CountInWorkerOptions;
  readonly cancel: Int32Array;
  readonly resolve: (tokens: number) => void;
  readonly reject: (reason: unknown) => void;
  settled: boolean;
  onAbort?: () => void;
}

interface Slot {
  readonly worker: Worker;
  job: Job | undefined;
}

const DEFAULT_STEP_CHARS = 64 * 1024;

/** Where the built count worker is (`builtWorkerUrl`). */
export function defaultWorkerUrl(): URL {
  return builtWorkerUrl('countWorker.js', 'count-worker.js');
}

/**
 * A built worker, seen from wherever this module's code runs, first found wins: tsc's `tscName`
 * beside this module in dist/io/; the bundled `bundledName` beside the bin, from the bin itself or
 * from a chunk of it in dist/chunks/; tsc's from src/io/ (vitest).
 */
export function builtWorkerUrl(tscName: string, bundledName: string): URL {
  const places = [`./${tscName}`, `./${bundledName}`, `../${bundledName}`, `../../dist/io/${tscName}`].map((place) => new URL(place, import.meta.url));
  return places.find((url) => existsSync(fileURLToPath(url))) ?? places[0]!;
}

export class CounterPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private readonly size: number;
  private readonly stepChars: number;
  private readonly workerUrl: URL;

  constructor(options: CounterPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? 1);
    this.stepChars = Math.max(1, options.stepChars ?? DEFAULT_STEP_CHARS);
    this.workerUrl = options.workerUrl ?? defaultWorkerUrl();
  }

  /** Worker threads running now (they are started on demand and reused). */
  get workers(): number {
    return this.slots.length;
  }

  count(encoding: TokenizerName, text: string, options: CountInWorkerOptions = {}): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      if (this.closed) return reject(new Error('the counter pool is closed'));
      if (options.signal?.aborted) return reject(options.signal.reason);
      const job: Job = {
        id: this.nextId++,
        encoding,
        text,
        options,
        cancel: new Int32Array(new SharedArrayBuffer(4)),
        resolve,
        reject,
        settled: false,
      };
      if (options.signal) {
        job.onAbort = () => this.abort(job, options.signal!.reason);
        options.signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.queue.push(job);
      this.dispatch();
    });
  }

  /** Stops every worker; pending counts reject. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.settle(job, () => job.reject(new Error('the counter pool is closed')));
    const slots = this.slots.splice(0);
    for (const slot of slots) if (slot.job) this.settle(slot.job, () => slot.job!.reject(new Error('the counter pool is closed')));
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((candidate) => candidate.job === undefined) ?? this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      const message: CountJob = { id: job.id, encoding: job.encoding, text: job.text, stepChars: this.stepChars, cancel: job.cancel.buffer as SharedArrayBuffer };
      slot.worker.postMessage(message);
    }
  }

  private spawn(): Slot | undefined {
    if (this.slots.length >= this.size) return undefined;
    const path = fileURLToPath(this.workerUrl);
    if (!existsSync(path)) {
      const missing = new Error(`counter worker not found at ${path}: run npm run build`);
      for (const job of this.queue.splice(0)) this.settle(job, () => job.reject(missing));
      return undefined;
    }
    // No inherited execArgv: the worker is plain built JavaScript, whatever loader runs the parent.
    const slot: Slot = { worker: new Worker(this.workerUrl, { execArgv: [] }), job: undefined };
    slot.worker.unref();
    slot.worker.on('message', (reply: CountReply) => this.receive(slot, reply));
    slot.worker.on('error', (error) => this.lose(slot, error));
    slot.worker.on('exit', (code) => this.lose(slot, new Error(`counter worker exited with code ${code}`)));
    this.slots.push(slot);
    return slot;
  }

  private receive(slot: Slot, reply: CountReply): void {
    const job = slot.job;
    if (!job || job.id !== reply.id) return;
    if (reply.kind === 'progress') {
      if (!job.settled) job.options.onProgress?.(reply.fraction);
      return;
    }
    if (reply.kind === 'done') {
      this.settle(job, () => {
        job.options.onProgress?.(1);
        job.resolve(reply.tokens);
      });
    } else if (reply.kind === 'failed') {
      this.settle(job, () => job.reject(new Error(reply.message)));
    }
    slot.job = undefined;
    slot.worker.unref();
    this.dispatch();
  }

  /** A worker died: fail its job, forget it, and let the next job start a fresh one. */
  private lose(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    if (slot.job) this.settle(slot.job, () => slot.job!.reject(error));
    if (!this.closed) this.dispatch();
  }

  private abort(job: Job, reason: unknown): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) this.queue.splice(queued, 1);
    else Atomics.store(job.cancel, 0, 1); // the worker sees it within one step and replies 'cancelled'
    this.settle(job, () => job.reject(reason));
  }

  private settle(job: Job, finish: () => void): void {
    if (job.settled) return;
    job.settled = true;
    if (job.onAbort) job.options.signal?.removeEventListener('abort', job.onAbort);
    finish();
  }
}

let shared: CounterPool | undefined;

/** Counts `text` in the shared pool's worker; see the module comment for progress and cancelling. */
export function countInWorker(encoding: TokenizerName, text: string, options?: CountInWorkerOptions): Promise<number> {
  shared ??= new CounterPool();
  return shared.count(encoding, text, options);
}

/** Stops the shared pool's workers (a later countInWorker starts a new pool). */
export async function closeSharedCounterPool(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}
