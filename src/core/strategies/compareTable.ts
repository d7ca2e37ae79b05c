import { formatTokens, formatUsd } from '../format.js';
import type { StrategyComparison } from './compareStrategies.js';

/**
 * The comparison as a table: `compare`'s text and the dashboard's compare view (Ctrl+G) print
 * the same headers and cells, so the two cannot disagree on a figure.
 */
export const COMPARE_HEADERS = ['strategy', 'peak', 'final', 'refused calls', 'spent', 'saving'] as const;

/** A strategy's row: peak, final, refused calls, spent and the saving against keep-all. */
export function strategyCells(row: StrategyComparison): string[] {
  return [
    row.strategy,
    formatTokens(row.peakTokens),
    formatTokens(row.finalTokens),
    String(row.refusedCalls),
    formatUsd(row.cumulativeCost),
    row.strategy === 'keep-all' ? '-' : formatUsd(row.savings),
  ];
}
