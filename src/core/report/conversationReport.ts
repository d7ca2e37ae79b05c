import type { UncountedPart } from '../chatFormat.js';
import type { ConversationSource, LoadedConversation } from '../conversationSource.js';
import { formatPercent, formatTokens, formatUsd, roundPercent, roundUsd } from '../format.js';
import { ledgerEntries, ledgerStatus, statusAt, type Ledger } from '../ledger.js';
import { sanitizeLine } from '../sanitize.js';
import type { StrategyName } from '../strategies/types.js';
import { toCsv } from './csv.js';

export type { ConversationSource } from '../conversationSource.js';

export interface ReportTurn {
  readonly index: number;
  readonly role: string;
  readonly tokens: number;
  readonly usedTokens: number;
  readonly percent: number;
  readonly nextCallCost: number;
  readonly cumulativeCost: number;
  readonly overLimit: boolean;
}

export interface ConversationReport {
  readonly model: string;
  readonly encoding: string;
  readonly limit: number;
  readonly strategy: StrategyName;
  readonly turns: readonly ReportTurn[];
  readonly totals: { readonly messages: number; readonly usedTokens: number; readonly cumulativeCost: number };
  /** Where the turns came from, when they came from a file. */
  readonly format?: LoadedConversation['format'];
  readonly conversation?: number;
  readonly conversations?: number;
  /** Tokens of the tool definitions, billed on every call (already inside usedTokens). */
  readonly toolTokens?: number;
  /** Parts left out of the counts (images of unknown size). */
  readonly notCounted?: readonly UncountedPart[];
}

/** The same report of a ledger already kept (the dashboard's), its tool definitions included: nothing is counted again. */
export function ledgerReport(ledger: Ledger, source?: ConversationSource): ConversationReport {
  const { model } = ledger.config;
  const turns = ledgerEntries(ledger).map((entry): ReportTurn => {
    const status = statusAt(ledger.config, entry);
    return {
      index: entry.index,
      role: entry.message.role,
      tokens: entry.tokens,
      usedTokens: status.usedTokens,
      percent: roundPercent(status.percent),
      nextCallCost: roundUsd(status.nextCallCost),
      cumulativeCost: roundUsd(status.cumulativeCost),
      overLimit: status.overLimit,
    };
  });
  const final = ledgerStatus(ledger);
  return {
    model: model.id,
    encoding: model.encoding,
    limit: model.contextWindow,
    strategy: 'keep-all',
    turns,
    totals: { messages: final.messages, usedTokens: final.usedTokens, cumulativeCost: roundUsd(final.cumulativeCost) },
    ...(source && sourceFields(source, ledger.config.tools ?? 0)),
  };
}

/** The report fields that say where the turns came from, when they came from a file. */
export function sourceFields(source: ConversationSource, toolTokens: number) {
  return {
    format: source.format,
    conversation: source.conversation,
    conversations: source.conversationCount,
    toolTokens,
    notCounted: source.notCounted ?? [],
  };
}

const HEADERS = ['#', 'role', 'tokens', 'used', '%', 'next call', 'spent'];

export function formatReport(report: ConversationReport): string {
  const rows = report.turns.map((turn) => [
    String(turn.index),
    sanitizeLine(turn.role),
    formatTokens(turn.tokens),
    formatTokens(turn.usedTokens),
    formatPercent(turn.percent),
    formatUsd(turn.nextCallCost),
    formatUsd(turn.cumulativeCost),
  ]);
  const table = formatTable(HEADERS, rows, [false, false, true, true, true, true, true]);
  const over = report.turns.filter((turn) => turn.overLimit).length;
  const summary = [
    `model ${report.model} (${report.encoding}), limit ${formatTokens(report.limit)} tokens, strategy ${report.strategy}`,
    `${report.totals.messages} messages; next call ${formatTokens(report.totals.usedTokens)} tokens; spent ${formatUsd(report.totals.cumulativeCost)}` +
      (over > 0 ? `; over the limit after ${over} of them` : ''),
  ];
  return `${table}\n\n${[...summary, ...sourceLines(report)].join('\n')}\n`;
}

function sourceLines(report: ConversationReport): string[] {
  const lines: string[] = [];
  if (report.format) {
    const which = (report.conversations ?? 1) > 1 ? `, conversation ${report.conversation} of ${report.conversations}` : '';
    lines.push(`read as ${report.format}${which}`);
  }
  if (report.toolTokens) lines.push(`tool definitions: ${formatTokens(report.toolTokens)} tokens on every call`);
  for (const part of report.notCounted ?? []) {
    lines.push(`not counted: ${part.kind} in message ${part.message} (part ${part.part}): ${part.reason}`);
  }
  return lines;
}

/** The per-turn ledger for spreadsheets: the fields of the JSON turns, one row per turn. */
export function formatReportCsv(report: ConversationReport): string {
  const fields = ['index', 'role', 'tokens', 'usedTokens', 'percent', 'nextCallCost', 'cumulativeCost', 'overLimit'] as const;
  return toCsv(fields, report.turns.map((turn) => fields.map((field) => turn[field])));
}

export function formatTable(headers: readonly string[], rows: readonly string[][], rightAligned: readonly boolean[]): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (rightAligned[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
