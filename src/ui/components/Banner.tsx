import { Box, Text } from 'ink';
import { useTheme } from '../view/theme.js';

export interface BannerProps {
  readonly lines: readonly string[];
  readonly over: boolean;
  readonly width: number;
}

/** Full-width lines: white on red over the limit, amber from 80%; without colour, inverse and plain. */
export function Banner({ lines, over, width }: BannerProps) {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <Text
          key={i}
          wrap="truncate-end"
          bold={over}
          inverse={over && !theme.color}
          color={over ? (theme.color ? 'whiteBright' : undefined) : theme.level('high')}
          backgroundColor={over && theme.color ? 'red' : undefined}
        >
          {` ${line}`.padEnd(width)}
        </Text>
      ))}
    </Box>
  );
}
