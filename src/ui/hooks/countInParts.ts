import { contentText, type CountText } from '../../core/chatFormat.js';
import type { MessageCounts } from '../../core/ledger.js';
import { countJob, countTurn, type RememberingCount } from '../state/countJob.js';
import type { DashboardAction } from '../state/dashboardReducer.js';
import type { CountJob, DashboardState } from '../state/dashboardState.js';

/** How long one slice of counting may hold the event loop before keys are read. */
const SLICE_MS = 12;
/**
 * Turns counted before they are shown (a part): each part is a frame that extends the rows and the
 * runs by its turns, and pays what a frame of a long session costs anyway, so a thousand or two a
 * part: fewer than the strategy view's SYNC_ENTRIES, so the runs extend by each part in its frame.
 */
const PART_TURNS = 1_500;
/** ...or as many as were counted in this long, so a slow count still shows as it goes. */
const PART_MS = 250;
/** A turn with more text than this is counted in the worker (a paste in the history), between slices. */
const BIG_TURN_CHARS = 100_000;
const WORKER_MIN_CHARS = 1_000;

/** Counts a big turn's long texts in the worker into the counter (rejects when it cannot). */
export type CountInWorker = (texts: readonly string[]) => Promise<void>;

/**
 * A long history's `switch` job (a resumed session, `countsInParts`) counted a slice of turns at
 * a time, each slice handed to the reducer as it is counted (`counted/part`: the conversation and
 * the figures fill in as it goes, "counting... 43%" meanwhile), keys read between slices; then the
 * job is answered as any (`counted`), its turns all counted by then. A turn with a big text has
 * that text counted in the worker first, as a big job's are. Returns what stops it.
 */
export function countSwitchInParts(
  job: Extract<CountJob, { kind: 'switch' }>,
  state: DashboardState,
  counter: RememberingCount,
  latest: () => DashboardState,
  dispatch: (action: DashboardAction) => void,
  inWorker: CountInWorker,
): () => void {
  const { turns } = state;
  const { encoding } = job.model;
  let from = 0;
  // Counted, not yet shown: from `shownTo` on.
  let shownTo = 0;
  let counts: { id: number; counts: MessageCounts }[] = [];
  let shownAt = performance.now();
  const show = () => {
    if (counts.length > 0) dispatch({ type: 'counted/part', jobId: job.id, encoding, from: shownTo, counts, fraction: from / turns.length });
    shownTo = from;
    counts = [];
    shownAt = performance.now();
  };
  // The worker could not count this turn's texts: counted here.
  let here = -1;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const next = () => {
    if (!stopped) timer = setTimeout(slice, 0);
  };
  const slice = () => {
    if (stopped) return;
    const until = performance.now() + SLICE_MS;
    let big: string[] = [];
    while (from < turns.length && performance.now() < until) {
      const turn = turns[from]!;
      const known = turn.counts[encoding];
      if (!known && from !== here) {
        big = bigTexts(job, state, counter, turn);
        if (big.length > 0) break;
      }
      counts.push({ id: turn.id, counts: known ?? countTurn(job, state, counter, turn) });
      from++;
    }
    if (big.length > 0 || from === turns.length || counts.length >= PART_TURNS || performance.now() - shownAt >= PART_MS) show();
    if (big.length > 0) {
      // Counted here if the worker cannot (not built, crashed): the texts are known to the counter either way.
      const at = from;
      void inWorker(big).then(next, () => {
        here = at;
        next();
      });
      return;
    }
    if (from < turns.length) return next();
    dispatch({ type: 'counted', jobId: job.id, result: countJob(job, latest(), counter) });
  };
  next();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** The turn's long texts the counter does not know yet, when the turn is big enough to go to the worker. */
function bigTexts(job: Extract<CountJob, { kind: 'switch' }>, state: DashboardState, counter: RememberingCount, turn: DashboardState['turns'][number]): string[] {
  // Most turns are short: told by their text alone, without a dry run of the framing.
  if (contentText(turn.message).length <= BIG_TURN_CHARS) return [];
  const texts: string[] = [];
  const dry: CountText = (text) => {
    texts.push(text);
    return 0;
  };
  countTurn(job, state, dry, turn);
  if (texts.reduce((sum, text) => sum + text.length, 0) <= BIG_TURN_CHARS) return [];
  return [...new Set(texts.filter((text) => text.length > WORKER_MIN_CHARS && counter.known(text) === undefined))];
}
