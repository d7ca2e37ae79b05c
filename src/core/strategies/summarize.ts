import { extractiveSummary } from './summaryText.js';
import type { StrategyDefinition, Summarize } from './types.js';

/**
 * When a user turn arrives, turns older than the last `keepTurns` (the new one included) are
 * replaced by one summary of at most `summaryTokens`. No model is called: the text is extracted
 * and labelled as simulated, but the call that would write it is billed, with the previous summary
 * and the replaced messages as its input. System and developer messages stay.
 */
export const summarize: StrategyDefinition = {
  name: 'summarize',
  description: 'replace turns older than the last --keep-turns with one summary (simulated, its call billed)',
  boundsContext: false,
  createPlanner: (shape, settings) => {
    const write: Summarize = (previous, replaced) => extractiveSummary(previous, replaced, shape.count, settings.summaryTokens);
    return (index, context) => {
      if (shape.messages[index]!.role !== 'user') return {};
      const oldestKept = shape.turnOf[index]! - settings.keepTurns + 1;
      const replaced = context.keys.filter((key) => key >= 0 && !shape.pinned[key] && shape.turnOf[shape.unitOf[key]!]! < oldestKept);
      return replaced.length === 0 ? {} : { remove: replaced, summarize: write };
    };
  },
};
