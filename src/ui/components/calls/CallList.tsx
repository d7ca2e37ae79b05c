import { Box, Text } from 'ink';
import type { CallLine } from '../../view/reportedCallsView.js';
import { useTheme } from '../../view/theme.js';
import { TurnRows } from './TurnRows.js';

export interface CallListProps {
  readonly lines: readonly CallLine[];
  /** Content rows: two per call (what it was, then its figures), then its turn's rows. */
  readonly rows: number;
  /** Calls scrolled up from the newest (PageUp). */
  readonly scroll: number;
}

/** Each call as the API reported it, newest at the bottom: model and agent, then tokens and cost, then what the turn said. */
export function CallList({ lines, rows, scroll }: CallListProps) {
  const theme = useTheme();
  if (lines.length === 0) return <Text dimColor>no calls yet (Ctrl+N shows the next)</Text>;
  const end = Math.max(1, lines.length - scroll);
  // From the newest call in view upwards, as many whole calls as the rows hold (the newest always).
  let start = end - 1;
  let used = 2 + lines[start]!.turn.length;
  while (start > 0 && used + 2 + lines[start - 1]!.turn.length <= rows) used += 2 + lines[--start]!.turn.length;
  const shown = lines.slice(start, end);
  const color = (tone: CallLine['tone']) => (tone === 'refused' || tone === 'failed' ? theme.level('over') : tone === 'unpriced' ? theme.level('high') : undefined);
  return (
    <Box flexDirection="column">
      {shown.map((line, i) => (
        <Box key={start + i} flexDirection="column">
          <Text wrap="truncate-end" bold color={color(line.tone)}>
            {line.head}
          </Text>
          <Text wrap="truncate-end" dimColor={line.tone === 'requested'}>
            {'  '}
            {line.detail}
          </Text>
          <TurnRows rows={line.turn} />
        </Box>
      ))}
    </Box>
  );
}
