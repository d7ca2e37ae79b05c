import { Box, Text } from 'ink';
import type { CallCostPoint } from '../../core/contextUsage.js';
import { formatUsd } from '../../core/format.js';
import { columnCells, fitColumns } from '../barChart.js';
import { useTheme } from '../theme.js';

export interface CostChartProps {
  readonly points: readonly CallCostPoint[];
  /** Content width and rows. */
  readonly width: number;
  readonly rows: number;
}

/** "first-last" numbers of the messages the chart shows, for its panel title. */
export function chartRange(points: readonly CallCostPoint[], width: number): string {
  const shown = visiblePoints(points, width);
  if (shown.length === 0) return '';
  return `after #${shown[0]!.number}-${shown[shown.length - 1]!.number}`;
}

function axisWidth(points: readonly CallCostPoint[]): number {
  const max = Math.max(0, ...points.map((point) => point.inputCost));
  return formatUsd(max).length;
}

function visiblePoints(points: readonly CallCostPoint[], width: number): readonly CallCostPoint[] {
  const fit = fitColumns(points.length, width - axisWidth(points) - 2);
  return points.slice(points.length - fit.count);
}

/** The input cost of a call after each message: one column each, scaled to the largest, axis labelled in dollars. */
export function CostChart({ points, width, rows }: CostChartProps) {
  const theme = useTheme();
  if (points.length === 0) {
    return <Text dimColor wrap="truncate-end">No messages yet: one column per message appears here.</Text>;
  }
  const label = axisWidth(points);
  const fit = fitColumns(points.length, width - label - 2);
  const shown = points.slice(points.length - fit.count);
  const max = Math.max(...points.map((point) => point.inputCost));
  const height = Math.max(1, rows - 1);
  const columns = shown.map((point) => columnCells(point.inputCost, max, height));
  return (
    <Box flexDirection="column">
      {Array.from({ length: height }, (_, row) => (
        <Text key={row} wrap="truncate-end">
          <Text dimColor>{row === 0 ? `${formatUsd(max)} ┤` : `${' '.repeat(label)} │`}</Text>
          {shown.map((point, i) => (
            <Text key={point.number} color={theme.level(point.level)}>
              {' '}
              {columns[i]![row]!.repeat(fit.columnWidth)}
            </Text>
          ))}
        </Text>
      ))}
      <Text dimColor wrap="truncate-end">
        {`${'$0'.padStart(label)} └${'─'.repeat(Math.max(0, fit.count * (fit.columnWidth + 1)))}`}
      </Text>
    </Box>
  );
}
