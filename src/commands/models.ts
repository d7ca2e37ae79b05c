import { MODELS, type ModelEntry } from '../core/catalog.js';
import { formatPricePerMillion, formatTokens } from '../core/format.js';
import type { Command } from 'commander';
import { printReport, withExample, type OutputFlags } from './commandKit.js';
import { formatTable } from '../core/report/conversationReport.js';

export function modelsReport(): readonly ModelEntry[] {
  return MODELS;
}

export function formatModels(models: readonly ModelEntry[]): string {
  const rows = models.map((m) => [
    m.id,
    m.encoding,
    formatTokens(m.contextWindow),
    formatPricePerMillion(m.inputPerMillion),
    formatPricePerMillion(m.outputPerMillion),
    m.cachedInputPerMillion === undefined ? '-' : formatPricePerMillion(m.cachedInputPerMillion),
    m.asOf,
  ]);
  const table = formatTable(
    ['model', 'encoding', 'context', 'input/1M', 'output/1M', 'cached/1M', 'as of'],
    rows,
    [false, false, true, true, true, true, false],
  );
  const sources = [...new Set(models.map((m) => m.source))];
  const caveats = models.flatMap((m) => [
    ...(m.countsApproximate ? [`- ${m.id}: ${m.countsApproximate}.`] : []),
    ...(m.priceTiers ?? []).map(
      (tier) => `- ${m.id}: a call above ${formatTokens(tier.aboveInputTokens)} input tokens is billed ${formatPricePerMillion(tier.inputPerMillion)} / ${formatPricePerMillion(tier.outputPerMillion)} per 1M, all of it.`,
    ),
    ...(m.promptCache ? [`- ${m.id}, --cache: ${m.promptCache.source}.`] : []),
  ]);
  const notes = caveats.length > 0 ? `\nNotes:\n${caveats.join('\n')}\n` : '';
  return `${table}\n\nPrices in USD per 1M tokens. Sources:\n${sources.map((s) => `- ${s}`).join('\n')}\n${notes}`;
}

export function registerModels(program: Command): void {
  withExample(program.command('models'), 'context-accountant models --json')
    .description('the model catalog: context windows and list prices, with sources')
    .option('--json', 'print the catalog as JSON')
    .action((flags: OutputFlags) => printReport(modelsReport(), formatModels, flags));
}
