import { usageLevel, type UsageLevel } from './contextUsage.js';
import { formatTokens, formatUsd } from './format.js';
import type { StrategyRun } from './strategies/types.js';
import { largest } from './arrays.js';

/** One point per reply call: the input cost it billed, or would bill had the API not refused it. */
export interface CallCostPoint {
  /** The reply call's number (1-based) and the message it answers with (1-based). */
  readonly number: number;
  readonly message: number;
  readonly inputCost: number;
  readonly usedTokens: number;
  readonly level: UsageLevel;
  /** That call was over the window: the API refused it and billed nothing (the chart hatches it). */
  readonly refused: boolean;
}

/**
 * The dashboard's cost chart under keep-all, a point per reply call (an assistant message is one
 * call): its input cost as the run prices it (a price tier, `--cache`), so it agrees with the cost
 * panel; a refused call at what it would have billed (the quote before its message), since the
 * chart is there to show how the price grows, and the API's refusal is marked, not hidden.
 */
export function callCostPoints(run: StrategyRun): CallCostPoint[] {
  return [...callCostSeriesFrom(undefined, run).points];
}

/** Many calls to a column when they outnumber the columns, as the strategy chart groups them. */
export interface CallCostColumn {
  /** Reply calls (1-based) this column stands for. */
  readonly from: number;
  readonly to: number;
  /** The mean input cost of those calls. */
  readonly inputCost: number;
  /** How full the fullest of them was. */
  readonly level: UsageLevel;
  /** How many of them the API refused. */
  readonly refused: number;
  /** The first call over the window is in this column: where the limit was crossed. */
  readonly crossesLimit: boolean;
}

const LEVEL_ORDER: readonly UsageLevel[] = ['low', 'elevated', 'high', 'over'];

/** The whole session in at most `maxColumns` columns: `perColumn` calls each (their mean), oldest first. */
export function groupCallCosts(points: readonly CallCostPoint[], maxColumns: number): { perColumn: number; columns: CallCostColumn[] } {
  const perColumn = Math.max(1, Math.ceil(points.length / Math.max(1, maxColumns)));
  const crossing = points.find((point) => point.level === 'over')?.number;
  const columns: CallCostColumn[] = [];
  for (let start = 0; start < points.length; start += perColumn) {
    const group = points.slice(start, start + perColumn);
    const from = group[0]!.number;
    const to = group[group.length - 1]!.number;
    columns.push({
      from,
      to,
      inputCost: mean(group.map((point) => point.inputCost)),
      level: LEVEL_ORDER[largest(group.map((point) => LEVEL_ORDER.indexOf(point.level)), 0)]!,
      refused: group.filter((point) => point.refused).length,
      crossesLimit: crossing !== undefined && crossing >= from && crossing <= to,
    });
  }
  return { perColumn, columns };
}

/**
 * The story in one line: what the next call costs against a call right after the first message
 * ("next call $0.30 = 1,002x the first"); the plain figure while there is no growth to tell.
 */
