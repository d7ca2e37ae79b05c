import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError } from '../core/errors.js';
import type { LoadedConversation, LoadOptions } from './conversationFile.js';
import type { LoadJob, LoadReply } from './loadWorker.js';
import type { ReadLimits } from './readText.js';
import { builtWorkerUrl } from './workerCounter.js';

/**
 * readConversationFile in a worker thread: the read, the decoding, JSON.parse and validation of a
 * 22 MB file took the dashboard's keys away for most of a second on the main thread. The result
 * comes back by structured clone. Refusals are the same InputErrors; when the worker cannot run
 * (not built, or it died), the file is read on this thread instead, as before workers.
 */
export function readConversationInWorker(
  path: string,
  options: LoadOptions = {},
  limits: ReadLimits = {},
  workerUrl: URL = builtWorkerUrl('loadWorker.js', 'load-worker.js'),
): Promise<LoadedConversation> {
  // Loaded here only when needed: the readers and their validation (zod) are no part of the dashboard's first frame.
  const here = () => import('./conversationFile.js').then(({ readConversationFile }) => readConversationFile(path, options, limits));
  if (!existsSync(fileURLToPath(workerUrl))) return here();
  return new Promise<LoadedConversation>((resolve, reject) => {
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      finish();
    };
    const job: LoadJob = { path, options, limits };
    // No inherited execArgv: the worker is plain built JavaScript, whatever loader runs the parent.
    const worker = new Worker(workerUrl, { workerData: job, execArgv: [] });
    // Quitting mid-read must not wait for it.
    worker.unref();
    worker.once('message', (reply: LoadReply) =>
      settle(() => {
        if (reply.kind === 'done') resolve(reply.loaded);
        else if (reply.kind === 'refused') reject(new InputError(reply.message));
        else reject(new Error(reply.message));
      }),
    );
    worker.once('error', () => settle(() => here().then(resolve, reject)));
    worker.once('exit', () => settle(() => here().then(resolve, reject)));
  });
}
