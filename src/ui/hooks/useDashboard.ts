import { setMaxListeners } from 'node:events';
import { useCallback, useEffect, useState } from 'react';
import type { SessionRecorder } from '../../core/session.js';
import { loadTokenizer } from '../../core/tokenizerOnDemand.js';
import type { TokenizerName, Tokenizer } from '../../core/tokenizer.js';
import type { FileCommand } from '../input/commandAction.js';
import type { StrategyRun } from '../../core/strategies/types.js';
import { countJob, counterFor, countSmallAppends, jobEncoding, uncountedTexts, workerTexts, type RememberingCount } from '../state/countJob.js';
import { runFileCommand } from '../input/fileCommands.js';
import type { DashboardIo } from './dashboardIo.js';
import { countingLabel, type DashboardOptions, type DashboardState } from '../state/dashboardState.js';
import type { DashboardAction } from '../state/dashboardReducer.js';
import { useSessionStore } from './useSessionStore.js';
import { countSwitchInParts } from './countInParts.js';
import { countsInParts } from '../state/historyParts.js';
import { tickPeriod } from '../state/replayClock.js';

type Loaded = Partial<Record<TokenizerName, Tokenizer>>;

export interface DashboardHookOptions extends DashboardOptions {
  /** The session's journal: every turn is recorded before it shows. None with --no-journal. */
  readonly recorder?: SessionRecorder;
  /** Files, paths and workers (commands/dashboardIo.ts). */
  readonly io: DashboardIo;
}

/**
 * The reducer plus everything impure around it: the journal, loading encoders, counting jobs, the
 * autoplay timer, and the file commands (reading, completing and writing files happen here).
 */
export function useDashboard(options: DashboardHookOptions) {
  const { state, dispatch, dispatchThen, latest } = useSessionStore(options, options.recorder);
  const { recorder, io } = options;
  const fileCommand = useCallback(
    (command: FileCommand, run: StrategyRun) => runFileCommand(command, latest(), dispatch, { io, ...(recorder && { recorder }) }, run),
    [latest, dispatch, io, recorder],
  );
  const [tokenizers, setTokenizers] = useState<Loaded>({});
  const [counters] = useState(() => new Map<TokenizerName, RememberingCount>());

  const job = state.jobs[0];
  const wanted = job ? jobEncoding(job, state) : state.ledger.config.model.encoding;
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
    const counter = counterFor(counters, tokenizer);
    // The state is read as it is when the job starts, on either path.
    const state = latest();
    if (countsInParts(job, state)) {
      // A long history (a resumed session): counted and shown a slice at a time, big texts in the worker.
      const controller = new AbortController();
      const inWorker = async (texts: readonly string[]) => {
        const counted = new Map<string, number>();
        await countBig(io, tokenizer.encoding, texts, counted, controller.signal, () => {});
        for (const [text, tokens] of counted) counter.remember(text, tokens);
      };
      const stop = countSwitchInParts(job, state, counter, latest, dispatch, inWorker);
      return () => {
        controller.abort();
        stop();
      };
    }
    const fromWorker = new Map<string, number>();
    const finish = () =>
      dispatch({ type: 'counted', jobId: job.id, result: countJob(job, state, (text) => fromWorker.get(text) ?? counter(text)) });
    const big = workerTexts(uncountedTexts(job, state, counter));
    if (big.length === 0) {
      // Deferred a turn, so a burst of keys is read before a run of small jobs; the small appends
      // queued behind this one are counted with it (countSmallAppends).
      const handle = setTimeout(() => {
        if (job.kind !== 'append' || state.jobs[0] !== job) return finish();
        const counted = countSmallAppends(state, counter, tokenizer.encoding);
        // None if its texts were forgotten meanwhile and it now looks big: counted here all the same.
        if (counted.length === 0) return finish();
        dispatch({ type: 'counted/many', counted });
      }, 0);
      return () => clearTimeout(handle);
    }
    // Undoing the job (Ctrl+B), clearing the draft its paste is in, or quitting changes or
    // unmounts `job`: the cleanup stops the worker's count within one step.
    const controller = new AbortController();
    setMaxListeners(0, controller.signal); // one listener per text of a big resumed history
    void countBig(io, tokenizer.encoding, big, fromWorker, controller.signal, (fraction) =>
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
    // The job and what it is counted with (the rest is stable: a new state must not restart a count).
  }, [job, tokenizer, latest, dispatch, counters, io]);

  // The timer only tells the time; the reducer applies every turn due by then (replayClock.ts).
  // The first tick, at once, starts the clock; a new speed starts it again.
  // The turns a tick queues are counted with it when they are small: one render for the tick and
  // their counts, not a frame of "counting..." rows and then another.
  const ledgerTokenizer = tokenizers[state.ledger.config.model.encoding];
  useEffect(() => {
    if (!state.playing) return;
    const countQueued = (queued: DashboardState): DashboardAction | undefined => {
      if (!ledgerTokenizer) return undefined;
      const counted = countSmallAppends(queued, counterFor(counters, ledgerTokenizer), ledgerTokenizer.encoding);
      return counted.length > 0 ? { type: 'counted/many', counted } : undefined;
    };
    const tick = () => dispatchThen({ type: 'replay/tick', now: performance.now() }, countQueued);
    tick();
    const timer = setInterval(tick, tickPeriod(state.speed));
    return () => clearInterval(timer);
  }, [state.playing, state.speed, dispatchThen, ledgerTokenizer, counters]);

  return {
    state,
    dispatch,
    /** The state after every action so far (see useSessionStore). */
    latest,
    fileCommand,
    loading: tokenizer ? undefined : wanted,
    /** "counting... 43%" while a worker counts a big job, "counting..." while any job waits. */
    counting: countingLabel(state),
    /** Counts in the ledger's encoding (the strategy view counts its simulated summaries with it). */
    count: tokenizers[state.ledger.config.model.encoding]?.count,
  };
}

/** Counts `texts` in the worker (queued in its pool, one after another) into `counted`; progress over all their chars. */
async function countBig(
  io: DashboardIo,
  encoding: TokenizerName,
  texts: readonly string[],
  counted: Map<string, number>,
  signal: AbortSignal,
  onProgress: (fraction: number) => void,
): Promise<void> {
  const total = texts.reduce((sum, text) => sum + text.length, 0);
  let done = 0;
  let reported = 0;
  const report = () => {
    // At most one progress action per whole percent: hundreds of texts must not mean hundreds of frames.
    const fraction = done / total;
    if (Math.floor(fraction * 100) > Math.floor(reported * 100)) onProgress((reported = fraction));
  };
  await Promise.all(
    texts.map(async (text) => {
      let seen = 0;
      const tokens = await io.countInWorker(encoding, text, {
        signal,
        onProgress: (fraction) => {
          done += (fraction - seen) * text.length;
          seen = fraction;
          report();
        },
      });
      counted.set(text, tokens);
    }),
  );
}
