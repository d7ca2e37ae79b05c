import type { UncountedPart } from '../chatFormat.js';
import type { ConversationSource, LoadedConversation } from '../conversationSource.js';
import { formatPercent, formatTokens, formatUsd } from '../format.js';
import { largest } from '../arrays.js';
import { ESTIMATE_LINE } from '../estimate.js';
import { sanitizeLine } from '../sanitize.js';
import type { StrategyName } from '../strategies/types.js';
import { toCsv } from './csv.js';

export type { ConversationSource } from '../conversationSource.js';

export interface ReportTurn {
  /** 1-based, as every output numbers messages. */
  readonly index: number;
  readonly role: string;
  readonly tokens: number;
  readonly usedTokens: number;
  readonly percent: number;
  /** What the next call would bill if the API took it. */
  readonly nextCallCost: number;
  /** Refused calls left out: they bill nothing. */
  readonly cumulativeCost: number;
  /** The next call would be over the window. */
  readonly overLimit: boolean;
  /** A call made at this message (its reply, or a summary call) was over the window: refused, billed nothing. */
  readonly refused: boolean;
}

export interface ReportTotals {
  readonly messages: number;
  readonly usedTokens: number;
  readonly cumulativeCost: number;
  readonly calls: number;
  readonly refusedCalls: number;
}

export interface ConversationReport {
  readonly model: string;
  readonly encoding: string;
  readonly limit: number;
  readonly strategy: StrategyName;
  readonly turns: readonly ReportTurn[];
  readonly totals: ReportTotals;
  /** Where the turns came from, when they came from a file. */
  readonly format?: LoadedConversation['format'];
  readonly conversation?: number;
  readonly conversations?: number;
  /** Tokens of the tool definitions, billed on every call (already inside usedTokens). */
  readonly toolTokens?: number;
  /** Parts left out of the counts (images of unknown size). */
  readonly notCounted?: readonly UncountedPart[];
  /** True where tokens and prices are a stand-in tokenizer's (Claude, Gemini...). */
  readonly estimate?: true;
  /** Parts counted by a rule OpenAI does not publish: what the figures rest on. */
  readonly countingNotes?: readonly string[];
}


/** The report fields that say where the turns came from, when they came from a file. */
export function sourceFields(source: ConversationSource, toolTokens: number) {
  return {
    format: source.format,
    conversation: source.conversation,
    conversations: source.conversationCount,
    toolTokens,
    notCounted: source.notCounted ?? [],
    countingNotes: source.countingNotes ?? [],
  };
}

const HEADERS = ['#', 'role', 'tokens', 'used', '%', 'next call', 'spent', 'call'];

export function formatReport(report: ConversationReport): string {
  const rows = report.turns.map((turn) => [
    String(turn.index),
    sanitizeLine(turn.role),
    formatTokens(turn.tokens),
    formatTokens(turn.usedTokens),
    formatPercent(turn.percent),
    formatUsd(turn.nextCallCost),
    formatUsd(turn.cumulativeCost),
    turn.refused ? 'refused' : '',
  ]);
  const table = formatTable(HEADERS, rows, [false, false, true, true, true, true, true, false]);
  const { totals } = report;
  const summary = [
    `model ${report.model} (${report.encoding}), limit ${formatTokens(report.limit)} tokens, strategy ${report.strategy}`,
    `${totals.messages} messages; next call ${formatTokens(totals.usedTokens)} tokens${report.turns.at(-1)?.overLimit ? ' (over the window: it would be refused)' : ''}; spent ${formatUsd(totals.cumulativeCost)}`,
    ...(totals.refusedCalls > 0 ? [refusedLine(totals.refusedCalls, totals.calls, report.limit)] : []),
  ];
  return `${table}\n\n${[...summary, ...sourceLines(report)].join('\n')}\n`;
}

/** "refused: 5 of 5 calls were over the 8,192-token window (context_length_exceeded): billed nothing". */
export function refusedLine(refused: number, calls: number, limit: number): string {
  return `refused: ${formatTokens(refused)} of ${formatTokens(calls)} call${calls === 1 ? '' : 's'} over the ${formatTokens(limit)}-token window (the API answers context_length_exceeded): billed nothing`;
}

function sourceLines(report: ConversationReport): string[] {
  const lines: string[] = report.estimate ? [ESTIMATE_LINE] : [];
  if (report.format) {
    const which = (report.conversations ?? 1) > 1 ? `, conversation ${report.conversation} of ${report.conversations}` : '';
    lines.push(`read as ${report.format}${which}`);
  }
  if (report.toolTokens) lines.push(`tool definitions: ${formatTokens(report.toolTokens)} tokens on every call`);
  for (const part of report.notCounted ?? []) {
    lines.push(`not counted: ${part.kind} in message ${part.message} (part ${part.part}): ${part.reason}`);
  }
  for (const note of report.countingNotes ?? []) lines.push(`estimate: ${note}`);
  return lines;
}

/** The per-turn ledger for spreadsheets: the fields of the JSON turns, one row per turn. */
export const REPORT_CSV_FIELDS = ['index', 'role', 'tokens', 'usedTokens', 'percent', 'nextCallCost', 'cumulativeCost', 'overLimit', 'refused'] as const;

export function formatReportCsv(report: ConversationReport): string {
  return toCsv([...REPORT_CSV_FIELDS, 'estimate'], report.turns.map((turn) => [...REPORT_CSV_FIELDS.map((field) => turn[field]), report.estimate ?? false]));
}

export function formatTable(headers: readonly string[], rows: readonly string[][], rightAligned: readonly boolean[]): string {
  const widths = headers.map((header, i) => largest(rows.map((row) => row[i]!.length), header.length));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (rightAligned[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
