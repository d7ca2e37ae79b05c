import { Box, Text } from 'ink';
import { chartColumns, type BarCell, type CallBar } from '../../view/reportedCallsView.js';
import { useTheme } from '../../view/theme.js';

export interface CallCostChartProps {
  readonly bars: readonly CallBar[];
  readonly width: number;
  /** Rows of bars (the legend's row excluded). */
  readonly height: number;
}

const GLYPHS: Readonly<Record<BarCell, string>> = { rest: '█', cacheRead: '░', cacheWrite: '▒', refused: '×', empty: ' ' };

/** Cost per call, newest at the right, cache reads (░) and writes (▒) apart from the rest (█). */
export function CallCostChart({ bars, width, height }: CallCostChartProps) {
  const theme = useTheme();
  const columns = chartColumns(bars, width, Math.max(1, height));
  const colors: Readonly<Record<BarCell, string | undefined>> = { rest: theme.accent, cacheRead: theme.role('tool'), cacheWrite: theme.role('definitions'), refused: theme.level('over'), empty: undefined };
  const rows = Array.from({ length: Math.max(1, height) }, (_, i) => Math.max(1, height) - 1 - i);
  return (
    <Box flexDirection="column">
      {rows.map((level) => (
        <Text key={level} wrap="truncate-end">
          {columns.map((column, i) => (
            <Text key={i} color={colors[column[level]!]}>
              {GLYPHS[column[level]!]}
            </Text>
          ))}
        </Text>
      ))}
      <Text dimColor wrap="truncate-end">
        █ in+out ░ cache read ▒ write
      </Text>
    </Box>
  );
}
