import type { IndexRanges, StrategyName, StrategyRun } from '../../core/strategies/index.js';
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
  const used = run.totals.usedTokens;
  return rows.map((row) => {
    if (row.kind !== 'heading' || row.tokens === undefined || row.number > run.steps.length) return row;
    return inRanges(run.sent, row.number - 1)
      ? { ...row, share: (row.tokens / used) * 100 }
      : { ...row, share: undefined, left: LEFT_OUT[run.strategy] };
  });
}

/** Whether `index` is in the (sorted, disjoint) ranges: a binary search, as only the rows on screen are marked. */
function inRanges(ranges: IndexRanges, index: number): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const [from, to] = ranges[mid]!;
    if (index < from) high = mid - 1;
    else if (index > to) low = mid + 1;
    else return true;
  }
  return false;
}
