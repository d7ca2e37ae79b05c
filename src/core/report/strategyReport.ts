import { priceTierWarnings, projectRun, type Projection } from '../budget.js';
import { windowPercent } from '../callPricing.js';
import type { PriceTier } from '../catalog.js';
import { estimateFields } from '../estimate.js';
import { formatPricePerMillion, formatTokens, formatUsd, roundPercent, roundUsd } from '../format.js';
import { runNotes } from '../strategies/runNotes.js';
import type { StrategyRun } from '../strategies/types.js';
import { formatReport, sourceFields, type ConversationReport, type ConversationSource } from './conversationReport.js';

export interface BudgetReport extends Omit<Projection, 'priceTier'> {
  readonly priceTier: PriceTier | null;
}

export interface PriceTierWarningReport {
  readonly index: number;
  readonly usedTokens: number;
  readonly aboveInputTokens: number;
  readonly inputPerMillion: number;
  readonly outputPerMillion: number;
}

/** `report --json` with a strategy: the same turns and totals, plus caching, notes, tier warnings and the budget. */
export interface StrategyReport extends ConversationReport {
  readonly cache: boolean;
  readonly notes: readonly string[];
  readonly priceTierWarnings: readonly PriceTierWarningReport[];
  readonly budget?: BudgetReport;
}

export function strategyReport(
  run: StrategyRun,
  budget: number | undefined,
  source?: ConversationSource & { readonly toolTokens: number },
): StrategyReport {
  const { model } = run;
  return {
    model: model.id,
    encoding: model.encoding,
    limit: run.limit,
    strategy: run.strategy,
    turns: run.steps.map((step) => ({
      index: step.index + 1,
      role: step.role,
      tokens: step.tokens,
      usedTokens: step.usedTokens,
      percent: roundPercent(windowPercent(step.usedTokens, run.limit)),
      nextCallCost: roundUsd(step.nextCallCost),
      cumulativeCost: roundUsd(step.cumulativeCost),
      overLimit: step.overLimit,
      refused: step.calls.some((call) => call.refused),
    })),
    totals: {
      messages: run.totals.messages,
      usedTokens: run.totals.usedTokens,
      cumulativeCost: roundUsd(run.totals.cumulativeCost),
      calls: run.totals.calls,
      refusedCalls: run.totals.refusedCalls,
    },
    ...(source && sourceFields(source, source.toolTokens)),
    cache: run.cache,
    notes: runNotes(run),
    priceTierWarnings: priceTierWarnings(run).map(({ index, usedTokens, tier }) => ({ index: index + 1, usedTokens, ...tier })),
    ...(budget !== undefined && { budget: budgetReport(projectRun(run, budget)) }),
    ...estimateFields(model),
  };
}

export function budgetReport(projection: Projection): BudgetReport {
  const round = (usd: number | null) => (usd === null ? null : roundUsd(usd));
  return {
    ...projection,
    spent: roundUsd(projection.spent),
    // 1-based, as every output numbers messages.
    budgetCrossedAt: projection.budgetCrossedAt === null ? null : projection.budgetCrossedAt + 1,
    budgetLeft: round(projection.budgetLeft),
    growthPerTurn: projection.growthPerTurn === null ? null : Number(projection.growthPerTurn.toFixed(2)),
    outputTokensPerTurn: Number(projection.outputTokensPerTurn.toFixed(2)),
    otherCostPerTurn: roundUsd(projection.otherCostPerTurn),
  };
}

export function formatStrategyReport(report: StrategyReport): string {
  const extra = [
    ...report.priceTierWarnings.map(formatTierWarning),
    ...(report.budget ? formatBudget(report.budget, report.limit, report.strategy) : []),
    ...report.notes.map((note) => `note: ${note}`),
  ];
  return formatReport(report) + (extra.length > 0 ? `\n${extra.join('\n')}\n` : '');
}

export function formatTierWarning(warning: PriceTierWarningReport): string {
  return (
    `PRICE TIER: after message ${warning.index} the next call sends ${formatTokens(warning.usedTokens)} tokens, ` +
    `above ${formatTokens(warning.aboveInputTokens)}: the whole call is billed at ${formatPricePerMillion(warning.inputPerMillion)} input / ` +
    `${formatPricePerMillion(warning.outputPerMillion)} output per 1M.`
  );
}

export function formatBudget(budget: BudgetReport, limit: number, strategy: string): string[] {
  const lines: string[] = [];
  const total = formatUsd(budget.budget ?? 0);
  lines.push(
    budget.budgetCrossedAt === null
      ? `budget ${total}: spent ${formatUsd(budget.spent)}, left ${formatUsd(budget.budgetLeft ?? 0)}`
      : `BUDGET EXCEEDED: spent ${formatUsd(budget.spent)} of ${total}, over it after message ${budget.budgetCrossedAt}`,
  );
  const growth = budget.growthPerTurn === null ? 'unknown before two user turns' : `${budget.growthPerTurn >= 0 ? '+' : ''}${formatTokens(budget.growthPerTurn)} tokens per user turn`;
  lines.push(`growth: ${growth}; next call ${formatTokens(budget.nextCallTokens)} tokens`);
  const affordable = budget.turnsUntilBudget === null ? 'unlimited (a turn costs nothing)' : formatTokens(budget.turnsUntilBudget);
  lines.push(`turns the budget still pays for: ${affordable} (list price, no caching)`);
  const unbounded = strategy === 'window' ? 'never (window keeps every call under it)' : 'not at this growth';
  lines.push(`calls until the ${formatTokens(limit)}-token limit: ${describeTurns(budget.turnsUntilLimit, unbounded)}`);
  if (budget.priceTier) {
    lines.push(
      `calls below the ${formatTokens(budget.priceTier.aboveInputTokens)}-token price tier: ${describeTurns(budget.turnsUntilPriceTier, 'not at this growth')}`,
    );
  }
  return lines;
}

function describeTurns(turns: number | null, never: string): string {
  if (turns === null) return never;
  return turns === 0 ? '0 (the next call is already above it)' : formatTokens(turns);
}
