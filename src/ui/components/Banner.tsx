import { Box, Text } from 'ink';
import type { ContextUsage } from '../../core/contextUsage.js';
import { formatPercent, formatTokens } from '../../core/format.js';
import { useTheme } from '../view/theme.js';

/** Over the window the API answers context_length_exceeded: the call fails and bills nothing. */
export const LIMIT_BANNER = 'Context limit exceeded: the API refuses the next call and bills nothing';

/** Words packed into lines of at most `width` characters. */
function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/**
 * The banner's lines at this width: none under 80% full, a notice from 80%, the limit warning
 * over it, and then `way` (what to do about it). The figures go first when room is short; the
 * warning itself wraps, never truncates.
 */
export function bannerLines(usage: ContextUsage, width: number, way?: string): string[] {
  if (usage.level !== 'over' && usage.level !== 'high') return [];
  const room = width - 2;
  const full =
    usage.level === 'over'
      ? `${LIMIT_BANNER} (${formatTokens(usage.used)} / ${formatTokens(usage.limit)} tokens)`
      : `Notice: context ${formatPercent(usage.percent)} full, nearing the ${formatTokens(usage.limit)}-token limit`;
  // Over the window, the way out ("Ctrl+T: a bigger window") on a line of its own where it fits.
  const after = usage.level === 'over' && way !== undefined && way.length <= room ? [way] : [];
  if (full.length <= room) return [full, ...after];
  return [...wrapWords(usage.level === 'over' ? LIMIT_BANNER : `Notice: context ${formatPercent(usage.percent)} full`, room), ...after];
}

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
