/**
 * A column chart in block characters: each value a column `height` rows tall, in eighths of a row,
 * scaled to the largest value. A value above zero always shows at least an eighth.
 */
const EIGHTHS = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** The column's characters, top row first. */
export function columnCells(value: number, max: number, height: number): string[] {
  const eighths = max <= 0 || value <= 0 ? 0 : Math.max(1, Math.round((value / max) * height * 8));
  return Array.from({ length: height }, (_, row) => {
    const fromBottom = height - 1 - row;
    return EIGHTHS[Math.max(0, Math.min(8, eighths - fromBottom * 8))]!;
  });
}

export interface ChartFit {
  /** How many of the last values fit, and how wide each column is drawn. */
  readonly count: number;
  readonly columnWidth: number;
}

/** Columns are one to three cells wide with a one-cell gap; when too many, the newest ones are shown. */
export function fitColumns(values: number, width: number): ChartFit {
  if (values === 0 || width < 1) return { count: 0, columnWidth: 1 };
  const columnWidth = Math.max(1, Math.min(3, Math.floor((width + 1) / values) - 1));
  return { count: Math.min(values, Math.floor((width + 1) / (columnWidth + 1))), columnWidth };
}

/** The row (0 = top) a reference value reaches in a chart scaled to `max`; undefined above the chart. */
export function referenceRow(value: number, max: number, height: number): number | undefined {
  if (max <= 0 || value > max || value <= 0) return undefined;
  return Math.min(height - 1, Math.max(0, height - Math.ceil((value / max) * height)));
}
