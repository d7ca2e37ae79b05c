import { Box, Text } from 'ink';
import { FILL_KINDS, type ContextUsage, type FillKind } from '../../core/contextUsage.js';
import { formatPercent, formatTokens } from '../../core/format.js';
import { cellRuns, gaugeCells } from '../gaugeBar.js';
import { useTheme } from '../theme.js';

export interface ContextGaugeProps {
  readonly usage: ContextUsage;
  /** Content width. */
  readonly width: number;
  /** 4: figures, bar, legend, largest message; 3: no legend; 2: figures and bar. */
  readonly rows: number;
  /** What is still being worked out, shown after the figures ("counting...", "loading o200k_base..."). */
  readonly busy?: string;
}

const LEGEND_NAMES: Readonly<Record<FillKind, string>> = {
  system: 'system',
  user: 'user',
  assistant: 'assistant',
  tool: 'tool',
  definitions: 'tool defs',
  overhead: 'format',
};

/** How full the window is: the figures, a bar split by who filled it, and the biggest message. */
export function ContextGauge({ usage, width, rows, busy }: ContextGaugeProps) {
  const theme = useTheme();
  const runs = cellRuns(gaugeCells(usage, width));
  const { largest } = usage;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold color={theme.level(usage.level)}>
          {formatTokens(usage.used)} / {formatTokens(usage.limit)} tokens ({formatPercent(usage.percent)})
        </Text>
        {busy ? <Text color={theme.level('elevated')}>{`  ${busy}`}</Text> : null}
      </Text>
      <Text wrap="truncate-end">
        {runs.map((run, i) => (
          <Text key={i} color={theme.cellColor(run.cell)} dimColor={run.cell === 'empty'}>
            {theme.cellGlyph(run.cell).repeat(run.length)}
          </Text>
        ))}
      </Text>
      {rows >= 4 ? (
        <Text wrap="truncate-end">
          {FILL_KINDS.filter((kind) => usage.parts[kind] > 0).map((kind) => (
            <Text key={kind}>
              <Text color={theme.cellColor(kind)}>{theme.cellGlyph(kind)}</Text>
              {` ${LEGEND_NAMES[kind]} ${formatTokens(usage.parts[kind])}  `}
            </Text>
          ))}
        </Text>
      ) : null}
      {rows >= 3 ? (
        <Text wrap="truncate-end" dimColor={!largest}>
          {largest
            ? `largest: ${largest.role} #${largest.number}, ${formatTokens(largest.tokens)} tokens, ${formatPercent(largest.share)}`
            : 'largest: -'}
        </Text>
      ) : null}
    </Box>
  );
}
