import { Box, Text } from 'ink';
import type { CallCostColumn } from '../../core/costChart.js';
import { formatUsd } from '../../core/format.js';
import { columnCells, referenceRow } from '../view/barChart.js';
import { LIMIT_MARK, REFUSED_GLYPH, type FittedCallChart } from '../view/callChart.js';
import { pushRun, type TextRun } from '../view/textRuns.js';
import { useTheme } from '../view/theme.js';
import { ChartRow } from './ChartRow.js';

export interface CostChartProps {
  readonly fitted: FittedCallChart;
  /** The story in one line ("next call $0.30 = 1,002x the first · spent $0.00"), above the bars. */
  readonly headline: string;
  /** The input cost of a prompt that fills the window exactly: drawn as a dashed line when in range. */
  readonly limitCost: number;
  /** Content width and rows. */
  readonly width: number;
  readonly rows: number;
}

/**
 * The input cost of every reply call of the session, grouped as the strategy chart groups them
 * (many calls to a column, their mean) so the whole session's growth stays on screen; the axis in
 * dollars, a dashed line where a prompt would fill the window, and `┴` under the column where the
 * limit was crossed. A refused call is hatched: it shows what it would bill, and bills nothing.
 */
export function CostChart({ fitted, headline, limitCost, width, rows }: CostChartProps) {
  const theme = useTheme();
  const head = (
    <Text bold wrap="truncate-end">
      {headline}
    </Text>
  );
  const { columns, columnWidth, axisWidth, maxValue } = fitted;
  if (columns.length === 0) {
    return (
      <Box flexDirection="column">
        {head}
        <Text dimColor>One column per call, from the first assistant message.</Text>
      </Box>
    );
  }
  const height = Math.max(1, rows - 2);
  const cells = columns.map((column) => columnCells(column.inputCost, maxValue, height));
  const limitRow = referenceRow(limitCost, maxValue, height);
  const drawn = columns.length * (columnWidth + 1);
  const axis = (row: number) => {
    if (row === 0) return `${formatUsd(maxValue).padStart(axisWidth)} ┤`;
    if (row === limitRow) return `${'limit'.padStart(axisWidth)} ┤`;
    return `${' '.repeat(axisWidth)} │`;
  };
  const glyph = (column: CallCostColumn, cell: string) => (column.refused > 0 && cell !== ' ' ? REFUSED_GLYPH : cell);
  const crossing = columns.find((column) => column.crossesLimit);
  const crossed = crossing ? ` ${LIMIT_MARK} limit crossed at call ${crossing.from === crossing.to ? crossing.from : `${crossing.from}-${crossing.to}`}` : '';
  return (
    <Box flexDirection="column">
      {head}
      {Array.from({ length: height }, (_, row) => {
        const onLimit = row === limitRow;
        const runs: TextRun[] = [{ text: axis(row), color: onLimit ? theme.level('over') : undefined, dim: true }];
        columns.forEach((column, i) => {
          const cell = cells[i]![row]!;
          if (cell !== ' ') pushRun(runs, { text: ` ${glyph(column, cell).repeat(columnWidth)}`, color: theme.level(column.level), dim: false });
          else if (onLimit) pushRun(runs, { text: '┄'.repeat(columnWidth + 1), color: theme.level('over'), dim: true });
          else pushRun(runs, { text: ' '.repeat(columnWidth + 1), color: undefined, dim: false });
        });
        if (onLimit) pushRun(runs, { text: '┄'.repeat(Math.max(0, width - axisWidth - 2 - drawn)), color: theme.level('over'), dim: true });
        return <ChartRow key={row} runs={runs} />;
      })}
      <Text dimColor wrap="truncate-end">
        {`${'$0'.padStart(axisWidth)} └`}
        {columns.map((column) => `─${(column.crossesLimit ? LIMIT_MARK : '─').padEnd(columnWidth, '─')}`).join('')}
        {drawn + axisWidth + 2 + crossed.length <= width ? crossed : ''}
      </Text>
    </Box>
  );
}
