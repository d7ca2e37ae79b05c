import { FILL_KINDS, type ContextUsage, type FillKind } from '../../core/contextUsage.js';

/**
 * The gauge bar's cells. The bar spans the window, or the prompt when it is bigger than the window;
 * then a `limit` cell marks where the window ends, so the overflow is seen.
 */
export type GaugeCell = FillKind | 'empty' | 'limit';

export interface CellRun {
  readonly cell: GaugeCell;
  readonly length: number;
}

export function gaugeCells(usage: Pick<ContextUsage, 'used' | 'limit' | 'parts'>, width: number): GaugeCell[] {
  const scale = Math.max(usage.used, usage.limit);
  const cells: GaugeCell[] = [];
  let sum = 0;
  for (const kind of FILL_KINDS) {
    sum += usage.parts[kind];
    const end = Math.round((sum / scale) * width);
    while (cells.length < end) cells.push(kind);
  }
  while (cells.length < width) cells.push('empty');
  if (usage.used > usage.limit) {
    cells[Math.min(width - 1, Math.round((usage.limit / scale) * width))] = 'limit';
  }
  return cells;
}

/** Neighbouring cells of one kind, so each run is one styled piece of text. */
export function cellRuns(cells: readonly GaugeCell[]): CellRun[] {
  const runs: CellRun[] = [];
  for (const cell of cells) {
    const last = runs[runs.length - 1];
    if (last && last.cell === cell) runs[runs.length - 1] = { cell, length: last.length + 1 };
    else runs.push({ cell, length: 1 });
  }
  return runs;
}
