import { windowPercent } from './callPricing.js';
import { fillKindOf, usageLevel, type ContextUsage, type FillKind, type LargestMessage } from './contextUsage.js';
import type { LedgerEntry } from './ledger.js';
import { expandRanges } from './strategies/sentContext.js';
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
  const sentTokens = expandRanges(run.sent).reduce((sum, index) => sum + (entries[index]?.tokens ?? 0), 0);
  const parts: Record<FillKind, number> = {
    system: 0,
    user: 0,
    assistant: 0,
    tool: 0,
    definitions: run.toolTokens,
    // What no message carries: the reply priming every request ends with.
    overhead: used - sentTokens - summaryTokens - run.toolTokens,
  };
  let largest: LargestMessage | undefined;
  for (const index of expandRanges(run.sent)) {
    const entry = entries[index];
    if (!entry) continue;
    // The message's whole figure, framing included, as the pane numbers it: the legend and the row agree.
    parts[fillKindOf(entry.message.role)] += entry.tokens;
    if (!largest || entry.tokens > largest.tokens) largest = { number: index + 1, role: entry.message.role, tokens: entry.tokens, share: 0 };
  }
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
