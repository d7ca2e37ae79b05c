import { resolve } from 'node:path';
import { exportSessionAsync } from '../io/export.js';
import { readConversationInWorker } from '../io/loadInWorker.js';
import { completePath, expandHome, type CompletionPlace } from '../io/pathCompletion.js';
import type { ReadLimits } from '../io/readText.js';
import { closeSharedCounterPool, countInWorker } from '../io/workerCounter.js';
import type { DashboardIo } from '../ui/hooks/dashboardIo.js';
import type { UsageLogFlags, UsageLogOptions } from './usageLogInput.js';

export interface DashboardIoOptions {
  /** The command line's --max-bytes, for files read with Ctrl+O. */
  readonly limits?: ReadLimits;
  /** Where relative paths start (default: the working directory), and what `~` is. */
  readonly place?: CompletionPlace;
  /** The command line's pricing flags (`--model`, `--price-in`, `--prices`...): a log opened with Ctrl+O is priced as `report` would price it. */
  readonly logFlags?: UsageLogFlags;
  readonly logOptions?: UsageLogOptions;
}

/** The dashboard's io: the wiring of io's readers, exports, path completion and workers into the ui. */
export function dashboardIo({ limits = {}, place, logFlags = {}, logOptions = {} }: DashboardIoOptions = {}): DashboardIo {
  return {
    // Read, decoded, parsed and validated in a worker: a big file never blocks keys.
    readConversation: (path) => readConversationInWorker(path, {}, limits),
    readCalls: async (path) => {
      const { isUsageLogPath } = await import('../io/usageLogs/usageLogFile.js');
      if (!isUsageLogPath(path, limits)) return undefined;
      const { usageLogCalls } = await import('./usageLogInput.js');
      // The file is detected afresh (no --format): Ctrl+O may open a log of another kind.
      return usageLogCalls(path, { ...logFlags, format: undefined }, logOptions);
    },
    completePath: (text) => completePath(text, place),
    // Relative to `place.cwd` when one is given; else to the working directory, and named as typed.
    resolvePath: (typed) => {
      const expanded = expandHome(typed, place?.home);
      return place?.cwd === undefined ? expanded : resolve(place.cwd, expanded);
    },
    writeExport: (path, session, options) => exportSessionAsync(path, session, options),
    countInWorker: (encoding, text, options) => countInWorker(encoding, text, options),
    closeWorkers: () => closeSharedCounterPool(),
  };
}
