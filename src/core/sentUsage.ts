import { windowPercent } from './callPricing.js';
import { fillKindOf, usageLevel, type ContextUsage, type FillKind, type LargestMessage } from './contextUsage.js';
import type { LedgerEntry } from './ledger.js';
import type { StrategyRun } from './strategies/types.js';

/**
 * What fills the window under a strategy (`ContextUsage`): the context the run's next call sends,
 * not the whole history. `entries` are the run's messages with their counts (a ledger's);
 * a simulated summary counts as a system message (framing included); the tool
 * definitions, sent with every call whatever the strategy, are a part of their own.
 */
export function sentContextUsage(entries: readonly LedgerEntry[], run: StrategyRun): ContextUsage {
  const last = run.steps[run.steps.length - 1];
  const used = run.totals.usedTokens;
  const summaryTokens = last?.summaryTokens ?? 0;
  // One pass over the ranges, never expanded into an array of indices (a long session sends tens of thousands).
  let sentTokens = 0;
  const kinds: Record<FillKind, number> = { system: 0, user: 0, assistant: 0, tool: 0, definitions: 0, overhead: 0 };
  let largest: LargestMessage | undefined;
  for (const [from, to] of run.sent) {
    for (let index = from; index <= to; index++) {
      const entry = entries[index];
      if (!entry) continue;
      sentTokens += entry.tokens;
      // The message's whole figure, framing included, as the pane numbers it: the legend and the row agree.
      kinds[fillKindOf(entry.message.role)] += entry.tokens;
      if (!largest || entry.tokens > largest.tokens) largest = { number: index + 1, role: entry.message.role, tokens: entry.tokens, share: 0 };
    }
  }
  const parts: Record<FillKind, number> = {
    ...kinds,
    definitions: run.toolTokens,
    // What no message carries: the reply priming every request ends with.
    overhead: used - sentTokens - summaryTokens - run.toolTokens,
  };
  parts.system += summaryTokens;
  return {
    used,
    limit: run.limit,
    percent: windowPercent(used, run.limit),
    level: usageLevel(used, run.limit),
    parts,
    largest: largest && { ...largest, share: (largest.tokens / used) * 100 },
  };
}
