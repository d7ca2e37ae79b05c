import { costChart, inputCostPerReply, refusedReplies, type CostChart } from '../../core/costChart.js';
import { formatUsd } from '../../core/format.js';
import type { StrategyRun } from '../../core/strategies/types.js';
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
  // Each run's series once (`chartAgainstKeepAll`'s, which the axis and the bars share): three
  // passes over every step of both runs per frame were most of a turn's chart at 30,000 messages.
  const series = (run.strategy === 'keep-all' ? [keepAll] : [keepAll, run]).map((r) => ({ label: r.strategy, values: inputCostPerReply(r), refused: refusedReplies(r) }));
  const axisWidth = Math.max(2, formatUsd(largest(series.map((s) => largest(s.values, 0)), 0)).length);
  const room = Math.max(1, width - axisWidth - 2);
  const calls = series[0]!.values.length;
  // A group is `series` bars and a gap; bars up to 4 cells wide while every call gets its own group.
  const barWidth = calls === 0 ? 1 : Math.max(1, Math.min(4, Math.floor((room / calls - 1) / series.length)));
  const maxColumns = Math.max(1, Math.floor(room / (barWidth * series.length + 1)));
  return {
    chart: costChart(series, { height: Math.max(1, rows - CHART_FRAME_ROWS), maxColumns }),
    barWidth,
    axisWidth,
  };
}

/** "calls 1-5", "calls 1-120, 3 a column": the panel's note. */
export function chartSpan(chart: CostChart): string {
  const last = chart.columns[chart.columns.length - 1];
  if (!last) return '';
  const span = last.to === 1 ? 'call 1' : `calls 1-${last.to}`;
  return chart.callsPerColumn > 1 ? `${span}, ${chart.callsPerColumn} a column` : span;
}
