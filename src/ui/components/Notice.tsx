import { Box, Text } from 'ink';
import type { Notice as NoticeState } from '../state/dashboardState.js';
import { useTheme } from '../view/theme.js';

export interface NoticeProps {
  readonly lines: readonly string[];
  readonly tone: NoticeState['tone'];
}

/** Above the input line: what a file command did (dim), a warning (amber), or why it could not (red). */
export function Notice({ lines, tone }: NoticeProps) {
  const theme = useTheme();
  const color = tone === 'error' ? theme.level('over') : tone === 'warning' ? theme.level('high') : undefined;
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate-end" color={color} dimColor={tone === 'info'} bold={tone === 'error'}>
          {line}
        </Text>
      ))}
    </Box>
  );
}
