import { Box, Text } from 'ink';
import { formatUsd } from '../../core/format.js';
import { referenceRow } from '../view/barChart.js';
import { CHART_FRAME_ROWS, type FittedChart } from '../view/strategyChart.js';
import { pushRun, type TextRun } from '../view/textRuns.js';
import { ChartRow } from './ChartRow.js';
import { useTheme } from '../view/theme.js';

export interface StrategyCostChartProps {
  readonly fitted: FittedChart;
  /** The input cost of a prompt that fills the window exactly: a dashed line when in range. */
  readonly limitCost: number;
  readonly width: number;
  readonly rows: number;
}

/** keep-all first, then the strategy: a colour each, and a texture each without colour. */
const SERIES = [
  { color: 'yellow', glyph: '░' },
  { color: 'cyanBright', glyph: '█' },
] as const;

/** A series' mark on the bottom row where the API refused its calls (no bar: they bill nothing). */
const REFUSED = '×';

/** Input cost per reply call, keep-all's bar beside the strategy's, with a legend and a dollar axis. */
export function StrategyCostChart({ fitted, limitCost, width, rows }: StrategyCostChartProps) {
  const theme = useTheme();
  const { chart, barWidth, axisWidth } = fitted;
  const style = (series: number) => ({
    color: theme.color ? SERIES[series]!.color : undefined,
    glyph: theme.color ? '█' : SERIES[series]!.glyph,
  });
  const anyRefused = chart.columns.some((column) => column.refused.some((n) => n > 0));
  const legend = (
    <Text wrap="truncate-end">
      {chart.labels.map((label, i) => (
        <Text key={label}>
          {i > 0 ? '   ' : ''}
          <Text color={style(i).color}>{style(i).glyph.repeat(2)}</Text>
          {` ${label}`}
        </Text>
      ))}
      {anyRefused ? (
        <Text>
          {'   '}
          <Text color={theme.level('over')}>{REFUSED}</Text>
          {' refused'}
        </Text>
      ) : null}
    </Text>
  );
  if (chart.columns.length === 0) {
    return (
      <Box flexDirection="column">
        {legend}
        <Text dimColor>No reply calls yet: bars come with the first assistant message.</Text>
      </Box>
    );
  }
  const height = Math.max(1, rows - CHART_FRAME_ROWS);
  // On the top row the line would only hide the dollar scale: the bars there are above the limit anyway.
  const line = referenceRow(limitCost, chart.maxValue, height);
  const limitRow = line === 0 ? undefined : line;
  const groupWidth = barWidth * chart.labels.length + 1;
  const drawn = chart.columns.length * groupWidth;
  const axis = (row: number) => {
    if (row === 0) return `${formatUsd(chart.maxValue).padStart(axisWidth)} ┤`;
    if (row === limitRow) return `${'limit'.padStart(axisWidth)} ┤`;
    return `${' '.repeat(axisWidth)} │`;
  };
  const dash = theme.level('over');
  return (
    <Box flexDirection="column">
      {legend}
      {Array.from({ length: height }, (_, row) => {
        const level = height - row;
        const onLimit = row === limitRow;
        const runs: TextRun[] = [{ text: axis(row), color: onLimit ? dash : undefined, dim: true }];
        const gap: TextRun = onLimit ? { text: '┄', color: dash, dim: true } : { text: ' ', color: undefined, dim: false };
        for (const column of chart.columns) {
          pushRun(runs, gap);
          column.heights.forEach((h, series) => {
            const bar = style(series);
            if (h >= level) pushRun(runs, { text: bar.glyph.repeat(barWidth), color: bar.color, dim: false });
            else if (level === 1 && h === 0 && column.refused[series]! > 0) pushRun(runs, { text: REFUSED.repeat(barWidth), color: dash, dim: false });
            else pushRun(runs, { ...gap, text: gap.text.repeat(barWidth) });
          });
        }
        if (onLimit) pushRun(runs, { text: '┄'.repeat(Math.max(0, width - axisWidth - 2 - drawn)), color: dash, dim: true });
        return <ChartRow key={row} runs={runs} />;
      })}
      <Text dimColor wrap="truncate-end">
        {`${'$0'.padStart(axisWidth)} └${'─'.repeat(drawn)}`}
      </Text>
    </Box>
  );
}
