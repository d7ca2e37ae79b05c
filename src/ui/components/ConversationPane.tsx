import { Box, Text } from 'ink';
import { formatPercent, formatTokens } from '../../core/format.js';
import { foldLabel, notCountedLabel, type ConversationRow } from '../view/conversationRows.js';
import { useTheme } from '../view/theme.js';

export interface ConversationPaneProps {
  /** The rows in view, already cut to the pane's height. */
  readonly rows: readonly ConversationRow[];
  /** Content width. */
  readonly width: number;
  /** Shown when there are no messages. */
  readonly hint: readonly string[];
}

function Heading({ row, width }: { readonly row: Extract<ConversationRow, { kind: 'heading' }>; readonly width: number }) {
  const theme = useTheme();
  const left = `#${row.number} ${row.role}`;
  const right =
    row.tokens === undefined ? 'counting...' : `${formatTokens(row.tokens)} tokens · ${row.left ?? formatPercent(row.share ?? 0)}`;
  // What the figures leave out, said beside them (an image of unknown size is not in `tokens`).
  const missing = notCountedLabel(row.notCounted);
  const warning = missing === '' ? '' : `${missing} · `;
  const gap = Math.max(1, width - left.length - warning.length - right.length);
  return (
    <Text wrap="truncate-end">
      <Text bold color={theme.role(row.role)}>
        {left}
      </Text>
      {' '.repeat(gap)}
      <Text color={theme.level('elevated')}>{warning}</Text>
      <Text
        dimColor={row.tokens !== undefined && row.left === undefined}
        color={row.tokens === undefined ? theme.level('elevated') : row.left !== undefined ? theme.accent : undefined}
      >
        {right}
      </Text>
    </Text>
  );
}

/** The conversation, newest at the bottom: each message's heading, its text folded, its share of the prompt. */
export function ConversationPane({ rows, width, hint }: ConversationPaneProps) {
  if (rows.length === 0) {
    return (
      <Box flexDirection="column">
        {hint.map((line, i) => (
          <Box key={i} flexShrink={0}>
            <Text dimColor>{line}</Text>
          </Box>
        ))}
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      {rows.map((row, i) => {
        switch (row.kind) {
          case 'heading':
            return <Heading key={i} row={row} width={width} />;
          case 'text':
            return (
              <Text key={i} wrap="truncate-end">
                {row.text === '' ? ' ' : row.text}
              </Text>
            );
          case 'fold':
            return (
              <Text key={i} dimColor italic wrap="truncate-end">
                {foldLabel(row, width)}
              </Text>
            );
          case 'gap':
            return <Text key={i}> </Text>;
        }
      })}
    </Box>
  );
}
