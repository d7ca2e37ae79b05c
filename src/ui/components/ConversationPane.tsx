import { Box, Text } from 'ink';
import { memo } from 'react';
import { formatPercent, formatTokens } from '../../core/format.js';
import { foldLabel, notCountedLabel, type ConversationRow } from '../view/conversationRows.js';
import { useTheme } from '../view/theme.js';

export interface ConversationPaneProps {
  /** The rows in view, already cut to the pane's height. */
  readonly rows: readonly ConversationRow[];
  /** Where `rows` start among all the conversation's rows (0 if not given): each row's key. */
  readonly firstRow?: number;
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

/** One row of the pane, drawn again only when what it shows changed (see `sameRow`). */
const PaneRow = memo(function PaneRow({ row, width }: { readonly row: ConversationRow; readonly width: number }) {
  switch (row.kind) {
    case 'heading':
      return <Heading row={row} width={width} />;
    case 'text':
      return <Text wrap="truncate-end">{row.text === '' ? ' ' : row.text}</Text>;
    case 'fold':
      return (
        <Text dimColor italic wrap="truncate-end">
          {foldLabel(row, width)}
        </Text>
      );
    case 'gap':
      return <Text> </Text>;
  }
}, sameRowProps);

function sameRowProps(a: { readonly row: ConversationRow; readonly width: number }, b: { readonly row: ConversationRow; readonly width: number }): boolean {
  return a.width === b.width && sameRow(a.row, b.row);
}

/** Whether two rows draw alike: a heading is made afresh each frame (its share changes with the prompt), so it is compared field by field. */
function sameRow(a: ConversationRow, b: ConversationRow): boolean {
  if (a === b) return true;
  if (a.kind === 'heading' && b.kind === 'heading') {
    return a.number === b.number && a.role === b.role && a.tokens === b.tokens && a.share === b.share && a.notCounted === b.notCounted && a.left === b.left;
  }
  if (a.kind === 'fold' && b.kind === 'fold') return a.hiddenRows === b.hiddenRows && a.tokens === b.tokens;
  if (a.kind === 'text' && b.kind === 'text') return a.text === b.text;
  return a.kind === 'gap' && b.kind === 'gap';
}

/**
 * The conversation, newest at the bottom: each message's heading, its text folded, its share of the prompt.
 * Rows are keyed by their place in the whole conversation, so as a replay moves the view down only
 * the rows that came into view are drawn, not every row of the pane again.
 */
export function ConversationPane({ rows, firstRow = 0, width, hint }: ConversationPaneProps) {
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
      {rows.map((row, i) => (
        <PaneRow key={firstRow + i} row={row} width={width} />
      ))}
    </Box>
  );
}
