import { expandRanges, type StrategyName, type StrategyRun } from '../../core/strategies/index.js';
import type { ConversationRow } from './conversationRows.js';

const LEFT_OUT: Readonly<Record<StrategyName, string>> = {
  'keep-all': 'not sent',
  window: 'dropped',
  'evict-large': 'evicted',
  summarize: 'summarised',
};

/**
 * The conversation's headings under a strategy: a message the next call does not send says why
 * ("evicted") where its share was, and the others give their share of what is sent.
 */
export function markSent(rows: readonly ConversationRow[], run: StrategyRun): readonly ConversationRow[] {
  if (run.strategy === 'keep-all') return rows;
  const sent = new Set(expandRanges(run.sent));
  const used = run.totals.usedTokens;
  return rows.map((row) => {
    if (row.kind !== 'heading' || row.tokens === undefined || row.number > run.steps.length) return row;
    return sent.has(row.number - 1)
      ? { ...row, share: (row.tokens / used) * 100 }
      : { ...row, share: undefined, left: LEFT_OUT[run.strategy] };
  });
}
