import { createLedger, appendMessage, ledgerStatus, type LedgerStatus } from '../core/ledger.js';
import { formatPercent, formatTokens, formatUsd, roundPercent, roundUsd } from '../core/format.js';
import { LESSON_MESSAGES, LESSON_STATUS_AFTER } from '../core/lesson.js';
import type { CountText } from '../core/chatFormat.js';
import { ESTIMATE_LINE, estimateFields } from '../core/estimate.js';
import type { Command } from 'commander';
import { loadTokenizer } from '../core/tokenizer.js';
import { printReport, withExample, withModelOptions, type OutputFlags } from './commandKit.js';
import { resolveModel, type ModelChoice, type ModelFlags } from './modelOptions.js';

export interface SimulateStep {
  readonly messages: number;
  readonly usedTokens: number;
  readonly limit: number;
  readonly percent: number;
  readonly nextCallCost: number;
  readonly overLimit: boolean;
}

export interface SimulateReport {
  readonly model: string;
  readonly limit: number;
  readonly steps: readonly SimulateStep[];
  /** True where tokens and prices are a stand-in tokenizer's (Claude, Gemini...). */
  readonly estimate?: true;
}

/** The lesson's scenario, with a status after the messages where the lesson's script printed one. */
export function simulateReport({ model, rule }: ModelChoice, count: CountText): SimulateReport {
  let ledger = createLedger({ model, count, rule });
  const steps: SimulateStep[] = [];
  for (const message of LESSON_MESSAGES) {
    ledger = appendMessage(ledger, message);
    const status = ledgerStatus(ledger);
    if (LESSON_STATUS_AFTER.includes(status.messages)) steps.push(statusStep(status));
  }
  return { model: model.id, limit: model.contextWindow, steps, ...estimateFields(model) };
}

/** The status block's figures, rounded as JSON shows them. */
export function statusStep(status: LedgerStatus): SimulateStep {
  return {
    messages: status.messages,
    usedTokens: status.usedTokens,
    limit: status.limit,
    percent: roundPercent(status.percent),
    nextCallCost: roundUsd(status.nextCallCost),
    overLimit: status.overLimit,
  };
}

export const LIMIT_WARNING = 'WARNING: Context Limit Exceeded! The model will crash or truncate.';

/** The lesson's status block, with the true figures. */
export function formatStatusBlock(step: SimulateStep): string {
  const lines = [
    '--- Context Status ---',
    `Messages: ${step.messages}`,
    `Used: ${formatTokens(step.usedTokens)} / ${formatTokens(step.limit)} tokens (${formatPercent(step.percent)})`,
    `Cost of next API call: ${formatUsd(step.nextCallCost)}`,
  ];
  if (step.overLimit) lines.push(`🚨 ${LIMIT_WARNING}`);
  return lines.join('\n');
}

export function formatSimulate(report: SimulateReport): string {
  return report.steps.map((step) => `\n${formatStatusBlock(step)}`).join('\n') + '\n' + (report.estimate ? `\n${ESTIMATE_LINE}\n` : '');
}

export async function runSimulate(flags: ModelFlags & OutputFlags): Promise<void> {
  const choice = resolveModel(flags);
  const { count } = await loadTokenizer(choice.model.encoding);
  printReport(simulateReport(choice, count), formatSimulate, flags);
}

export function registerSimulate(program: Command): void {
  withExample(withModelOptions(program.command('simulate')), 'context-accountant simulate --model gpt-4o --json')
    .description("replay the lesson's scenario (hello, a pasted log, five short turns) with the true figures")
    .action(runSimulate);
}
