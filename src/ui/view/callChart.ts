import { callCostSeriesOf, groupCallCostsFrom, type CallCostColumn, type CallCostPoint, type CallCostSeries, type GroupedCallCosts } from '../../core/costChart.js';
import { formatUsd } from '../../core/format.js';

/** A call the API would refuse: drawn at the price it would bill, hatched, since it bills nothing. */
export const REFUSED_GLYPH = '░';

/** Under the column where the first call went over the window. */
export const LIMIT_MARK = '┴';

/** keep-all's chart sized for a panel: every reply call of the session, grouped into the columns that fit. */
export interface FittedCallChart {
  readonly columns: readonly CallCostColumn[];
  /** Calls per column: 1 while every call has its own. */
  readonly perColumn: number;
  /** Cells per column: 1 to 3, with a one-cell gap. */
  readonly columnWidth: number;
  /** Width of the dollar labels on the axis. */
  readonly axisWidth: number;
  readonly maxValue: number;
  /** The grouping, kept for the next turn (`fitCallChartFrom`). */
  readonly grouped: GroupedCallCosts;
}

export function fitCallChart(points: readonly CallCostPoint[], width: number): FittedCallChart {
  return fitCallChartFrom(undefined, callCostSeriesOf(points), width);
}

/**
 * The chart fitted to `width`, grown from the one fitted last turn: the series and its grouping
 * are extended by the turn's calls (`callCostSeriesFrom`, `groupCallCostsFrom`), so a turn costs
 * its own calls however long the session, not a pass over every call.
 */
export function fitCallChartFrom(previous: FittedCallChart | undefined, series: CallCostSeries, width: number): FittedCallChart {
  const maxValue = series.maxInputCost;
  const axisWidth = Math.max('limit'.length, formatUsd(maxValue).length);
  const room = Math.max(2, width - axisWidth - 2);
  const grouped = groupCallCostsFrom(previous?.grouped, series, Math.floor(room / 2));
  const { perColumn, columns } = grouped;
  const columnWidth = columns.length === 0 ? 1 : Math.max(1, Math.min(3, Math.floor(room / columns.length) - 1));
  return { columns, perColumn, columnWidth, axisWidth, maxValue, grouped };
}


/**
 * "calls 1-5", "calls 1-120, 3 a column", with "░ refused" when some were: the panel's note,
 * the longest form that fits `room` (the refusal's key goes first, then the grouping's words).
 */
export function callChartNote(fitted: FittedCallChart, room = Infinity): string {
  const last = fitted.columns[fitted.columns.length - 1];
  if (!last) return '';
  const span = last.to === 1 ? 'call 1' : `calls 1-${last.to}`;
  const per = fitted.perColumn > 1 ? `, ${fitted.perColumn} a column` : '';
  const refused = fitted.columns.some((column) => column.refused > 0) ? ` · ${REFUSED_GLYPH} refused` : '';
  return [`${span}${per}${refused}`, `${span}${per}`, span].find((note) => note.length <= room) ?? '';
}

/** The headline with the spend after it where it fits: the growth figure is the one kept. */
export function chartHeadline(growth: string, spent: string, width: number): string {
  const full = `${growth} · spent ${spent}`;
  return full.length <= width ? full : growth;
}
