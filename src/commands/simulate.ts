import { runStatus, type RunStatus } from '../core/runStatus.js';
import { runStrategy } from '../core/strategies/runStrategy.js';
import { formatPercent, formatTokens, formatUsd, roundPercent, roundUsd } from '../core/format.js';
import { LESSON_MESSAGES, LESSON_STATUS_AFTER } from '../core/lesson.js';
import type { CountText } from '../core/chatFormat.js';
import { ESTIMATE_LINE, estimateFields } from '../core/estimate.js';
import type { Command } from 'commander';
import { loadTokenizer } from '../core/tokenizerOnDemand.js';
import { printReport, withExample, withModelOptions, type OutputFlags } from './commandKit.js';
import { resolveModel, type ModelChoice, type ModelFlags } from './modelOptions.js';

/** The lesson's status block: the window and the next call of `RunStatus`, rounded as JSON shows them. */
export type SimulateStep = Pick<RunStatus, 'messages' | 'usedTokens' | 'limit' | 'percent' | 'nextCallCost' | 'overLimit'>;

export interface SimulateReport {
  readonly model: string;
  readonly limit: number;
  readonly steps: readonly SimulateStep[];
  /** The scenario's calls (its assistant messages), and how many the API would refuse (over the window). */
  readonly calls: number;
  readonly refusedCalls: number;
  /** True where tokens and prices are a stand-in tokenizer's (Claude, Gemini...). */
  readonly estimate?: true;
}

/**
 * The lesson's scenario, with a status after the messages where the lesson's script printed one,
 * priced by the one engine (keep-all: the whole history on every call).
 */
export function simulateReport({ model, rule }: ModelChoice, count: CountText): SimulateReport {
  const run = runStrategy({ messages: LESSON_MESSAGES, model, count, rule, strategy: 'keep-all' });
  const steps = LESSON_STATUS_AFTER.map((messages) => statusStep(runStatus(run, messages - 1)));
  return { model: model.id, limit: model.contextWindow, steps, calls: run.totals.calls, refusedCalls: run.totals.refusedCalls, ...estimateFields(model) };
}

/** The status block's figures, rounded as JSON shows them. */
export function statusStep(status: RunStatus): SimulateStep {
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
  return (
    report.steps.map((step) => `\n${formatStatusBlock(step)}`).join('\n') + `\n\n${refusedSummary(report)}\n` + (report.estimate ? `\n${ESTIMATE_LINE}\n` : '')
  );
}

/** The line after the lesson's blocks: the calls the scenario makes, and how many the API would refuse. */
export function refusedSummary({ calls, refusedCalls, limit }: Pick<SimulateReport, 'calls' | 'refusedCalls' | 'limit'>): string {
  const made = `${formatTokens(calls)} call${calls === 1 ? '' : 's'}`;
  return refusedCalls === 0
    ? `The API would take all ${made} of this scenario: none is over the ${formatTokens(limit)}-token window.`
    : `The API would refuse ${formatTokens(refusedCalls)} of this scenario's ${made} (over the ${formatTokens(limit)}-token window, context_length_exceeded): they bill nothing.`;
}

export async function runSimulate(flags: ModelFlags & OutputFlags): Promise<void> {
  const choice = await resolveModel(flags);
  const { count } = await loadTokenizer(choice.model.encoding);
  printReport(simulateReport(choice, count), formatSimulate, flags);
}

export function registerSimulate(program: Command): void {
  withExample(withModelOptions(program.command('simulate')), 'context-accountant simulate --model gpt-4o --json')
    .description("replay the lesson's scenario (hello, a pasted log, five short turns) with the true figures")
    .action(runSimulate);
}
