import { canCache } from '../../core/callPricing.js';
import { formatTokens, formatUsd } from '../../core/format.js';
import { isPinned } from '../../core/strategies/conversationShape.js';
import { evictionCall, evictionTurn, isEvictable } from '../../core/strategies/evictLarge.js';
import type { IndexRanges, StrategyRun, StrategyStep } from '../../core/strategies/index.js';

/**
 * What a run did that its figures alone do not say, in a few words each and numbered as the
 * conversation pane numbers messages (from 1): the dashboard shows them on one line, most telling
 * first. `runNotes` says the same at length for the CLI's reports (numbered from 1 too).
 */
export function strategyNotes(run: StrategyRun): string[] {
  return [...strategyNotesFrom(undefined, run).notes];
}

/**
 * `strategyNotes`, grown a turn at a time (the dashboard's gauge): what the notes sum up is
 * tallied as the run's steps come, so when `run` extends the run the tally was taken from (its
 * steps so far the very same objects, as `runOnLedgerFrom` extends a run) only the new steps are
 * read; anything else (an undo, another strategy) tallies the run afresh. What depends on the
 * context now sent is read from the run's sent ranges against the few large messages tallied,
 * never from every message. Either way `notes` is exactly `strategyNotes(run)` (a property test).
 */
export interface GrowingNotes {
  readonly notes: readonly string[];
  /** Internal: the tally the next turn goes on from, and how far it had gone for these notes. */
  readonly tally: NotesTally;
  readonly steps: number;
}

export function strategyNotesFrom(previous: GrowingNotes | undefined, run: StrategyRun): GrowingNotes {
  const tally = previous && extendsTally(previous, run) ? previous.tally : newTally(run);
  for (let s = tally.steps; s < run.steps.length; s++) tallyStep(tally, run, run.steps[s]!);
  tally.run = run;
  return { notes: [...strategyOwnNotes(run, tally), ...refusedNotes(run), ...cacheNotes(run), ...approximateNotes(run)], tally, steps: tally.steps };
}

/** Up to MAX_LISTED of a kind are listed one by one: the first MAX_LISTED + 1 are kept, to know there were more. */
const MAX_LISTED = 2;

interface Listed<T> {
  count: number;
  tokens: number;
  readonly first: T[];
}

interface NotesTally {
  run: StrategyRun;
  steps: number;
  readonly last: { step: StrategyStep | undefined };
  /** The user turn each message belongs to (0 before the first user message), and the reply calls made before it. */
  readonly turns: number[];
  readonly callsBefore: number[];
  turn: number;
  replyCalls: number;
  /** window: messages that never fit; older messages dropped to fit. */
  readonly neverSent: Listed<StrategyStep>;
  dropped: number;
  /** evict-large: every eviction, and the large messages (evictable when they came), oldest first. */
  readonly evictions: Listed<{ readonly index: number; readonly at: number }>;
  readonly large: number[];
  /** summarize: summary calls billed, and what they cost (summed in the order of the calls). */
  summaryCalls: number;
  summaryCost: number;
}

function newTally(run: StrategyRun): NotesTally {
  return {
    run,
    steps: 0,
    last: { step: undefined },
    turns: [],
    callsBefore: [],
    turn: 0,
    replyCalls: 0,
    neverSent: { count: 0, tokens: 0, first: [] },
    dropped: 0,
    evictions: { count: 0, tokens: 0, first: [] },
    large: [],
    summaryCalls: 0,
    summaryCost: 0,
  };
}

/** `run` goes on from the run the notes were tallied for, and nothing else has extended that tally since. */
function extendsTally(previous: GrowingNotes, run: StrategyRun): boolean {
  const { tally } = previous;
  if (previous.steps !== tally.steps || run.strategy !== tally.run.strategy || run.settings !== tally.run.settings || run.steps.length < tally.steps) return false;
  return tally.steps === 0 || run.steps[tally.steps - 1] === tally.last.step;
}

function list<T>(listed: Listed<T>, item: T, tokens: number): void {
  listed.count++;
  listed.tokens += tokens;
  if (listed.first.length <= MAX_LISTED) listed.first.push(item);
}

function tallyStep(tally: NotesTally, run: StrategyRun, step: StrategyStep): void {
  if (step.role === 'user') tally.turn++;
  tally.turns.push(tally.turn);
  tally.callsBefore.push(tally.replyCalls);
  if (step.role === 'assistant') tally.replyCalls++;
  for (const index of step.removed) {
    if (index === step.index) list(tally.neverSent, step, step.tokens);
    else tally.dropped++;
    list(tally.evictions, { index, at: step.index }, run.steps[index]!.tokens);
  }
  if (isEvictable(step.tokens, isPinned(step.role), run.settings)) tally.large.push(step.index);
  for (const call of step.calls) {
    if (call.kind !== 'summary') continue;
    tally.summaryCalls++;
    tally.summaryCost += call.cost;
  }
  tally.steps++;
  tally.last.step = step;
}

