import { useCallback, useEffect, useState } from 'react';
import type { SessionRecorder } from '../io/sessionRecorder.js';
import { loadTokenizer, type EncodingName, type Tokenizer } from '../core/tokenizer.js';
import { readConversationFile } from '../io/conversationFile.js';
import type { FileCommand } from './commandAction.js';
import { countInWorker } from '../io/workerCounter.js';
import { countJob, jobEncoding, rememberingCount, textsCounted, type RememberingCount } from './countJob.js';
import { runFileCommand, type FileEnvironment } from './fileCommands.js';
import { countingLabel, type DashboardOptions } from './dashboardState.js';
import { useSessionStore } from './useSessionStore.js';

/**
 * Texts longer than this are counted in a worker thread. On the main thread ~200 KB of ordinary
 * text takes tens of milliseconds (more for long single pieces), i.e. a frame or two of frozen keys;
 * shorter texts cost less than a worker's round trip (posting the text, loading its encoder on
 * first use), so they stay on the fast synchronous path.
 */
export const WORKER_TEXT_CHARS = 200_000;

type Loaded = Partial<Record<EncodingName, Tokenizer>>;

export interface DashboardHookOptions extends DashboardOptions {
  /** Replay speed, turns per second. */
  readonly speed: number;
  /** The session's journal: every turn is recorded before it shows. None with --no-journal. */
  readonly recorder?: SessionRecorder;
  /** How Ctrl+O reads a file (default: any format, the default --max-bytes), and where paths start. */
  readonly readConversation?: FileEnvironment['readConversation'];
  readonly place?: FileEnvironment['place'];
}

/**
 * The reducer plus everything impure around it: the journal, loading encoders, counting jobs, the
 * autoplay timer, and the file commands (reading, completing and writing files happen here).
 */
export function useDashboard(options: DashboardHookOptions) {
  const { state, dispatch, latest } = useSessionStore(options, options.recorder);
  const { recorder, readConversation = readAnyFormat, place } = options;
  const fileCommand = useCallback(
    (command: FileCommand) => runFileCommand(command, latest(), dispatch, { readConversation, ...(recorder && { recorder }), ...(place && { place }) }),
    [latest, dispatch, readConversation, recorder, place],
  );
  const [tokenizers, setTokenizers] = useState<Loaded>({});
  const [counters] = useState(() => new Map<EncodingName, RememberingCount>());

  const job = state.jobs[0];
  const wanted = job ? jobEncoding(job, state) : state.model.encoding;
  const tokenizer = tokenizers[wanted];

  useEffect(() => {
    if (tokenizer) return;
    let live = true;
    void loadTokenizer(wanted).then((loaded) => {
      if (live) setTokenizers((previous) => ({ ...previous, [wanted]: loaded }));
    });
    return () => {
      live = false;
    };
  }, [wanted, tokenizer]);

  useEffect(() => {
    if (!job || !tokenizer) return;
    let count = counters.get(tokenizer.encoding);
    if (!count) {
      count = rememberingCount((text) => tokenizer.count(text));
      counters.set(tokenizer.encoding, count);
    }
    const counter = count;
    // `state` is read as it is when the job starts, on either path.
    const fromWorker = new Map<string, number>();
    const finish = () =>
      dispatch({ type: 'counted', jobId: job.id, result: countJob(job, state, (text) => fromWorker.get(text) ?? counter(text)) });
    const big = [...new Set(textsCounted(job, state).filter((text) => text.length > WORKER_TEXT_CHARS && counter.known(text) === undefined))];
    if (big.length === 0) {
      // Deferred a turn, so a burst of keys is read before a run of small jobs.
      const handle = setTimeout(finish, 0);
      return () => clearTimeout(handle);
    }
    // Undoing the job (Ctrl+B), clearing the draft its paste is in, or quitting changes or
    // unmounts `job`: the cleanup stops the worker's count within one step.
    const controller = new AbortController();
    void countBig(tokenizer.encoding, big, fromWorker, controller.signal, (fraction) =>
      dispatch({ type: 'count/progress', jobId: job.id, fraction }),
    ).then(
      () => {
        if (controller.signal.aborted) return;
        for (const [text, tokens] of fromWorker) counter.remember(text, tokens);
        finish();
      },
      () => {
        // Aborted, or the worker could not run (not built, crashed): count here, as before workers.
        if (!controller.signal.aborted) finish();
      },
    );
    return () => controller.abort();
    // The job and what it is counted with.
  }, [job, tokenizer]);

  useEffect(() => {
    if (!state.playing) return;
    const timer = setInterval(() => dispatch({ type: 'replay/tick' }), 1000 / options.speed);
    return () => clearInterval(timer);
  }, [state.playing, options.speed]);

  return {
    state,
    dispatch,
    fileCommand,
    loading: tokenizer ? undefined : wanted,
    /** "counting... 43%" while a worker counts a big job, "counting..." while any job waits. */
    counting: countingLabel(state),
    /** Counts in the ledger's encoding (the strategy view counts its simulated summaries with it). */
    count: tokenizers[state.ledger.config.model.encoding]?.count,
  };
}

const readAnyFormat: FileEnvironment['readConversation'] = (path) => readConversationFile(path);

/** Counts `texts` one after another in the worker, into `counted`; progress over all their chars. */
async function countBig(
  encoding: EncodingName,
  texts: readonly string[],
  counted: Map<string, number>,
  signal: AbortSignal,
  onProgress: (fraction: number) => void,
): Promise<void> {
  const total = texts.reduce((sum, text) => sum + text.length, 0);
  let done = 0;
  for (const text of texts) {
    const tokens = await countInWorker(encoding, text, { signal, onProgress: (fraction) => onProgress((done + fraction * text.length) / total) });
    counted.set(text, tokens);
    done += text.length;
  }
}
