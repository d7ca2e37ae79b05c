import { Box, Text } from 'ink';
import type { FooterItem } from '../keymap.js';
import { useTheme } from '../theme.js';

export interface FooterProps {
  /** The keymap's items, already packed into lines. */
  readonly lines: readonly (readonly FooterItem[])[];
  /** Spaces between items. */
  readonly gap: number;
  /** Shown dim at the right of the last line where it fits (the session id). */
  readonly aside?: string;
  readonly width?: number;
}

function lineLength(line: readonly FooterItem[], gap: number): number {
  return line.reduce((sum, item, i) => sum + (i > 0 ? gap : 0) + item.keys.length + 1 + item.label.length, 0);
}

/** Every key of the active keymap scope, key then what it does. */
export function Footer({ lines, gap, aside, width = 0 }: FooterProps) {
  const theme = useTheme();
  const last = lines.length - 1;
  const asideGap = aside === undefined || last < 0 ? -1 : width - 1 - lineLength(lines[last]!, gap) - aside.length;
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line.map((item, j) => (
            <Text key={item.keys}>
              {j > 0 ? ' '.repeat(gap) : ''}
              <Text bold color={theme.accent}>
                {item.keys}
              </Text>{' '}
              <Text dimColor>{item.label}</Text>
            </Text>
          ))}
          {i === last && asideGap >= gap ? <Text dimColor>{' '.repeat(asideGap) + aside}</Text> : null}
        </Text>
      ))}
    </Box>
  );
}
