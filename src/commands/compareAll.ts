import { formatTokens, formatUsd, roundUsd } from '../core/format.js';
import type { StrategyName, StrategySettings } from '../core/strategies/types.js';
import type { ConversationFormat } from '../io/conversationFile.js';
import type { CompareReport } from './compare.js';
import { formatTable } from './report.js';

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

export interface StrategyTotals {
  readonly strategy: StrategyName;
  /** The largest call of any conversation. */
  readonly peakTokens: number;
  /** The next calls of every conversation, added up. */
  readonly finalTokens: number;
  readonly overLimitCalls: number;
  readonly cumulativeCost: number;
  /** keep-all's total spend minus this strategy's. */
  readonly savings: number;
}

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
      overLimitCalls: sum((row) => row.overLimitCalls),
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
  const rows = report.totals.strategies.map((row) => [
    row.strategy,
    formatTokens(row.peakTokens),
    formatTokens(row.finalTokens),
    String(row.overLimitCalls),
    formatUsd(row.cumulativeCost),
    row.strategy === 'keep-all' ? '-' : row.savings < 0 ? `-${formatUsd(-row.savings)}` : formatUsd(row.savings),
  ]);
  const count = report.totals.conversations;
  const head =
    `model ${report.model} (${report.encoding}), limit ${formatTokens(report.limit)} tokens${report.cache ? ', prompt caching on' : ''}; ` +
    `${formatTokens(count)} conversation${count === 1 ? '' : 's'} read as ${report.format}, added up`;
  const notes = report.notes.map((note) => `note: ${note}`);
  const table = formatTable(headers, rows, headers.map((_, i) => i > 0));
  return `${head}\n\n${table}\n${notes.length > 0 ? `\n${notes.join('\n')}\n` : ''}`;
}
