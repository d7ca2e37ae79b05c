import { Box, Text } from 'ink';
import { memo } from 'react';
import type { FooterItem } from '../input/keymap.js';
import { asideGap } from '../view/frameText.js';
import { useTheme } from '../view/theme.js';

export interface FooterProps {
  /** The keymap's items, already packed into lines. */
  readonly lines: readonly (readonly FooterItem[])[];
  /** Spaces between items. */
  readonly gap: number;
  /** Shown dim at the right of the last line where it fits (the session id). */
  readonly aside?: string;
  readonly width?: number;
}

/** Every key of the active keymap scope, key then what it does; drawn again only when its lines change (memo). */
export const Footer = memo(function Footer({ lines, gap, aside, width = 0 }: FooterProps) {
  const theme = useTheme();
  const last = lines.length - 1;
  const spaces = asideGap(lines, gap, aside, width);
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line.map((item, j) => (
            <Text key={item.keys}>
              {j > 0 ? ' '.repeat(gap) : ''}
              <Text bold color={theme.accent}>
                {item.keys}
              </Text>
              {item.label === '' ? '' : ' '}
              <Text dimColor>{item.label}</Text>
            </Text>
          ))}
          {i === last && spaces > 0 ? <Text dimColor>{' '.repeat(spaces) + aside}</Text> : null}
        </Text>
      ))}
    </Box>
  );
});
