import { formatTokens } from '../format.js';
import { isPinned } from './conversationShape.js';
import { isEvictable } from './evictLarge.js';
import type { StrategyRun } from './types.js';

/**
 * Why a strategy saved what it saved, in one sentence: the figures alone do not tell a window
 * that saves by never sending the log from one that trims old turns, nor an evict-large that evicts
 * by user turns from one that evicts an agent loop's tool results by calls. Numbered from 1. Undefined for keep-all,
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
  // Removed at a user message: by turns; at an assistant message (after its reply call): by calls.
  const byTurns = steps.filter((step) => step.role !== 'assistant').flatMap((step) => step.removed);
  const byCalls = steps.filter((step) => step.role === 'assistant').flatMap((step) => step.removed);
  const tokensOf = (indices: readonly number[]) => plural(indices.reduce((sum, index) => sum + steps[index]!.tokens, 0), 'token');
  const parts = [
    ...(byTurns.length > 0 ? [`${plural(byTurns.length, 'large message')} (${tokensOf(byTurns)}) evicted ${plural(settings.keepTurns, 'user turn')} after they came`] : []),
    ...(byCalls.length > 0
      ? [
          `${plural(byCalls.length, 'message')} (${tokensOf(byCalls)}) evicted by calls: large tool results and the tool calls they answer, ` +
            `once ${plural(settings.keepTurns, 'reply call')} had sent them (an agent loop makes its calls in one user turn)`,
        ]
      : []),
  ];
  if (parts.length > 0) return `evict-large: ${parts.join('; ')}`;
  const large = steps.filter((step) => isEvictable(step.tokens, isPinned(step.role), settings)).map((step) => step.index);
  if (large.length === 0) return `evict-large: nothing evicted: no message is over ${formatTokens(settings.large)} tokens (--large)`;
  const userTurns = steps.filter((step) => step.role === 'user').length;
  const replyCalls = steps.filter((step) => step.role === 'assistant').length;
  // Reply calls matter only to a tool result: said only where one is large.
  const byCallsToo = large.some((index) => steps[index]!.role === 'tool');
  return (
    `evict-large: nothing evicted yet: ${numbered(large)} over ${formatTokens(settings.large)} tokens would go ${plural(settings.keepTurns, 'user turn')} later (--keep-turns)` +
    (byCallsToo
      ? `, a tool result once ${plural(settings.keepTurns, 'reply call')} have sent it, and the conversation has ${plural(userTurns, 'user turn')} and ${plural(replyCalls, 'reply call')}`
      : `, and the conversation has ${plural(userTurns, 'user turn')}`)
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
