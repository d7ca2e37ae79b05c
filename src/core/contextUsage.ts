import { exceedsWindow, windowPercent } from './callPricing.js';
import type { Role } from './chatFormat.js';

/**
 * What fills the context window, for the gauge: the prompt the next call would bill, split by
 * who wrote it. A message's part is its whole figure (content and the framing it carries), as the
 * conversation pane shows it; the tool definitions (sent with every request) and the reply priming
 * (`overhead`, "format" in the legend) are parts of their own. The parts add up to `used`.
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
  if (exceedsWindow(used, limit)) return 'over';
  const percent = windowPercent(used, limit);
  if (percent >= 80) return 'high';
  if (percent >= 50) return 'elevated';
  return 'low';
}

export function fillKindOf(role: Role): Exclude<FillKind, 'overhead' | 'definitions'> {
  if (role === 'developer') return 'system';
  return role === 'function' ? 'tool' : role; // a legacy function's result
}
