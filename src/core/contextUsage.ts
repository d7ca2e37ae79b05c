import type { Role } from './chatFormat.js';
import { inputCost, ledgerEntries, statusAt, type Ledger } from './ledger.js';

/**
 * What fills the context window, for the gauge: the prompt the next call would bill, split by
 * who wrote it, with the chat format's framing and the tool definitions (sent with every request)
 * as parts of their own. The parts add up to `used`.
 */
export type FillKind = 'system' | 'user' | 'assistant' | 'tool' | 'definitions' | 'overhead';

export const FILL_KINDS: readonly FillKind[] = ['system', 'user', 'assistant', 'tool', 'definitions', 'overhead'];

/** Under 50%, under 80%, under 100% (the limit itself still fits), over. */
export type UsageLevel = 'low' | 'elevated' | 'high' | 'over';

export interface LargestMessage {
  /** 1-based position in the conversation. */
  readonly number: number;
  readonly role: Role;
  readonly tokens: number;
  /** Percent of the prompt the next call bills. */
  readonly share: number;
}

export interface ContextUsage {
  readonly used: number;
  readonly limit: number;
  readonly percent: number;
  readonly level: UsageLevel;
  readonly parts: Readonly<Record<FillKind, number>>;
  readonly largest: LargestMessage | undefined;
}

export function usageLevel(used: number, limit: number): UsageLevel {
  if (used > limit) return 'over';
  const percent = (used / limit) * 100;
  if (percent >= 80) return 'high';
  if (percent >= 50) return 'elevated';
  return 'low';
}

export function fillKindOf(role: Role): Exclude<FillKind, 'overhead' | 'definitions'> {
  if (role === 'developer') return 'system';
  return role === 'function' ? 'tool' : role; // a legacy function's result
}

export function contextUsage(ledger: Ledger): ContextUsage {
  const status = statusAt(ledger.config, ledger.last);
  const parts: Record<FillKind, number> = {
    system: 0,
    user: 0,
    assistant: 0,
    tool: 0,
    definitions: ledger.config.tools ?? 0,
    overhead: ledger.config.rule.requestTokens,
  };
  let largest: LargestMessage | undefined;
  for (const entry of ledgerEntries(ledger)) {
    parts[fillKindOf(entry.message.role)] += entry.contentTokens;
    parts.overhead += entry.tokens - entry.contentTokens;
    if (!largest || entry.tokens > largest.tokens) {
      largest = { number: entry.index + 1, role: entry.message.role, tokens: entry.tokens, share: 0 };
    }
  }
  return {
    used: status.usedTokens,
    limit: status.limit,
    percent: status.percent,
    level: usageLevel(status.usedTokens, status.limit),
    parts,
    largest: largest && { ...largest, share: (largest.tokens / status.usedTokens) * 100 },
  };
}

/** One point per message: the input cost the call right after it would bill, and how full the window is. */
export interface CallCostPoint {
  readonly number: number;
  readonly inputCost: number;
  readonly usedTokens: number;
  readonly level: UsageLevel;
}

export function inputCostSeries(ledger: Ledger): CallCostPoint[] {
  const limit = ledger.config.model.contextWindow;
  return ledgerEntries(ledger).map((entry) => ({
    number: entry.index + 1,
    inputCost: inputCost(ledger.config.model, entry.usedTokens),
    usedTokens: entry.usedTokens,
    level: usageLevel(entry.usedTokens, limit),
  }));
}
