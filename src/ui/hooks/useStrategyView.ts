import { useEffect, useMemo, useRef, useState } from 'react';
import type { CountText } from '../../core/chatFormat.js';
import { appendAll } from '../../core/arrays.js';
import { entriesAfter, ledgerEntries, type Ledger, type LedgerEntry } from '../../core/ledger.js';
import { memoizeCount } from '../../core/strategies/conversationShape.js';
import { entriesToRun, runOnLedgerFrom, slicedLedgerRun, type GrowingLedgerRun, type SlicedLedgerRun } from '../../core/strategies/incrementalRun.js';
import type { StrategyName, StrategyRun } from '../../core/strategies/types.js';
import type { AccountingOptions } from '../../core/strategies/ledgerRun.js';
import { strategyNotesFrom, type GrowingNotes } from '../view/strategyNotes.js';
import { strategyView, type StrategyView } from '../view/strategyView.js';

/**
 * A run handing the engine more entries than this goes on in slices between frames (Ctrl+S into
 * another strategy on a long history, an undo there); fewer are run within the frame. At ~35 µs a
 * message (window, summarize on this machine), 2,000 are well under a frame.
 */
export const SYNC_ENTRIES = 2_000;
/**
 * keep-all's engine does a fourth of the others' work a message (~8 µs: nothing to plan or drop),
 * so it takes four times as many within the same time: a resumed history's parts, even a few drawn
 * in one frame, extend it there and the figures keep up with the rows.
 */
const syncEntries = (name: StrategyName) => (name === 'keep-all' ? 4 * SYNC_ENTRIES : SYNC_ENTRIES);
/** How long one slice may hold the event loop before keys are read and a frame drawn. */
const SLICE_MS = 12;
/** Entries between two looks at the clock. */
const CHUNK = 64;
/** Progress is drawn at most this often: each frame of a long session costs Ink tens of milliseconds. */
const PROGRESS_MS = 100;

/** A run going on in slices: which strategy, and how far (0..1). */
export interface RunningStrategy {
  readonly strategy: StrategyName;
  readonly fraction: number;
}

export interface StrategyViewState {
  /** The figures last made whole: while a run goes on in slices, the ones before it. */
  readonly view: StrategyView;
  readonly running: RunningStrategy | undefined;
}

interface SliceJob {
  readonly name: StrategyName;
  readonly options: AccountingOptions;
  readonly count: CountText | undefined;
  cancelled: boolean;
}

/**
 * The strategy view, memoised step by step: keep-all's run changes only with the ledger, the
 * chosen strategy's with the ledger or the strategy, so typing never reruns them. A turn appended
 * extends both runs by that turn (`runOnLedgerFrom`): a replay costs each turn's own work, not the
 * session's again. A run of more than SYNC_ENTRIES messages (Ctrl+S on a long history) goes on in
 * slices of SLICE_MS (`slicedLedgerRun`, the very run in the end): the figures before it stay on
 * screen, `running` says how far it is, and keys are answered meanwhile.
 * `options` must keep its identity (it comes from the flags).
 */
