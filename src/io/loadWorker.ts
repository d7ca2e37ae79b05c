/**
 * The worker-thread side of `loadInWorker.ts`: reads, decodes, parses and validates one
 * conversation file (the dashboard's Ctrl+O), so none of it blocks the dashboard's keys. Runs as
 * built JavaScript (dist/io/loadWorker.js), never as TypeScript.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../core/errors.js';
import { readConversationFile, type LoadedConversation, type LoadOptions } from './conversationFile.js';
import type { ReadLimits } from './readText.js';

export interface LoadJob {
  readonly path: string;
  readonly options: LoadOptions;
  readonly limits: ReadLimits;
}

export type LoadReply =
  | { readonly kind: 'done'; readonly loaded: LoadedConversation }
  /** An InputError: the one line to show. */
  | { readonly kind: 'refused'; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string };

function load({ path, options, limits }: LoadJob): LoadReply {
  try {
    return { kind: 'done', loaded: readConversationFile(path, options, limits) };
  } catch (error) {
    if (error instanceof InputError) return { kind: 'refused', message: error.message };
    return { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
}

if (parentPort) parentPort.postMessage(load(workerData as LoadJob));
