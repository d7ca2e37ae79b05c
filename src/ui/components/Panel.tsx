import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { useTheme } from '../view/theme.js';

export interface PanelProps {
  readonly title: string;
  /** Right-hand note in the top border (a count, a position). */
  readonly note?: string;
  /** Outer width, borders included. */
  readonly width: number;
  /** Content rows, borders excluded. */
  readonly rows: number;
  readonly bordered: boolean;
  readonly children: ReactNode;
}

/** A pane with its title in the top border; borderless, a title rule above its rows. */
export function Panel({ title, note = '', width, rows, bordered, children }: PanelProps) {
  const theme = useTheme();
  const label = ` ${title} `;
  const right = note ? ` ${note} ` : '';
  const ends = bordered ? 4 : 2;
  const fill = Math.max(0, width - ends - label.length - right.length);
  return (
    <Box flexDirection="column" width={width} flexShrink={0}>
      <Text wrap="truncate-end">
        <Text color={theme.border}>{bordered ? '╭─' : '─'}</Text>
        <Text bold color={theme.accent}>
          {label}
        </Text>
        <Text color={theme.border}>{'─'.repeat(fill)}</Text>
        <Text dimColor>{right}</Text>
        <Text color={theme.border}>{bordered ? '─╮' : '─'}</Text>
      </Text>
      <Box
        borderStyle={bordered ? 'round' : undefined}
        borderTop={false}
        borderColor={theme.border}
        paddingX={bordered ? 1 : 0}
        width={width}
        height={rows + (bordered ? 1 : 0)}
        flexDirection="column"
        overflowY="hidden"
      >
        {children}
      </Box>
    </Box>
  );
}
