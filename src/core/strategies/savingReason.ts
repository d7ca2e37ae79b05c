import { formatTokens } from '../format.js';
import { isPinned } from './conversationShape.js';
import { isEvictable } from './evictLarge.js';
import type { StrategyRun } from './types.js';

/**
 * Why a strategy saved what it saved, in one sentence: the figures alone do not tell a window
 * that saves by never sending the log from one that trims old turns, nor an evict-large that saves
 * nothing because an agent loop has a single user turn. Numbered from 1. Undefined for keep-all,
 * the baseline. The dashboard (gauge notes, the compare view) and `compare`'s notes say the same.
 */
export function savingReason(run: StrategyRun): string | undefined {
  switch (run.strategy) {
    case 'keep-all':
      return undefined;
    case 'window':
      return windowReason(run);
    case 'evict-large':
      return evictReason(run);
    case 'summarize':
      return summarizeReason(run);
  }
}

const plural = (count: number, word: string) => `${formatTokens(count)} ${word}${count === 1 ? '' : 's'}`;
/** "message 4", "messages 4, 6, 9", "messages 4, 6 and 7 more": never a list as long as the conversation. */
function numbered(indices: readonly number[]): string {
  const shown = indices.length <= 3 ? indices : indices.slice(0, 2);
  const list = shown.map((index) => formatTokens(index + 1)).join(', ');
  return `message${indices.length === 1 ? '' : 's'} ${list}${indices.length > shown.length ? ` and ${formatTokens(indices.length - 2)} more` : ''}`;
}

function windowReason(run: StrategyRun): string {
  const neverSent = run.steps.filter((step) => step.removed.includes(step.index)).map((step) => step.index);
  const dropped = run.steps.reduce((sum, step) => sum + step.removed.filter((index) => index !== step.index).length, 0);
  const parts = [`every call fits ${formatTokens(run.limit - run.settings.reserve)} tokens (limit minus reserve)`];
  if (dropped > 0) parts.push(`${plural(dropped, 'older message')} dropped`);
  if (neverSent.length > 0) parts.push(`${numbered(neverSent)} never sent, so no reply sees ${neverSent.length === 1 ? 'it' : 'them'}`);
  return `window: ${parts.join('; ')}`;
}

function evictReason(run: StrategyRun): string {
  const { settings, steps } = run;
  const evicted = steps.flatMap((step) => step.removed);
  if (evicted.length > 0) {
    const tokens = evicted.reduce((sum, index) => sum + steps[index]!.tokens, 0);
    return `evict-large: ${plural(evicted.length, 'large message')} (${plural(tokens, 'token')}) evicted ${plural(settings.keepTurns, 'user turn')} after they came`;
  }
  const large = steps.filter((step) => isEvictable(step.tokens, isPinned(step.role), settings)).map((step) => step.index);
  if (large.length === 0) return `evict-large: nothing evicted: no message is over ${formatTokens(settings.large)} tokens (--large)`;
  const userTurns = steps.filter((step) => step.role === 'user').length;
  const loop = userTurns <= 1 && steps.some((step) => step.role === 'tool') ? ' (an agent loop: its tool results come in one turn)' : '';
  return (
    `evict-large: nothing evicted: ${numbered(large)} over ${formatTokens(settings.large)} tokens would go ${plural(settings.keepTurns, 'user turn')} later (--keep-turns), ` +
    `and the conversation has ${plural(userTurns, 'user turn')}${loop}`
  );
}

function summarizeReason(run: StrategyRun): string {
  const { settings, steps, totals } = run;
  if (totals.summaryCalls === 0) {
    const userTurns = steps.filter((step) => step.role === 'user').length;
    return `summarize: nothing summarised: only turns older than the last ${plural(settings.keepTurns, 'user turn')} are (--keep-turns), and the conversation has ${formatTokens(userTurns)}`;
  }
  const replaced = steps.length - steps[steps.length - 1]!.sentMessages;
  return `summarize: ${plural(replaced, 'message')} replaced by a ${formatTokens(settings.summaryTokens)}-token summary, written by ${plural(totals.summaryCalls, 'billed call')}`;
}
