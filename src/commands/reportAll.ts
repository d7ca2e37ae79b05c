import { windowPercent } from '../core/callPricing.js';
import type { ModelEntry } from '../core/catalog.js';
import { formatPercent, formatTokens, formatUsd, roundPercent, roundUsd } from '../core/format.js';
import type { StrategyName } from '../core/strategies/types.js';
import { InputError } from '../core/errors.js';
import type { ConversationFormat } from '../io/conversationFile.js';
import { toCsv } from '../core/report/csv.js';
import { formatTable, REPORT_CSV_FIELDS } from '../core/report/conversationReport.js';
import { formatTierWarning, type StrategyReport } from '../core/report/strategyReport.js';

/**
 * `report --conversation all`: the report of every conversation of the file, each the object
 * `report --conversation N` prints, and their totals.
 */
export interface AllConversationsReport {
  readonly model: string;
  readonly encoding: string;
  readonly limit: number;
  readonly strategy: StrategyName;
  readonly format: ConversationFormat;
  readonly conversations: readonly StrategyReport[];
  readonly totals: AllConversationsTotals;
}

export interface AllConversationsTotals {
  readonly conversations: number;
  readonly messages: number;
  /** What the next call of every conversation sends, added up: for evals samples, the input of the whole run. */
  readonly usedTokens: number;
  /** The input price of those next calls (0 for a conversation with no messages). */
  readonly nextCallCost: number;
  /** Spent on the assistant turns of every conversation. */
  readonly cumulativeCost: number;
  /** Conversations whose next call is over the model's context window. */
  readonly overLimit: number;
  /** Calls of every conversation over the window: refused, billed nothing. */
  readonly refusedCalls: number;
}

/** Money is added up from the figures each conversation shows, so the totals are their sum to the last digit. */
export function allConversationsReport(model: ModelEntry, strategy: StrategyName, reports: readonly StrategyReport[]): AllConversationsReport {
  const sum = (figure: (report: StrategyReport) => number) => reports.reduce((total, report) => total + figure(report), 0);
  return {
    model: model.id,
    encoding: model.encoding,
    limit: reports[0]?.limit ?? model.contextWindow,
    strategy,
    format: reports[0]?.format ?? 'openai',
    conversations: reports,
    totals: {
      conversations: reports.length,
      messages: sum((report) => report.totals.messages),
      usedTokens: sum((report) => report.totals.usedTokens),
      nextCallCost: roundUsd(sum(nextCallCost)),
      cumulativeCost: roundUsd(sum((report) => report.totals.cumulativeCost)),
      overLimit: reports.filter((report) => report.turns.at(-1)?.overLimit ?? false).length,
      refusedCalls: sum((report) => report.totals.refusedCalls),
    },
  };
}

function nextCallCost(report: StrategyReport): number {
  return report.turns[report.turns.length - 1]?.nextCallCost ?? 0;
}

/** One row per conversation and the totals; `--json` has every turn of every conversation. */
export function formatAllReports(report: AllConversationsReport): string {
  const withTools = report.conversations.some((conversation) => (conversation.toolTokens ?? 0) > 0);
  const headers = ['#', 'messages', ...(withTools ? ['tools'] : []), 'next call', '%', 'next call $', 'spent', 'refused calls'];
  const rows = report.conversations.map((conversation) => [
    String(conversation.conversation ?? 1),
    formatTokens(conversation.totals.messages),
    ...(withTools ? [formatTokens(conversation.toolTokens ?? 0)] : []),
    formatTokens(conversation.totals.usedTokens),
    formatPercent(roundPercent(windowPercent(conversation.totals.usedTokens, conversation.limit))),
    formatUsd(nextCallCost(conversation)),
    formatUsd(conversation.totals.cumulativeCost),
    String(conversation.totals.refusedCalls),
  ]);
  const table = formatTable(headers, rows, headers.map(() => true));
  const { totals } = report;
  const plural = (n: number, word: string) => `${formatTokens(n)} ${word}${n === 1 ? '' : 's'}`;
  const lines = [
    `model ${report.model} (${report.encoding}), limit ${formatTokens(report.limit)} tokens, strategy ${report.strategy}`,
    `${plural(totals.conversations, 'conversation')}, ${plural(totals.messages, 'message')}: their next calls send ` +
      `${formatTokens(totals.usedTokens)} tokens (${formatUsd(totals.nextCallCost)}); spent ${formatUsd(totals.cumulativeCost)}` +
      (totals.overLimit > 0 ? `; ${totals.overLimit} over the limit` : '') +
      (totals.refusedCalls > 0 ? `; ${plural(totals.refusedCalls, 'call')} refused (over the window), billed nothing` : ''),
    `read as ${report.format}, every conversation (--json has each one's turns)`,
    ...report.conversations.flatMap((conversation) => [
      ...(conversation.notCounted ?? []).map(
        (part) => `not counted: ${part.kind} in conversation ${conversation.conversation}, message ${part.message} (part ${part.part}): ${part.reason}`,
      ),
      ...conversation.priceTierWarnings.map((warning) => `conversation ${conversation.conversation}: ${formatTierWarning(warning)}`),
    ]),
    ...[...new Set(report.conversations.flatMap((conversation) => conversation.notes))].map((note) => `note: ${note}`),
  ];
  return `${table}\n\n${lines.join('\n')}\n`;
}

/** The per-turn ledgers of every conversation, one row per turn, the conversation first. */
export function formatAllReportsCsv(report: AllConversationsReport): string {
  const rows = report.conversations.flatMap((conversation) =>
    conversation.turns.map((turn) => [conversation.conversation ?? 1, ...REPORT_CSV_FIELDS.map((field) => turn[field])]),
  );
  return toCsv(['conversation', ...REPORT_CSV_FIELDS], rows);
}

/** The flags that speak of one conversation, refused with `--conversation all`. */
export function refuseWithAll<Flags extends object>(flags: Flags, names: readonly (keyof Flags & string)[]): void {
  const given = names.find((name) => flags[name] !== undefined && flags[name] !== false);
  if (given === undefined) return;
  const flag = `--${given.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
  throw new InputError(`${flag} works on one conversation, not with --conversation all: choose one with --conversation N`);
}
