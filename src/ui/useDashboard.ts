import { useCallback, useEffect, useState } from 'react';
import type { SessionRecorder } from '../io/sessionRecorder.js';
import { loadTokenizer, type EncodingName, type Tokenizer } from '../core/tokenizer.js';
import { readConversationFile } from '../io/conversationFile.js';
import type { FileCommand } from './commandAction.js';
import { countJob, jobEncoding, rememberingCount } from './countJob.js';
import { runFileCommand, type FileEnvironment } from './fileCommands.js';
import type { CountJob, DashboardOptions } from './dashboardState.js';
import { useSessionStore } from './useSessionStore.js';

/**
 * Text this long is counted after a short pause, so Ink's next frame (at most 34 ms away at its
 * 30 fps cap) shows "counting..." before counting blocks the thread. A worker will make it moot.
 */
const LONG_TEXT = 200_000;
const PAINT_FIRST_MS = 50;

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
  const [counters] = useState(() => new Map<EncodingName, (text: string) => number>());

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
    const run = () => dispatch({ type: 'counted', jobId: job.id, result: countJob(job, state, count) });
    const handle = setTimeout(run, jobSize(job) > LONG_TEXT ? PAINT_FIRST_MS : 0);
    return () => clearTimeout(handle);
    // The job and what it is counted with; `state` is read as it is when the job starts.
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
    counting: job !== undefined,
    /** Counts in the ledger's encoding (the strategy view counts its simulated summaries with it). */
    count: tokenizers[state.ledger.config.model.encoding]?.count,
  };
}

const readAnyFormat: FileEnvironment['readConversation'] = (path) => readConversationFile(path);

function jobSize(job: CountJob): number {
  if (job.kind === 'paste') return job.text.length;
  if (job.kind === 'append') return typeof job.message.content === 'string' ? job.message.content.length : 0;
  return Number.POSITIVE_INFINITY;
}
