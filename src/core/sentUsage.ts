import { fillKindOf, usageLevel, type ContextUsage, type FillKind, type LargestMessage } from './contextUsage.js';
import type { LedgerEntry } from './ledger.js';
import { expandRanges } from './strategies/sentContext.js';
import type { StrategyRun } from './strategies/types.js';

/**
 * What fills the window under a strategy: `contextUsage` for the context the run's next call sends
 * rather than the whole history. `entries` are the run's messages with their counts (a ledger's);
 * a simulated summary counts as a system message (`summaryContentTokens` of its content); the tool
 * definitions, sent with every call whatever the strategy, are a part of their own.
 */
export function sentContextUsage(entries: readonly LedgerEntry[], run: StrategyRun, summaryContentTokens = 0): ContextUsage {
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
    overhead: used - sentTokens - summaryTokens - run.toolTokens,
  };
  let largest: LargestMessage | undefined;
  for (const index of expandRanges(run.sent)) {
    const entry = entries[index];
    if (!entry) continue;
    parts[fillKindOf(entry.message.role)] += entry.contentTokens;
    parts.overhead += entry.tokens - entry.contentTokens;
    if (!largest || entry.tokens > largest.tokens) largest = { number: index + 1, role: entry.message.role, tokens: entry.tokens, share: 0 };
  }
  parts.system += summaryContentTokens;
  parts.overhead += summaryTokens - summaryContentTokens;
  return {
    used,
    limit: run.limit,
    percent: (used / run.limit) * 100,
    level: usageLevel(used, run.limit),
    parts,
    largest: largest && { ...largest, share: (largest.tokens / used) * 100 },
  };
}
