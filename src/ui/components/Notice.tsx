import { Box, Text } from 'ink';
import { sanitizeLine } from '../../core/sanitize.js';
import type { Notice as NoticeState } from '../state/dashboardState.js';
import { useTheme } from '../view/theme.js';

const MARKS: Readonly<Record<NoticeState['tone'], string>> = { error: '✗', warning: '!', info: '·' };

/**
 * The notice's rows at this width: its text after a mark ("✗" an error, "·" news), wrapped at
 * spaces into at most `maxRows` rows, the last cut with "…" if it still does not fit.
 */
export function noticeLines(notice: NoticeState, width: number, maxRows = 2): string[] {
  const room = Math.max(4, width - 1);
  // Sanitised here too, whatever made the notice: it may quote a file name or a journal.
  let rest = `${MARKS[notice.tone]} ${sanitizeLine(notice.text)}`;
  const lines: string[] = [];
  while (rest !== '' && lines.length < maxRows) {
    if (rest.length <= room) {
      lines.push(rest);
      break;
    }
    if (lines.length === maxRows - 1) {
      lines.push(`${rest.slice(0, room - 1)}…`);
      break;
    }
    const space = rest.lastIndexOf(' ', room);
    const cut = space > room / 2 ? space : room;
    lines.push(rest.slice(0, cut));
    rest = rest.slice(cut).trimStart();
  }
  return lines;
}

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
