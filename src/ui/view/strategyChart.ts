import type { ChartColumn, CostChart } from '../../core/costChart.js';
import { formatUsd } from '../../core/format.js';
import type { StrategyRun, StrategyStep } from '../../core/strategies/types.js';
import { largest } from '../../core/arrays.js';

/**
 * The chart `compare --chart` prints (`chartAgainstKeepAll`), sized for a panel: keep-all's input
 * cost per reply call beside the strategy's, one group of bars per column, many calls to a column
 * (their mean) when they outnumber the columns.
 */
export interface FittedChart {
  readonly chart: CostChart;
  /** Cells per bar: 1 to 4. */
  readonly barWidth: number;
  /** Width of the dollar labels on the axis. */
  readonly axisWidth: number;
}

/** Rows above and below the bars: the legend, and the axis. */
export const CHART_FRAME_ROWS = 2;

export function fitStrategyChart(keepAll: StrategyRun, run: StrategyRun, width: number, rows: number): FittedChart {
  return fitStrategyChartFrom(undefined, keepAll, run, width, rows).fitted;
}

/**
 * `fitStrategyChart`, grown a turn at a time (the dashboard's panel under every strategy): each
 * run's input cost per reply call is kept and extended by the steps a turn added (when the run
 * extends the one it was taken from, its steps so far the very same objects), and while a column
 * stands for as many calls as before only the columns from the last one on are averaged again;
 * anything else (an undo, another strategy, another size) draws afresh. Either way `fitted` is
 * exactly `fitStrategyChart` of the runs (a property test).
 */
export interface GrowingStrategyChart {
  readonly fitted: FittedChart;
  /** Internal: what the next turn goes on from. */
  readonly grown: {
    readonly series: readonly ReplySeries[];
    /** Each series' steps read when `fitted` was made: a series extended since (by another chart) is not extended again. */
    readonly steps: readonly number[];
    readonly callsPerColumn: number;
    readonly columns: readonly Averaged[];
  };
}

/** One reply call after another (`inputCostPerReply`, `refusedReplies`), as a run's steps come. */
interface ReplySeries {
  /** The run's strategy. */
  readonly label: string;
  steps: number;
  last: StrategyStep | undefined;
  /** Per reply call, its input cost (summary calls before it included) and whether it was refused. */
  readonly values: number[];
  readonly refused: boolean[];
  /** Input cost of summary calls after the last reply: `inputCostPerReply` adds it to the last value. */
  pending: number;
  /** The largest value before the last (those never change again). */
  largestBefore: number;
}

type Averaged = Omit<ChartColumn, 'heights'>;

