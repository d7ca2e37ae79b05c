import { formatTokens, roundUsd } from '../core/format.js';
import type { StrategyComparison } from '../core/strategies/compareStrategies.js';
import type { StrategySettings } from '../core/strategies/types.js';
import type { ConversationFormat } from '../io/conversationFile.js';
import { strategyCells, type CompareReport } from './compareRows.js';
import { formatTable } from '../core/report/conversationReport.js';

/**
 * `compare --conversation all`: every strategy on every conversation of the file (each the object
 * `compare --conversation N` prints, with its number), and per strategy the totals over them.
 */
export interface AllConversationsCompare {
  readonly model: string;
  readonly encoding: string;
  readonly limit: number;
  readonly cache: boolean;
  readonly settings: StrategySettings;
  readonly format: ConversationFormat;
  readonly conversations: readonly (CompareReport & { readonly conversation: number })[];
  readonly totals: { readonly conversations: number; readonly strategies: readonly StrategyTotals[] };
  readonly notes: readonly string[];
}

/** Per strategy over every conversation: `peakTokens` the largest call of any, the other figures sums. */
export type StrategyTotals = StrategyComparison;

export function allConversationsCompare(
  format: ConversationFormat,
  conversations: readonly (CompareReport & { readonly conversation: number })[],
): AllConversationsCompare {
  const first = conversations[0]!;
  const strategies = first.strategies.map(({ strategy }): StrategyTotals => {
    const rows = conversations.map((report) => report.strategies.find((row) => row.strategy === strategy)!);
    const sum = (figure: (row: (typeof rows)[number]) => number) => rows.reduce((total, row) => total + figure(row), 0);
    return {
      strategy,
      peakTokens: Math.max(...rows.map((row) => row.peakTokens)),
      finalTokens: sum((row) => row.finalTokens),
      refusedCalls: sum((row) => row.refusedCalls),
      overLimitCalls: sum((row) => row.refusedCalls),
      cumulativeCost: roundUsd(sum((row) => row.cumulativeCost)),
      savings: roundUsd(sum((row) => row.savings)),
    };
  });
  return {
    model: first.model,
    encoding: first.encoding,
    limit: first.limit,
    cache: first.cache,
    settings: first.settings,
    format,
    conversations,
    totals: { conversations: conversations.length, strategies },
    notes: [...new Set(conversations.flatMap((report) => report.notes))],
  };
}

/** The totals per strategy; `--json` has each conversation's own table. */
export function formatAllCompare(report: AllConversationsCompare): string {
  const headers = ['strategy', 'peak', 'final (sum)', 'calls over limit', 'spent', 'saving'];
  const rows = report.totals.strategies.map(strategyCells);
  const count = report.totals.conversations;
  const head =
    `model ${report.model} (${report.encoding}), limit ${formatTokens(report.limit)} tokens${report.cache ? ', prompt caching on' : ''}; ` +
    `${formatTokens(count)} conversation${count === 1 ? '' : 's'} read as ${report.format}, added up`;
  const notes = report.notes.map((note) => `note: ${note}`);
  const table = formatTable(headers, rows, headers.map((_, i) => i > 0));
  return `${head}\n\n${table}\n${notes.length > 0 ? `\n${notes.join('\n')}\n` : ''}`;
}
