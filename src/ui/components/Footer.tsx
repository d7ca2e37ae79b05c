import { Box, Text } from 'ink';
import type { FooterItem } from '../input/keymap.js';
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

function lineLength(line: readonly FooterItem[], gap: number): number {
  return line.reduce((sum, item, i) => sum + (i > 0 ? gap : 0) + item.keys.length + (item.label === '' ? 0 : 1 + item.label.length), 0);
}

/** The spaces before the aside on the last line, or -1 when it does not fit there. */
export function asideGap(lines: readonly (readonly FooterItem[])[], gap: number, aside: string | undefined, width: number): number {
  const last = lines[lines.length - 1];
  if (aside === undefined || !last) return -1;
  const spaces = width - 1 - lineLength(last, gap) - aside.length;
  return spaces >= gap ? spaces : -1;
}

/** Every key of the active keymap scope, key then what it does. */
export function Footer({ lines, gap, aside, width = 0 }: FooterProps) {
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
}
