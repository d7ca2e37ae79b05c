import { Box, Text } from 'ink';
import type { CallCostPoint } from '../../core/costChart.js';
import { formatUsd } from '../../core/format.js';
import { columnCells, fitColumns, referenceRow } from '../view/barChart.js';
import { pushRun, type TextRun } from '../view/textRuns.js';
import { useTheme } from '../view/theme.js';
import { ChartRow } from './ChartRow.js';
import { largest } from '../../core/arrays.js';

export interface CostChartProps {
  readonly points: readonly CallCostPoint[];
  /** The input cost of a prompt that fills the window exactly: drawn as a dashed line when in range. */
  readonly limitCost: number;
  /** Content width and rows. */
  readonly width: number;
  readonly rows: number;
}

/** A call the API would refuse: drawn at the price it would bill, hatched, since it bills nothing. */
export const REFUSED_GLYPH = '░';

function axisWidth(points: readonly CallCostPoint[]): number {
  return formatUsd(largest(points.map((point) => point.inputCost), 0)).length;
}

function visiblePoints(points: readonly CallCostPoint[], width: number) {
  const fit = fitColumns(points.length, width - axisWidth(points) - 2);
  return { fit, shown: points.slice(points.length - fit.count) };
}

/** "after #first-last": the messages the chart shows, for its panel title. */
export function chartRange(points: readonly CallCostPoint[], width: number): string {
  const { shown } = visiblePoints(points, width);
  const first = shown[0];
  const last = shown[shown.length - 1];
  if (!first || !last) return '';
  const range = first === last ? `after #${first.number}` : `after #${first.number}-${last.number}`;
  return shown.some((point) => point.refused) ? `${range} · ${REFUSED_GLYPH} refused` : range;
}

/**
 * The input cost of a call after each message: one column each, scaled to the largest, the axis
 * labelled in dollars, and a dashed line where a prompt would fill the window. A call the API
 * would refuse (over the window) is hatched: it shows what it would bill, and bills nothing.
 */
export function CostChart({ points, limitCost, width, rows }: CostChartProps) {
  const theme = useTheme();
  if (points.length === 0) return <Text dimColor>One column per message, once there are some.</Text>;
  const label = axisWidth(points);
  const { fit, shown } = visiblePoints(points, width);
  const max = largest(points.map((point) => point.inputCost));
  const height = Math.max(1, rows - 1);
  const columns = shown.map((point) => columnCells(point.inputCost, max, height));
  const limitRow = referenceRow(limitCost, max, height);
  const axis = (row: number) => {
    if (row === 0) return `${formatUsd(max)} ┤`;
    if (row === limitRow) return `${'limit'.padStart(label)} ┤`;
    return `${' '.repeat(label)} │`;
  };
  return (
    <Box flexDirection="column">
      {Array.from({ length: height }, (_, row) => {
        const onLimit = row === limitRow;
        const runs: TextRun[] = [{ text: axis(row), color: onLimit ? theme.level('over') : undefined, dim: true }];
        shown.forEach((point, i) => {
          const cell = columns[i]![row]!;
          const glyph = point.refused ? REFUSED_GLYPH : cell;
          if (cell !== ' ') pushRun(runs, { text: ` ${glyph.repeat(fit.columnWidth)}`, color: theme.level(point.level), dim: false });
          else if (onLimit) pushRun(runs, { text: '┄'.repeat(fit.columnWidth + 1), color: theme.level('over'), dim: true });
          else pushRun(runs, { text: ' '.repeat(fit.columnWidth + 1), color: undefined, dim: false });
        });
        if (onLimit) pushRun(runs, { text: '┄'.repeat(Math.max(0, width - label - 2 - fit.count * (fit.columnWidth + 1))), color: theme.level('over'), dim: true });
        return <ChartRow key={row} runs={runs} />;
      })}
      <Text dimColor wrap="truncate-end">
        {`${'$0'.padStart(label)} └${'─'.repeat(Math.max(0, fit.count * (fit.columnWidth + 1)))}`}
      </Text>
    </Box>
  );
}
