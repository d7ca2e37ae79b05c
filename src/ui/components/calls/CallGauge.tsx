import { Box, Text } from 'ink';
import { usageLevel } from '../../../core/contextUsage.js';
import type { CallsGauge } from '../../view/reportedCallsView.js';
import { useTheme } from '../../view/theme.js';

export interface CallGaugeProps {
  readonly gauge: CallsGauge | undefined;
  /** Content width. */
  readonly width: number;
}

/** The newest call's context against the model's window: its figures, then the bar. */
export function CallGauge({ gauge, width }: CallGaugeProps) {
  const theme = useTheme();
  if (!gauge) return <Text dimColor>no call yet</Text>;
  const bar = Math.max(1, width);
  const filled = gauge.limit ? Math.min(bar, Math.ceil((gauge.used / gauge.limit) * bar)) : 0;
  const color = gauge.limit ? theme.level(usageLevel(gauge.used, gauge.limit)) : undefined;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">{gauge.label}</Text>
      <Text wrap="truncate-end">
        <Text color={color}>{'█'.repeat(filled)}</Text>
        <Text dimColor>{'·'.repeat(bar - filled)}</Text>
      </Text>
    </Box>
  );
}