export function growthHeadline(run: StrategyRun): string {
  const first = run.steps[0]?.nextCallCost ?? 0;
  const next = run.steps[run.steps.length - 1]?.nextCallCost ?? 0;
  const ratio = first > 0 ? next / first : 0;
  const times = ratio >= 10 ? formatTokens(Math.round(ratio)) : ratio.toFixed(1);
  return ratio >= 1.5 ? `next call ${formatUsd(next)} = ${times}x the first` : `next call ${formatUsd(next)}`;
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

/**
 * `callCostPoints`, grown a turn at a time (the dashboard's keep-all chart): when `run` extends the
 * run the series was taken from (its steps so far are the very same objects, as
 * `runOnLedgerFrom` extends a run), only the new steps are read, and the largest input cost is
 * kept as it goes; anything else (an undo, another model) reads the run afresh. Either way
 * `points` is exactly `callCostPoints(run)` and `maxInputCost` its largest input cost.
 */
export interface CallCostSeries {
  readonly points: readonly CallCostPoint[];
  readonly maxInputCost: number;
  /** The number of the first call over the window, if one was. */
  readonly firstOver: number | undefined;
  /** Internal: what the next extension starts from. */
  readonly grown: { readonly run: StrategyRun | undefined; readonly steps: number; readonly length: number; readonly pending: number; readonly points: CallCostPoint[] };
}

export function callCostSeriesFrom(previous: CallCostSeries | undefined, run: StrategyRun): CallCostSeries {
  const extends_ = previous !== undefined && extendsRun(previous.grown, run);
  const points = extends_ ? previous.grown.points : [];
  let maxInputCost = extends_ ? previous.maxInputCost : 0;
  let firstOver = extends_ ? previous.firstOver : undefined;
  let pending = extends_ ? previous.grown.pending : 0;
  for (let s = extends_ ? previous.grown.steps : 0; s < run.steps.length; s++) {
    const step = run.steps[s]!;
    for (const call of step.calls) {
      pending += call.inputCost;
      if (call.kind !== 'reply') continue;
      const quoted = call.refused ? (run.steps[step.index - 1]?.nextCallCost ?? 0) : 0;
      const point: CallCostPoint = {
        number: points.length + 1,
        message: step.index + 1,
        inputCost: pending + quoted,
        usedTokens: call.inputTokens,
        level: usageLevel(call.inputTokens, run.limit),
        refused: call.refused,
      };
      points.push(point);
      if (point.inputCost > maxInputCost) maxInputCost = point.inputCost;
      if (firstOver === undefined && point.level === 'over') firstOver = point.number;
      pending = 0;
    }
  }
  return { points, maxInputCost, firstOver, grown: { run, steps: run.steps.length, length: points.length, pending, points } };
}

/** A series of points made elsewhere (tests, a chart of given calls): grouped as any, never extended. */
export function callCostSeriesOf(points: readonly CallCostPoint[]): CallCostSeries {
  return {
    points,
    maxInputCost: largest(points.map((point) => point.inputCost), 0),
    firstOver: points.find((point) => point.level === 'over')?.number,
    grown: { run: undefined, steps: 0, length: points.length, pending: 0, points: [...points] },
  };
}

/** `run` goes on from the run a series was grown from, and nothing else has extended that series since. */
function extendsRun(grown: CallCostSeries['grown'], run: StrategyRun): boolean {
  if (grown.run === undefined || grown.points.length !== grown.length || run.limit !== grown.run.limit || run.steps.length < grown.steps) return false;
  return grown.steps === 0 || run.steps[grown.steps - 1] === grown.run.steps[grown.steps - 1];
}

/**
 * `groupCallCosts(series.points, maxColumns)`, kept from one turn to the next: while the calls a
 * column stands for stay the same, a new call only adds to the last column (its sum and fullest
 * level kept as they go, so the mean is the very figure `groupCallCosts` gives); when a column
 * must stand for one more call, every column is grouped again, once per `maxColumns` calls.
 */
export interface GroupedCallCosts {
  readonly perColumn: number;
  readonly columns: readonly CallCostColumn[];
  /** Internal: what the next turn starts from. */
  readonly grown: { readonly points: readonly CallCostPoint[]; readonly counted: number; readonly maxColumns: number; readonly lastSum: number; readonly lastLevel: number };
}

export function groupCallCostsFrom(previous: GroupedCallCosts | undefined, series: CallCostSeries, maxColumns: number): GroupedCallCosts {
  const { points, firstOver } = series;
  const perColumn = Math.max(1, Math.ceil(points.length / Math.max(1, maxColumns)));
  const grown = previous?.grown;
  const keeps = grown !== undefined && grown.points === points && grown.maxColumns === maxColumns && grown.counted <= points.length && previous!.perColumn === perColumn;
  if (!keeps) {
    const { columns } = groupCallCosts(points, maxColumns);
    const lastFrom = columns.length === 0 ? points.length : (columns[columns.length - 1]!.from - 1);
    let lastSum = 0;
    let lastLevel = 0;
    for (let i = lastFrom; i < points.length; i++) {
      lastSum += points[i]!.inputCost;
      lastLevel = Math.max(lastLevel, LEVEL_ORDER.indexOf(points[i]!.level));
    }
    return { perColumn, columns, grown: { points, counted: points.length, maxColumns, lastSum, lastLevel } };
  }
  const columns = previous!.columns.slice();
  let { lastSum, lastLevel } = grown;
  for (let i = grown.counted; i < points.length; i++) {
    const point = points[i]!;
    const starts = i % perColumn === 0;
    const previousRefused = starts ? 0 : columns[columns.length - 1]!.refused;
    lastSum = (starts ? 0 : lastSum) + point.inputCost;
    lastLevel = Math.max(starts ? 0 : lastLevel, LEVEL_ORDER.indexOf(point.level));
    const from = i - (i % perColumn) + 1;
    const to = i + 1;
    const column: CallCostColumn = {
      from,
      to,
      inputCost: lastSum / (to - from + 1),
      level: LEVEL_ORDER[lastLevel]!,
      refused: previousRefused + (point.refused ? 1 : 0),
      crossesLimit: firstOver !== undefined && firstOver >= from && firstOver <= to,
    };
    if (starts) columns.push(column);
    else columns[columns.length - 1] = column;
  }
  return { perColumn, columns, grown: { points, counted: points.length, maxColumns, lastSum, lastLevel } };
}
