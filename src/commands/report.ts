import type { ChatMessage, CountText } from '../core/chatFormat.js';
import { formatPercent, formatTokens, formatUsd, roundPercent, roundUsd } from '../core/format.js';
import { appendMessage, createLedger, ledgerStatus, statusAt } from '../core/ledger.js';
import type { Command } from 'commander';
import { loadTokenizer } from '../core/tokenizer.js';
import { readTextFile } from '../io/readText.js';
import { printReport, withExample, withModelOptions, type OutputFlags } from './commandKit.js';
import { resolveModel, type ModelChoice, type ModelFlags } from './modelOptions.js';

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
  readonly strategy: 'keep-all';
  readonly turns: readonly ReportTurn[];
  readonly totals: { readonly messages: number; readonly usedTokens: number; readonly cumulativeCost: number };
}

/** The per-turn ledger of a conversation: what each message adds and what the account is after it. */
export function conversationReport({ model, rule }: ModelChoice, count: CountText, messages: readonly ChatMessage[]): ConversationReport {
  let ledger = createLedger({ model, count, rule });
  const turns: ReportTurn[] = [];
  for (const message of messages) {
    ledger = appendMessage(ledger, message);
    const entry = ledger.last!;
    const status = statusAt(ledger.config, entry);
    turns.push({
      index: entry.index,
      role: message.role,
      tokens: entry.tokens,
      usedTokens: status.usedTokens,
      percent: roundPercent(status.percent),
      nextCallCost: roundUsd(status.nextCallCost),
      cumulativeCost: roundUsd(status.cumulativeCost),
      overLimit: status.overLimit,
    });
  }
  const final = ledgerStatus(ledger);
  return {
    model: model.id,
    encoding: model.encoding,
    limit: model.contextWindow,
    strategy: 'keep-all',
    turns,
    totals: { messages: final.messages, usedTokens: final.usedTokens, cumulativeCost: roundUsd(final.cumulativeCost) },
  };
}

const HEADERS = ['#', 'role', 'tokens', 'used', '%', 'next call', 'spent'];

export function formatReport(report: ConversationReport): string {
  const rows = report.turns.map((turn) => [
    String(turn.index),
    turn.role,
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
  return `${table}\n\n${summary.join('\n')}\n`;
}

export function formatTable(headers: readonly string[], rows: readonly string[][], rightAligned: readonly boolean[]): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (rightAligned[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function registerReport(program: Command): void {
  withExample(
    withModelOptions(program.command('report').argument('<file>', 'conversation: {"messages": [...]} or an array')),
    'context-accountant report fixtures/lesson.json --model gpt-4o',
  )
    .description('the per-turn ledger of a conversation file')
    .action(async (file: string, flags: ModelFlags & OutputFlags) => {
      const choice = resolveModel(flags);
      // Loaded here, not at the top: zod costs ~50 ms of start-up that `count` and the others need not pay.
      const { parseConversation } = await import('../io/conversationFile.js');
      const messages = parseConversation(readTextFile(file), file);
      const { count } = await loadTokenizer(choice.model.encoding);
      printReport(conversationReport(choice, count, messages), formatReport, flags);
    });
}
