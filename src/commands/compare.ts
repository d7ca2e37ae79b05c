import type { Command } from 'commander';
import { projectRun } from '../core/budget.js';
import { chartAgainstKeepAll, renderCostChart } from '../core/costChart.js';
import { InputError } from '../core/errors.js';
import { formatTokens, formatUsd, roundUsd } from '../core/format.js';
import { bestSaver, compareRuns, runAllStrategies } from '../core/strategies/compareStrategies.js';
import { runNotes } from '../core/strategies/runNotes.js';
import { ESTIMATE_LINE, estimateFields } from '../core/estimate.js';
import type { StrategyName, StrategyRun } from '../core/strategies/types.js';
import { loadTokenizer } from '../core/tokenizer.js';
import { countWithProgress } from './countProgress.js';
import {
  CONVERSATION_FILE_ARGUMENT,
  readConversationsFromFlags,
  toolTokensOf,
  withConversationFileOptions,
  type ConversationFileFlags,
} from './conversationInput.js';
import type { LoadedConversation } from '../io/conversationFile.js';
import { allConversationsCompare, formatAllCompare } from './compareAll.js';
import { COMPARE_HEADERS } from '../core/strategies/compareTable.js';
import { strategyCells, type CompareChart, type CompareReport, type CompareRow } from './compareRows.js';
export type { CompareChart, CompareReport, CompareRow } from './compareRows.js';
import { printReport, withExample, withModelOptions, type OutputFlags } from './commandKit.js';
import { resolveModel, type ModelFlags } from './modelOptions.js';
import { formatTable } from '../core/report/conversationReport.js';
import { refuseWithAll } from './reportAll.js';
import { sessionPathFor } from './agentSessions.js';
import { isUsageLogInput } from './usageLogInput.js';
import { printLogComparison } from './usageLogReport.js';
import { parseStrategyName, resolveStrategyFlags, withStrategyOptions, type StrategyFlags } from './strategyOptions.js';


export interface CompareOptions {
  /** What the counts rest on beyond the published rule (the file's `countingNotes`), listed first. */
  readonly countingNotes?: readonly string[];
  readonly budget?: number | undefined;
  /** Draw keep-all against this strategy; undefined for no chart, 'best' for the best saver. */
  readonly chart?: StrategyName | 'best' | undefined;
}

/** One row per strategy on the same conversation and pricing; savings are against keep-all. */
export function compareReport(runs: readonly StrategyRun[], options: CompareOptions = {}): CompareReport {
  const first = runs[0]!;
  const rows = compareRuns(runs);
  const { budget } = options;
  const strategies: CompareRow[] = rows.map((row, i) => ({
    ...row,
    cumulativeCost: roundUsd(row.cumulativeCost),
    savings: roundUsd(row.savings),
    ...(budget !== undefined && budgetColumns(runs[i]!, budget)),
  }));
  const notes = [...new Set([...(options.countingNotes ?? []), ...runs.flatMap(runNotes)])];
  const chartFor = options.chart === 'best' ? bestSaver(rows) : options.chart;
  return {
    model: first.model.id,
    encoding: first.model.encoding,
    limit: first.limit,
    cache: first.cache,
    settings: first.settings,
    ...(budget !== undefined && { budget }),
    strategies,
    notes,
    ...(chartFor !== undefined && { chart: chartOf(runs, chartFor) }),
    ...estimateFields(first.model),
  };
}

function budgetColumns(run: StrategyRun, budget: number): Pick<CompareRow, 'budgetLeft' | 'turnsUntilBudget' | 'turnsUntilLimit'> {
  const projection = projectRun(run, budget);
  return { budgetLeft: roundUsd(projection.budgetLeft ?? 0), turnsUntilBudget: projection.turnsUntilBudget, turnsUntilLimit: projection.turnsUntilLimit };
}

function chartOf(runs: readonly StrategyRun[], strategy: StrategyName): CompareChart {
  const pick = (name: StrategyName) => runs.find((run) => run.strategy === name)!;
  return { strategy, ...chartAgainstKeepAll(pick('keep-all'), pick(strategy)) };
}

