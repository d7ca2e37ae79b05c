import { canCache } from '../../core/callPricing.js';
import { formatTokens, formatUsd } from '../../core/format.js';
import { isPinned } from '../../core/strategies/conversationShape.js';
import { evictionCall, evictionTurn, isEvictable } from '../../core/strategies/evictLarge.js';
import { expandRanges, type StrategyRun } from '../../core/strategies/index.js';

/**
 * What a run did that its figures alone do not say, in a few words each and numbered as the
 * conversation pane numbers messages (from 1): the dashboard shows them on one line, most telling
 * first. `runNotes` says the same at length for the CLI's reports (numbered from 1 too).
 */
export function strategyNotes(run: StrategyRun): string[] {
  return [...strategyOwnNotes(run), ...refusedNotes(run), ...cacheNotes(run), ...approximateNotes(run)];
}

const number = (index: number) => `#${index + 1}`;
const plural = (count: number, word: string) => `${formatTokens(count)} ${word}${count === 1 ? '' : 's'}`;

function strategyOwnNotes(run: StrategyRun): string[] {
  const { steps, settings } = run;
  switch (run.strategy) {
    case 'keep-all':
      return [];
    case 'window': {
      const neverSent = steps.filter((step) => step.removed.includes(step.index));
      const dropped = steps.reduce((sum, step) => sum + step.removed.filter((index) => index !== step.index).length, 0);
      return [
        ...summarised(
          neverSent.map((step) => `${number(step.index)} (${plural(step.tokens, 'token')}) never fits the window: never sent`),
          () => `${plural(neverSent.length, 'message')} (${plural(sum(neverSent.map((step) => step.tokens)), 'token')}) never fit the window: never sent`,
        ),
        ...(dropped > 0 ? [`${plural(dropped, 'older message')} dropped to fit`] : []),
      ];
    }
    case 'evict-large': {
      const evictions = steps.flatMap((step) => step.removed.map((index) => ({ index, at: step.index })));
      const evicted = summarised(
        evictions.map(({ index, at }) => `${number(index)} (${plural(steps[index]!.tokens, 'token')}) evicted after ${number(at)}`).reverse(),
        () => `evicted ${plural(evictions.length, 'message')} (${plural(sum(evictions.map(({ index }) => steps[index]!.tokens)), 'token')})`,
      );
      // Large messages still sent, and how many more user turns (a tool result: reply calls, if fewer) they will be.
      const turns = userTurns(run);
      const current = turns[turns.length - 1] ?? 0;
      const callsBefore = replyCallsBefore(run);
      const calls = callsBefore[callsBefore.length - 1] ?? 0;
      const large = expandRanges(run.sent).filter((index) => isEvictable(steps[index]!.tokens, isPinned(steps[index]!.role), settings));
      const waiting = summarised(
        large
          .map((index) => {
            const turnsLeft = evictionTurn(turns[index]!, settings) - current;
            const callsLeft = steps[index]!.role === 'tool' ? evictionCall(callsBefore[index]!, settings) - calls : Infinity;
            const left = callsLeft <= turnsLeft ? plural(callsLeft, 'reply call') : plural(turnsLeft, 'user turn');
            return `${number(index)} (${plural(steps[index]!.tokens, 'token')}): evicted in ${left}`;
          })
          .reverse(),
        () => `${plural(large.length, 'large message')} (${plural(sum(large.map((index) => steps[index]!.tokens)), 'token')}) still sent`,
      );
      // Large messages and nothing evicted in one user turn, none a tool result (those go by calls): say why.
      const stuck = evictions.length === 0 && large.length > 0 && current <= 1 && large.every((index) => steps[index]!.role !== 'tool');
      const why = stuck ? [`one user turn: nothing leaves before ${plural(settings.keepTurns, 'more')}`] : [];
      return [...waiting, ...evicted, ...why];
    }
    case 'summarize': {
      const calls = steps.flatMap((step) => step.calls).filter((call) => call.kind === 'summary');
      if (calls.length === 0) return [];
      const sent = new Set(expandRanges(run.sent));
      const replaced = steps.filter((step) => !sent.has(step.index)).length;
      const last = steps[steps.length - 1]!;
      return [
        `${plural(replaced, 'message')} in a simulated summary (${plural(last.summaryTokens, 'token')})`,
        `${plural(calls.length, 'summary call')} billed: ${formatUsd(calls.reduce((sum, call) => sum + call.cost, 0))}`,
      ];
    }
  }
}

/** Up to MAX_LISTED notes one by one; more than that, one line that sums them up (never a note per message). */
function summarised(notes: readonly string[], summary: () => string): string[] {
  return notes.length <= MAX_LISTED ? [...notes] : [summary()];
}

const MAX_LISTED = 2;
const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/** The reply calls made before each message (an assistant message's own call not included); the last entry: all of them. */
function replyCallsBefore(run: StrategyRun): number[] {
  let calls = 0;
  const before = run.steps.map((step) => {
    const made = calls;
    if (step.role === 'assistant') calls++;
    return made;
  });
  before.push(calls);
  return before;
}

/** The user turn each message belongs to (0 before the first user message). */
function userTurns(run: StrategyRun): number[] {
  let turn = 0;
  return run.steps.map((step) => (step.role === 'user' ? ++turn : turn));
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
