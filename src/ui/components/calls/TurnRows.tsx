import { Text } from 'ink';
import type { TurnRow } from '../../view/turnRows.js';
import { useTheme } from '../../view/theme.js';

export interface TurnRowsProps {
  /** Shown as they come (escaped and fitted by turnRows). */
  readonly rows: readonly TurnRow[];
}

/** A call's turn under its figures: the prompt and reply in their roles' colours, thinking and tool lines dimmed. */
export function TurnRows({ rows }: TurnRowsProps) {
  const theme = useTheme();
  const color = (tone: TurnRow['tone']) => (tone === 'user' ? theme.role('user') : tone === 'assistant' ? theme.role('assistant') : tone === 'tool' ? theme.role('tool') : undefined);
  return (
    <>
      {rows.map((row, i) => (
        <Text key={i} wrap="truncate-end" color={color(row.tone)} dimColor={row.tone === 'thinking' || row.tone === 'fold'}>
          {'  '}
          {row.text}
        </Text>
      ))}
    </>
  );
}
