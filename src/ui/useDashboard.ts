import { useEffect, useReducer, useState } from 'react';
import { loadTokenizer, type EncodingName, type Tokenizer } from '../core/tokenizer.js';
import { countJob, jobEncoding, rememberingCount } from './countJob.js';
import { dashboardReducer } from './dashboardReducer.js';
import { initialState, type CountJob, type DashboardOptions } from './dashboardState.js';

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
}

/** The reducer plus everything impure around it: loading encoders, counting jobs, the autoplay timer. */
export function useDashboard(options: DashboardHookOptions) {
  const [state, dispatch] = useReducer(dashboardReducer, options, initialState);
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
    loading: tokenizer ? undefined : wanted,
    counting: job !== undefined,
    /** Counts in the ledger's encoding (the strategy view counts its simulated summaries with it). */
    count: tokenizers[state.ledger.config.model.encoding]?.count,
  };
}

function jobSize(job: CountJob): number {
  if (job.kind === 'paste') return job.text.length;
  if (job.kind === 'append') return typeof job.message.content === 'string' ? job.message.content.length : 0;
  return Number.POSITIVE_INFINITY;
}
