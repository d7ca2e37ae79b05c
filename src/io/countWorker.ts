/**
 * The worker-thread side of `workerCounter.ts`: counts one job at a time in steps, posting the
 * fraction done after each, and stops when the job's cancel flag (shared memory) is raised.
 * It runs as built JavaScript (the bundled dist/count-worker.js, or tsc's dist/io/countWorker.js),
 * never as TypeScript.
 */
import { parentPort } from 'node:worker_threads';
import { loadTokenizer, type TokenizerName } from '../core/tokenizer.js';

export interface CountJob {
  readonly id: number;
  readonly encoding: TokenizerName;
  readonly text: string;
  /** Chars per step: progress is posted, and the cancel flag read, after each. */
  readonly stepChars: number;
  /** An Int32Array over this; non-zero means stop. */
  readonly cancel: SharedArrayBuffer;
}

export type CountReply =
  | { readonly id: number; readonly kind: 'progress'; readonly fraction: number }
  | { readonly id: number; readonly kind: 'done'; readonly tokens: number }
  | { readonly id: number; readonly kind: 'cancelled' }
  | { readonly id: number; readonly kind: 'failed'; readonly message: string };

async function run(job: CountJob, post: (reply: CountReply) => void): Promise<void> {
  const { id, text } = job;
  const cancelled = new Int32Array(job.cancel);
  try {
    const tokenizer = await loadTokenizer(job.encoding);
    let tokens = 0;
    for (let start = 0; start < text.length; ) {
      if (Atomics.load(cancelled, 0) !== 0) return post({ id, kind: 'cancelled' });
      const step = tokenizer.countFrom(text, start, job.stepChars);
      tokens += step.tokens;
      start = step.end;
      if (start < text.length) post({ id, kind: 'progress', fraction: start / text.length });
    }
    post({ id, kind: 'done', tokens });
  } catch (error) {
    post({ id, kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}

const port = parentPort;
if (port) port.on('message', (job: CountJob) => void run(job, (reply) => port.postMessage(reply)));
