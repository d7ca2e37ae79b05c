import type { ChatMessage, CountText, UncountedPart } from '../core/chatFormat.js';
import { runStrategy } from '../core/strategies/runStrategy.js';
import type { StrategyName } from '../core/strategies/types.js';
import { formatPercent, formatTokens, formatUsd, roundPercent, roundUsd } from '../core/format.js';
import { appendMessage, createLedger, ledgerEntries, ledgerStatus, statusAt, type Ledger } from '../core/ledger.js';
import { sanitizeLine } from '../core/sanitize.js';
import type { Command } from 'commander';
import { loadTokenizer } from '../core/tokenizer.js';
import type { LoadedConversation } from '../io/conversationFile.js';
import { toCsv } from '../io/csv.js';
import { exportSession } from '../io/export.js';
import {
  CONVERSATION_FILE_ARGUMENT,
  readConversationFromFlags,
  toolTokensOf,
  withConversationFileOptions,
  type ConversationFileFlags,
} from './conversationInput.js';
import { InputError } from '../errors.js';
import { printReport, withExample, withModelOptions, type OutputFlags } from './commandKit.js';
import { resolveModel, type ModelChoice, type ModelFlags } from './modelOptions.js';
import { parseStrategyName, resolveStrategyFlags, withStrategyOptions, type StrategyFlags } from './strategyOptions.js';
import { formatStrategyReport, strategyReport } from './strategyReport.js';
import { largest } from '../core/arrays.js';

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

/** What the file said besides its messages. */
export type ConversationSource = Omit<LoadedConversation, 'messages'>;

/** The per-turn ledger of a conversation: what each message adds and what the account is after it. */
export function conversationReport(
  { model, rule }: ModelChoice,
  count: CountText,
  messages: readonly ChatMessage[],
  source?: ConversationSource,
): ConversationReport {
  const toolTokens = toolTokensOf(source ?? {}, count, model.encoding);
  let ledger = createLedger({ model, count, rule, tools: toolTokens });
  for (const message of messages) ledger = appendMessage(ledger, message);
  return ledgerReport(ledger, source);
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
  const widths = headers.map((header, i) => largest(rows.map((row) => row[i]!.length), header.length));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (rightAligned[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

interface ExportFlags {
  readonly out?: string;
  readonly force?: boolean;
}

interface CsvFlags {
  readonly csv?: boolean;
}

export function registerReport(program: Command): void {
  withExample(
    withStrategyOptions(
      withConversationFileOptions(withModelOptions(program.command('report').argument('<file>', CONVERSATION_FILE_ARGUMENT))),
      'what is sent on each call',
      'keep-all',
    )
      .option('--csv', 'print the per-turn ledger as CSV')
      .option('-o, --out <path>', 'write messages and ledger to a file instead: .md, .json or .csv')
      .option('--force', 'with --out, overwrite an existing file'),
    'context-accountant report fixtures/lesson.json --model gpt-4o',
  )
    .description('the per-turn ledger of a conversation file, under a strategy')
    .action(async (file: string, flags: ModelFlags & StrategyFlags & OutputFlags & ConversationFileFlags & CsvFlags & ExportFlags) => {
      const choice = resolveModel(flags);
      if (flags.csv && flags.json) throw new InputError('--csv and --json cannot be combined: choose one output');
      const strategy = parseStrategyName(flags.strategy) ?? 'keep-all';
      const { settings, cache, budget } = resolveStrategyFlags(flags, choice.model);
      const { messages, ...source } = await readConversationFromFlags(file, flags);
      const { count } = await loadTokenizer(choice.model.encoding);
      const toolTokens = toolTokensOf(source, count, choice.model.encoding);
      const run = runStrategy({ messages, model: choice.model, count, rule: choice.rule, strategy, settings, cache, toolTokens });
      const report = strategyReport(run, budget, { ...source, toolTokens });
      if (flags.out !== undefined) {
        const written = exportSession(flags.out, { messages, report }, { force: flags.force === true });
        process.stdout.write(`wrote ${sanitizeLine(written.path)} (${written.format}, ${messages.length} messages)\n`);
      } else if (flags.csv) process.stdout.write(formatReportCsv(report));
      else printReport(report, formatStrategyReport, flags);
    });
}
