import type { LoadedConversation } from '../../core/conversationSource.js';
import type { PricedLog } from '../../core/report/usageReport.js';
import type { SessionExport } from '../../core/session.js';
import type { TokenizerName } from '../../core/tokenizer.js';

/** Where an export went, and as what. */
export interface ExportWritten {
  readonly path: string;
  readonly format: string;
}

/** Tab completion of a typed path: the text completed as far as every match agrees, and the matches. */
export interface PathCompletion {
  readonly text: string;
  readonly matches: readonly string[];
}

export interface WorkerCountOptions {
  readonly signal: AbortSignal;
  readonly onProgress: (fraction: number) => void;
}

/**
 * What the dashboard does outside itself: files, paths and worker threads. The ui never imports
 * io (the layers: core <- ui); commands/dashboardIo.ts passes in io's implementations. Every
 * error these raise for the user's input is an InputError (FileExistsError when an export would
 * overwrite), shown as the notice.
 */
export interface DashboardIo {
  /** Reads a conversation file in any format, with the command line's --max-bytes (Ctrl+O): off the main thread where it can, so keys are read meanwhile. */
  readonly readConversation: (path: string) => LoadedConversation | Promise<LoadedConversation>;
  /**
   * Ctrl+O on an agent or API log: its calls, priced as `report` prices them; undefined when the
   * file is no log (then it is read as a conversation).
   */
  readonly readCalls?: (path: string) => Promise<PricedLog | undefined>;
  /** Completes a typed path from the file system (Tab in the path prompt). */
  readonly completePath: (text: string) => PathCompletion;
  /** The file a typed path names: `~` expanded, relative to where paths start. */
  readonly resolvePath: (typed: string) => string;
  /** Writes a session as Markdown, JSON or CSV by the path's extension (Ctrl+E); without `force` an existing file is a FileExistsError. */
  readonly writeExport: (
    path: string,
    session: SessionExport,
    options: { readonly force: boolean },
  ) => ExportWritten | Promise<ExportWritten>;
  /** Counts a big text in a worker thread; rejects when aborted or when no worker can run. */
  readonly countInWorker: (encoding: TokenizerName, text: string, options: WorkerCountOptions) => Promise<number>;
  /** Ends the worker threads: a count still running holds the process open. */
  readonly closeWorkers: () => Promise<void>;
}
