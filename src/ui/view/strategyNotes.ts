import { canCache } from '../../core/callPricing.js';
import { formatTokens, formatUsd } from '../../core/format.js';
import { isPinned } from '../../core/strategies/conversationShape.js';
import { evictionTurn, isEvictable } from '../../core/strategies/evictLarge.js';
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
      // Large messages still sent, and how many more user turns they will be.
      const turns = userTurns(run);
      const current = turns[turns.length - 1] ?? 0;
      const large = expandRanges(run.sent).filter((index) => isEvictable(steps[index]!.tokens, isPinned(steps[index]!.role), settings));
      const waiting = summarised(
        large
          .map((index) => {
            const left = evictionTurn(turns[index]!, settings) - current;
            return `${number(index)} (${plural(steps[index]!.tokens, 'token')}): evicted in ${plural(left, 'user turn')}`;
          })
          .reverse(),
        () => `${plural(large.length, 'large message')} (${plural(sum(large.map((index) => steps[index]!.tokens)), 'token')}) still sent`,
      );
      // Large messages and nothing evicted in one user turn: an agent loop's results never leave, say so.
      const why = evictions.length === 0 && large.length > 0 && current <= 1 ? [`one user turn: nothing leaves before ${plural(settings.keepTurns, 'more')}`] : [];
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