export function useStrategyView(ledger: Ledger, strategy: StrategyName, options: AccountingOptions, count: CountText | undefined): StrategyViewState {
  // Summaries repeat words and texts from one run to the next: remember short counts across runs.
  const summaryCount = useMemo(() => count && memoizeCount(count), [count]);
  // The runs last made, to extend: keep-all's, and the chosen strategy's (each strategy keeps its own).
  const grown = useRef(new Map<StrategyName, GrowingLedgerRun>());
  const job = useRef<SliceJob | undefined>(undefined);
  const [running, setRunning] = useState<RunningStrategy | undefined>(undefined);
  // Bumped when a sliced run is done: the runs are looked at again.
  const [finished, setFinished] = useState(0);

  const runs = useMemo(() => {
    /** The run over this ledger when it can be had within the frame; undefined while it must be sliced. */
    const runFor = (name: StrategyName): StrategyRun | undefined => {
      const previous = grown.current.get(name);
      if (previous && previous.ledger === ledger && previous.options === options && previous.count === summaryCount) return previous.run;
      // Its engine is being advanced by the sliced run: extending it here would run afresh.
      if (job.current?.name === name) return undefined;
      if (entriesToRun(previous, ledger, name, options, summaryCount) > syncEntries(name)) return undefined;
      const next = runOnLedgerFrom(previous, ledger, name, options, summaryCount);
      grown.current.set(name, next);
      return next.run;
    };
    const keepAll = runFor('keep-all');
    return { keepAll, run: strategy === 'keep-all' ? keepAll : runFor(strategy) };
    // `finished` has no part in the runs but to make them again once a sliced run is kept.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ledger, strategy, options, summaryCount, finished]);
  const wanted = runs.keepAll === undefined ? 'keep-all' : runs.run === undefined ? strategy : undefined;

  useEffect(() => {
    const current = job.current;
    // A run still wanted goes on whatever the ledger did meanwhile: once done, it is extended by the rest.
    if (current && current.name === wanted && current.options === options && current.count === summaryCount) return;
    if (current) current.cancelled = true;
    job.current = undefined;
    if (wanted === undefined) {
      setRunning(undefined);
      return;
    }
    const started: SliceJob = { name: wanted, options, count: summaryCount, cancelled: false };
    job.current = started;
    const sliced: SlicedLedgerRun = slicedLedgerRun(grown.current.get(wanted), ledger, wanted, options, summaryCount);
    let drawn = performance.now();
    const slice = () => {
      if (started.cancelled) return;
      const until = performance.now() + SLICE_MS;
      do sliced.advance(CHUNK);
      while (sliced.done < sliced.total && performance.now() < until);
      if (sliced.done < sliced.total) {
        if (performance.now() - drawn >= PROGRESS_MS) {
          setRunning({ strategy: wanted, fraction: sliced.done / sliced.total });
          drawn = performance.now();
        }
        setTimeout(slice, 0);
        return;
      }
      grown.current.set(wanted, sliced.finish());
      job.current = undefined;
      setFinished((n) => n + 1);
    };
    setRunning({ strategy: wanted, fraction: 0 });
    setTimeout(slice, 0);
  }, [wanted, ledger, options, summaryCount]);
  // Unmounted: no slice runs on.
  useEffect(
    () => () => {
      if (job.current) job.current.cancelled = true;
    },
    [],
  );

  // The ledger's entries, extended in place by a turn's (a long session's 100,000 were listed again
  // every frame); an undo lists them afresh. Views only look entries up by the index of a message sent.
  const listed = useRef<{ readonly entries: LedgerEntry[]; readonly last: LedgerEntry | undefined } | undefined>(undefined);
  const entries = useMemo(() => {
    const kept = listed.current;
    const added = kept && kept.entries.length === (kept.last ? kept.last.index + 1 : 0) ? entriesAfter(kept.last, ledger) : undefined;
    const list = kept && added ? appendAll(kept.entries, added) : ledgerEntries(ledger);
    listed.current = { entries: list, last: ledger.last };
    return list;
  }, [ledger]);
  // The notes grow with the run (a turn's steps tallied), as the runs do.
  const notes = useRef<GrowingNotes | undefined>(undefined);
  const made = useMemo(() => {
    if (!runs.keepAll || !runs.run) return undefined;
    notes.current = strategyNotesFrom(notes.current, runs.run);
    return strategyView(entries, runs.keepAll, runs.run, options, notes.current.notes);
  }, [entries, runs, options]);
  const shown = useRef<StrategyView | undefined>(undefined);
  if (made) shown.current = made;
  // Nothing whole yet (a first frame over a long ledger): made here, once.
  shown.current ??= strategyView(
    entries,
    runOnLedgerFrom(undefined, ledger, 'keep-all', options, summaryCount).run,
    runOnLedgerFrom(undefined, ledger, strategy, options, summaryCount).run,
    options,
  );
  return { view: shown.current, running: made || wanted === undefined ? undefined : (running ?? { strategy: wanted, fraction: 0 }) };
}