const number = (index: number) => `#${index + 1}`;
const plural = (count: number, word: string) => `${formatTokens(count)} ${word}${count === 1 ? '' : 's'}`;

function strategyOwnNotes(run: StrategyRun, tally: NotesTally): string[] {
  const { steps, settings } = run;
  switch (run.strategy) {
    case 'keep-all':
      return [];
    case 'window': {
      const { neverSent, dropped } = tally;
      return [
        ...summarised(
          neverSent,
          (step) => `${number(step.index)} (${plural(step.tokens, 'token')}) never fits the window: never sent`,
          () => `${plural(neverSent.count, 'message')} (${plural(neverSent.tokens, 'token')}) never fit the window: never sent`,
        ),
        ...(dropped > 0 ? [`${plural(dropped, 'older message')} dropped to fit`] : []),
      ];
    }
    case 'evict-large': {
      const { evictions } = tally;
      const evicted = summarised(
        evictions,
        ({ index, at }) => `${number(index)} (${plural(steps[index]!.tokens, 'token')}) evicted after ${number(at)}`,
        () => `evicted ${plural(evictions.count, 'message')} (${plural(evictions.tokens, 'token')})`,
      ).reverse();
      // Large messages still sent, and how many more user turns (a tool result: reply calls, if fewer) they will be.
      const current = tally.turn;
      const calls = tally.replyCalls;
      const large = sentAmong(tally.large, run.sent);
      const waiting = summarised(
        { count: large.length, tokens: 0, first: large.slice(0, MAX_LISTED + 1) },
        (index) => {
          const turnsLeft = evictionTurn(tally.turns[index]!, settings) - current;
          const callsLeft = steps[index]!.role === 'tool' ? evictionCall(tally.callsBefore[index]!, settings) - calls : Infinity;
          const left = callsLeft <= turnsLeft ? plural(callsLeft, 'reply call') : plural(turnsLeft, 'user turn');
          return `${number(index)} (${plural(steps[index]!.tokens, 'token')}): evicted in ${left}`;
        },
        () => `${plural(large.length, 'large message')} (${plural(sum(large.map((index) => steps[index]!.tokens)), 'token')}) still sent`,
      ).reverse();
      // Large messages and nothing evicted in one user turn, none a tool result (those go by calls): say why.
      const stuck = evictions.count === 0 && large.length > 0 && current <= 1 && large.every((index) => steps[index]!.role !== 'tool');
      const why = stuck ? [`one user turn: nothing leaves before ${plural(settings.keepTurns, 'more')}`] : [];
      return [...waiting, ...evicted, ...why];
    }
    case 'summarize': {
      if (tally.summaryCalls === 0) return [];
      const replaced = steps.length - rangesSize(run.sent);
      const last = steps[steps.length - 1]!;
      return [
        `${plural(replaced, 'message')} in a simulated summary (${plural(last.summaryTokens, 'token')})`,
        `${plural(tally.summaryCalls, 'summary call')} billed: ${formatUsd(tally.summaryCost)}`,
      ];
    }
  }
}

/** Up to MAX_LISTED notes one by one; more than that, one line that sums them up (never a note per message). */
function summarised<T>(listed: Listed<T>, note: (item: T) => string, summary: () => string): string[] {
  return listed.count <= MAX_LISTED ? listed.first.map(note) : [summary()];
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/** The indices among `sorted` (ascending) that the ranges (sorted, disjoint) hold: one pass over both. */
function sentAmong(sorted: readonly number[], ranges: IndexRanges): number[] {
  const sent: number[] = [];
  let r = 0;
  for (const index of sorted) {
    while (r < ranges.length && ranges[r]![1] < index) r++;
    if (r === ranges.length) break;
    if (index >= ranges[r]![0]) sent.push(index);
  }
  return sent;
}

/** Message indices the ranges hold (a summary is no index). */
function rangesSize(ranges: IndexRanges): number {
  let size = 0;
  for (const [from, to] of ranges) size += to - from + 1;
  return size;
}

function refusedNotes(run: StrategyRun): string[] {
  const { refusedCalls, calls } = run.totals;
  return refusedCalls > 0 ? [`${formatTokens(refusedCalls)} of ${plural(calls, 'call')} refused (over the window): billed nothing`] : [];
}

function cacheNotes(run: StrategyRun): string[] {
  if (!run.cache) return [];
  if (!canCache(run.model)) return [`--cache: ${run.model.id} has no cached price`];
  const { cachedTokens, inputTokens } = run.totals;
  return [`${formatTokens(cachedTokens)} of ${plural(inputTokens, 'input token')} read from the cache`];
}

function approximateNotes(run: StrategyRun): string[] {
  return run.model.countsApproximate ? [`${run.model.id}: counts and prices are estimates`] : [];
}
