import { Box, Text } from 'ink';
import type { CallLine } from '../../view/reportedCallsView.js';
import { useTheme } from '../../view/theme.js';

export interface CallListProps {
  readonly lines: readonly CallLine[];
  /** Content rows: two per call (what it was, then its figures). */
  readonly rows: number;
  /** Calls scrolled up from the newest (PageUp). */
  readonly scroll: number;
}

/** Each call as the API reported it, newest at the bottom: model and agent, then tokens and cost. */
export function CallList({ lines, rows, scroll }: CallListProps) {
  const theme = useTheme();
  if (lines.length === 0) return <Text dimColor>no calls yet (Ctrl+N shows the next)</Text>;
  const fit = Math.max(1, Math.floor(rows / 2));
  const end = Math.max(fit, lines.length - scroll);
  const shown = lines.slice(Math.max(0, end - fit), end);
  const color = (tone: CallLine['tone']) => (tone === 'refused' || tone === 'failed' ? theme.level('over') : tone === 'unpriced' ? theme.level('high') : undefined);
  return (
    <Box flexDirection="column">
      {shown.map((line, i) => (
        <Box key={i} flexDirection="column">
          <Text wrap="truncate-end" bold color={color(line.tone)}>
            {line.head}
          </Text>
          <Text wrap="truncate-end" dimColor={line.tone === 'requested'}>
            {'  '}
            {line.detail}
          </Text>
        </Box>
      ))}
    </Box>
  );
}
