import { usageLevel, type UsageLevel } from './contextUsage.js';
import { formatUsd } from './format.js';
import type { StrategyRun } from './strategies/types.js';
import { largest } from './arrays.js';

/** One point per message: the input cost the call right after it would bill, and how full the window is. */
export interface CallCostPoint {
  readonly number: number;
  readonly inputCost: number;
  readonly usedTokens: number;
  readonly level: UsageLevel;
  /** That call would be over the window: the API refuses it and bills nothing (the chart marks it). */
  readonly refused: boolean;
}

/**
 * The dashboard's cost chart under keep-all, a point per message: the input cost of a call made
 * right after it, as the run prices it (a price tier, `--cache`), so it agrees with the cost panel.
 */
export function callCostPoints(run: StrategyRun): CallCostPoint[] {
  return run.steps.map((step) => ({
    number: step.index + 1,
    inputCost: step.nextCallCost,
    usedTokens: step.usedTokens,
    level: usageLevel(step.usedTokens, run.limit),
    refused: step.overLimit,
  }));
}

export interface CostSeries {
  readonly label: string;
  /** One value per reply call. */
  readonly values: readonly number[];
  /** Per reply call: the API refused it (over the window), so its value is 0 and the chart marks it. */
  readonly refused?: readonly boolean[];
}

export interface ChartColumn {
  /** Reply calls (1-based) this column stands for. */
  readonly from: number;
  readonly to: number;
  /** Per series: the mean input cost of those calls, and its bar height in rows. */
  readonly values: readonly number[];
  readonly heights: readonly number[];
  /** Per series: how many of those calls the API refused (they bill nothing, so draw no bar). */
  readonly refused: readonly number[];
}

export interface CostChart {
  readonly labels: readonly string[];
  readonly height: number;
  readonly maxValue: number;
  readonly callsPerColumn: number;
  readonly columns: readonly ChartColumn[];
}

/**
 * Input cost per reply call. A summary call's input is counted with the reply it precedes (or the
 * last reply, if none follows), so the values add up to the run's whole input cost.
 */
export function inputCostPerReply(run: StrategyRun): number[] {
  const values: number[] = [];
  let pending = 0;
  for (const call of run.steps.flatMap((step) => step.calls)) {
    pending += call.inputCost;
    if (call.kind === 'reply') {
      values.push(pending);
      pending = 0;
    }
  }
  if (pending !== 0 && values.length > 0) values[values.length - 1]! += pending;
  return values;
}

/** Per reply call: whether the API refused it (over the window). */
export function refusedReplies(run: StrategyRun): boolean[] {
  return run.steps.flatMap((step) => step.calls).flatMap((call) => (call.kind === 'reply' ? [call.refused] : []));
}

/** Bars scaled to the largest value; a non-zero value is at least one row tall. Many calls share a column (their mean). */
export function costChart(series: readonly CostSeries[], { height = 8, maxColumns = 40 } = {}): CostChart {
  const calls = largest(series.map((s) => s.values.length), 0);
  const callsPerColumn = Math.max(1, Math.ceil(calls / maxColumns));
  const columns: { from: number; to: number; values: number[]; refused: number[] }[] = [];
  for (let from = 1; from <= calls; from += callsPerColumn) {
    const to = Math.min(calls, from + callsPerColumn - 1);
    const values = series.map((s) => mean(s.values.slice(from - 1, to)));
    const refused = series.map((s) => (s.refused ?? []).slice(from - 1, to).filter(Boolean).length);
    columns.push({ from, to, values, refused });
  }
  const maxValue = largest(columns.flatMap((column) => column.values), 0);
  const heightOf = (value: number) => (value <= 0 || maxValue === 0 ? 0 : Math.max(1, Math.round((value / maxValue) * height)));
  return {
    labels: series.map((s) => s.label),
    height,
    maxValue,
    callsPerColumn,
    columns: columns.map((column) => ({ ...column, heights: column.values.map(heightOf) })),
  };
}

/**
 * keep-all's input cost per reply call against `run`'s (keep-all alone when `run` is keep-all):
 * what `compare --chart` prints and the dashboard draws.
 */
export function chartAgainstKeepAll(keepAll: StrategyRun, run: StrategyRun, options?: { height?: number; maxColumns?: number }): CostChart {
  const runs = run.strategy === 'keep-all' ? [keepAll] : [keepAll, run];
  return costChart(
    runs.map((r) => ({ label: r.strategy, values: inputCostPerReply(r), refused: refusedReplies(r) })),
    options,
  );
}

const GLYPHS = ['#', '*', '+', 'o'];
/** On the bottom row, where a series has no bar because the API refused its calls. */
const REFUSED_MARK = 'x';

/** The chart as plain text lines: one glyph per series side by side in each column, axis and legend. */
export function renderCostChart(chart: CostChart): string[] {
  const top = formatUsd(chart.maxValue);
  const bottom = formatUsd(0);
  const gutter = Math.max(top.length, bottom.length);
  const anyRefused = chart.columns.some((column) => column.refused.some((n) => n > 0));
  const lines = [
    `Input cost per reply call: ${chart.labels.map((label, i) => `${GLYPHS[i % GLYPHS.length]} ${label}`).join(', ')}` +
      (anyRefused ? `, ${REFUSED_MARK} refused (over the window: billed nothing)` : ''),
  ];
  if (chart.columns.length === 0) return [...lines, 'no reply calls to draw'];
  for (let row = chart.height; row >= 1; row--) {
    const label = row === chart.height ? top : '';
    const cell = (column: ChartColumn, h: number, i: number) =>
      h >= row ? GLYPHS[i % GLYPHS.length] : row === 1 && h === 0 && column.refused[i]! > 0 ? REFUSED_MARK : ' ';
    const cells = chart.columns.map((column) => column.heights.map((h, i) => cell(column, h, i)).join(''));
    lines.push(`${label.padStart(gutter)} | ${cells.join(' ')}`.trimEnd());
  }
  const width = chart.columns.length * (chart.labels.length + 1);
  lines.push(`${bottom.padStart(gutter)} +${'-'.repeat(width + 1)}`);
  const span = `reply calls 1 to ${chart.columns[chart.columns.length - 1]!.to}`;
  const per = chart.callsPerColumn > 1 ? `, each column the mean of ${chart.callsPerColumn} calls` : ', one column per call';
  lines.push(`${' '.repeat(gutter)}   ${span}${per}`);
  return lines;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}