export function formatCompare(report: CompareReport): string {
  const withBudget = report.budget !== undefined;
  const headers = [...COMPARE_HEADERS, ...(withBudget ? ['budget left', 'turns left', 'calls to limit'] : [])];
  const rows = report.strategies.map((row) => [
    ...strategyCells(row),
    ...(withBudget ? [formatUsd(row.budgetLeft ?? 0), turnsCell(row.turnsUntilBudget), turnsCell(row.turnsUntilLimit)] : []),
  ]);
  const table = formatTable(headers, rows, headers.map((_, i) => i > 0));
  const head = `model ${report.model} (${report.encoding}), limit ${formatTokens(report.limit)} tokens${report.cache ? ', prompt caching on' : ''}` +
    (withBudget ? `, budget ${formatUsd(report.budget!)}` : '') +
    (report.estimate ? `\n${ESTIMATE_LINE}` : '');
  const notes = report.notes.map((note) => `note: ${note}`);
  const chart = report.chart ? ['', ...renderCostChart(report.chart)] : [];
  return `${head}\n\n${table}\n${notes.length > 0 ? `\n${notes.join('\n')}\n` : ''}${chart.length > 0 ? `${chart.join('\n')}\n` : ''}`;
}


/** null: the figure never runs out at the current growth (or a turn costs nothing). */
function turnsCell(turns: number | null | undefined): string {
  return turns === null || turns === undefined ? 'never' : formatTokens(turns);
}

export function registerCompare(program: Command): void {
  withExample(
    withStrategyOptions(
      withConversationFileOptions(withModelOptions(program.command('compare').argument('<file>', CONVERSATION_FILE_ARGUMENT))),
      'with --chart, the strategy drawn against keep-all (default: the best saver)',
    )
      .option('--chart', 'draw the input cost of every reply call, keep-all against one strategy')
      .option('--models <ids>', 'an agent or API log: the same calls priced on each of these models (ids separated by commas)'),
    'context-accountant compare fixtures/lesson.json',
    'context-accountant compare fixtures/lesson.json --model gpt-4o --cache --chart',
  )
    .description('every strategy on one conversation: peak and final context, refused calls (over the window), spend, saving')
    .action(async (file: string, flags: ModelFlags & StrategyFlags & OutputFlags & ConversationFileFlags & { chart?: boolean; models?: string }, command: Command) => {
      const log = await sessionPathFor(file);
      if (await isUsageLogInput(log, flags)) return printLogComparison(log, flags, { modelGiven: command.getOptionValueSource('model') === 'cli' });
      if (flags.models !== undefined) throw new InputError('--models is for agent and API logs; a conversation file is compared across strategies (--model picks the model)');
      const choice = await resolveModel(flags);
      const chartStrategy = parseStrategyName(flags.strategy);
      const { settings, cache, budget } = resolveStrategyFlags(flags, choice.model);
      const read = await readConversationsFromFlags(file, flags);
      const tokenizer = await loadTokenizer(choice.model.encoding);
      const runsOf = ({ messages, ...source }: LoadedConversation) => {
        const { count, done } = countWithProgress(tokenizer, messages);
        try {
          const toolTokens = toolTokensOf(source, count, messages);
          return runAllStrategies({ messages, model: choice.model, count, rule: choice.rule, settings, cache, toolTokens });
        } finally {
          done();
        }
      };
      if (read.all) {
        refuseWithAll(flags, ['budget', 'chart']);
        const reports = read.conversations.map((loaded) => ({
          ...compareReport(runsOf(loaded), { countingNotes: loaded.countingNotes ?? [] }),
          conversation: loaded.conversation,
        }));
        printReport(allConversationsCompare(read.conversations[0]!.format, reports), formatAllCompare, flags);
        return;
      }
      const chart = flags.chart ? chartStrategy ?? 'best' : undefined;
      printReport(compareReport(runsOf(read.loaded), { budget, chart, countingNotes: read.loaded.countingNotes ?? [] }), formatCompare, flags);
    });
}
