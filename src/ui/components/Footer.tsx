import { Box, Text } from 'ink';
import type { FooterItem } from '../keymap.js';
import { useTheme } from '../theme.js';

export interface FooterProps {
  /** The keymap's items, already packed into lines. */
  readonly lines: readonly (readonly FooterItem[])[];
  /** Spaces between items. */
  readonly gap: number;
}

/** Every key of the active keymap scope, key then what it does. */
export function Footer({ lines, gap }: FooterProps) {
  const theme = useTheme();
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
        </Text>
      ))}
    </Box>
  );
}