export function fitStrategyChartFrom(
  previous: GrowingStrategyChart | undefined,
  keepAll: StrategyRun,
  run: StrategyRun,
  width: number,
  rows: number,
): GrowingStrategyChart {
  const runs = run.strategy === 'keep-all' ? [keepAll] : [keepAll, run];
  const kept = previous?.grown;
  const extended = kept !== undefined && kept.series.length === runs.length && runs.every((r, i) => extendsSeries(kept.series[i]!, kept.steps[i]!, r));
  const series = runs.map((r, i) => (extended ? kept.series[i]! : newSeries(r)));
  const callsBefore = extended ? largest(series.map((s) => s.values.length), 0) : 0;
  series.forEach((s, i) => growSeries(s, runs[i]!));

  // Sized as `chartAgainstKeepAll` is sized for the panel: see the property test in strategyChart.test.ts.
  const axisWidth = Math.max(2, formatUsd(largest(series.map(largestValue), 0)).length);
  const room = Math.max(1, width - axisWidth - 2);
  const calls = series[0]!.values.length;
  // A group is `series` bars and a gap; bars up to 4 cells wide while every call gets its own group.
  const barWidth = calls === 0 ? 1 : Math.max(1, Math.min(4, Math.floor((room / calls - 1) / series.length)));
  const maxColumns = Math.max(1, Math.floor(room / (barWidth * series.length + 1)));
  const height = Math.max(1, rows - CHART_FRAME_ROWS);

  const allCalls = largest(series.map((s) => s.values.length), 0);
  const callsPerColumn = Math.max(1, Math.ceil(allCalls / maxColumns));
  // The column that held the last call before may change (a summary call after it, a call joining it); those before it do not.
  const firstChanged = extended && kept.callsPerColumn === callsPerColumn ? Math.floor(Math.max(0, callsBefore - 1) / callsPerColumn) : 0;
  const columns = (extended && kept.callsPerColumn === callsPerColumn ? kept.columns : []).slice(0, firstChanged);
  for (let from = firstChanged * callsPerColumn + 1; from <= allCalls; from += callsPerColumn) {
    const to = Math.min(allCalls, from + callsPerColumn - 1);
    columns.push({ from, to, values: series.map((s) => mean(valuesIn(s, from - 1, to))), refused: series.map((s) => refusedIn(s, from - 1, to)) });
  }
  const maxValue = largest(
    columns.flatMap((column) => column.values),
    0,
  );
  const heightOf = (value: number) => (value <= 0 || maxValue === 0 ? 0 : Math.max(1, Math.round((value / maxValue) * height)));
  const chart: CostChart = {
    labels: series.map((s) => s.label),
    height,
    maxValue,
    callsPerColumn,
    columns: columns.map((column) => ({ ...column, heights: column.values.map(heightOf) })),
  };
  return { fitted: { chart, barWidth, axisWidth }, grown: { series, steps: series.map((s) => s.steps), callsPerColumn, columns } };
}

function newSeries(run: StrategyRun): ReplySeries {
  return { label: run.strategy, steps: 0, last: undefined, values: [], refused: [], pending: 0, largestBefore: 0 };
}

/** `run` goes on from the run the series was read from, and nothing has read further into that series since. */
function extendsSeries(series: ReplySeries, steps: number, run: StrategyRun): boolean {
  if (series.steps !== steps || run.strategy !== series.label || run.steps.length < steps) return false;
  return steps === 0 || run.steps[steps - 1] === series.last;
}

function growSeries(series: ReplySeries, run: StrategyRun): void {
  for (let s = series.steps; s < run.steps.length; s++) {
    const step = run.steps[s]!;
    for (const call of step.calls) {
      series.pending += call.inputCost;
      if (call.kind !== 'reply') continue;
      // The last value is final now that another call follows it.
      if (series.values.length > 0) series.largestBefore = Math.max(series.largestBefore, series.values[series.values.length - 1]!);
      series.values.push(series.pending);
      series.refused.push(call.refused);
      series.pending = 0;
    }
    series.last = step;
  }
  series.steps = run.steps.length;
}

/** The value of call `i` (0-based) as `inputCostPerReply` gives it: the last one with the summary calls after it. */
function valueAt(series: ReplySeries, i: number): number {
  const last = i === series.values.length - 1;
  return last && series.pending !== 0 ? series.values[i]! + series.pending : series.values[i]!;
}

function largestValue(series: ReplySeries): number {
  return series.values.length === 0 ? 0 : Math.max(series.largestBefore, valueAt(series, series.values.length - 1));
}

function valuesIn(series: ReplySeries, start: number, end: number): number[] {
  const values: number[] = [];
  for (let i = start; i < Math.min(end, series.values.length); i++) values.push(valueAt(series, i));
  return values;
}

function refusedIn(series: ReplySeries, start: number, end: number): number {
  let refused = 0;
  for (let i = start; i < Math.min(end, series.refused.length); i++) if (series.refused[i]) refused++;
  return refused;
}

/** As `costChart` averages a column (the same sum, in the same order: the same figure). */
function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** "calls 1-5", "calls 1-120, 3 a column": the panel's note. */
export function chartSpan(chart: CostChart): string {
  const last = chart.columns[chart.columns.length - 1];
  if (!last) return '';
  const span = last.to === 1 ? 'call 1' : `calls 1-${last.to}`;
  return chart.callsPerColumn > 1 ? `${span}, ${chart.callsPerColumn} a column` : span;
}
