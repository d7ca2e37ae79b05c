import { Box, Text } from 'ink';
import type { CompareView } from '../view/compareView.js';

export interface CompareTableProps {
  readonly compare: CompareView;
  /** Rows of the pane it replaces. */
  readonly rows: number;
}

/** Every strategy side by side (Ctrl+G), the one the panels show in bold, then why each saved what it saved. */
export function CompareTable({ compare, rows }: CompareTableProps) {
  return (
    <Box flexDirection="column" height={rows} overflowY="hidden">
      {/* The table's rows never shrink for the reasons under it: those are cut at the pane's foot instead. */}
      {compare.table.map((line, i) => (
        <Box key={i} flexShrink={0}>
          <Text wrap="truncate-end" bold={compare.lines[i] === 'current'} dimColor={compare.lines[i] === 'rule'}>
            {line === '' ? ' ' : line}
          </Text>
        </Box>
      ))}
      <Box flexShrink={0}>
        <Text> </Text>
      </Box>
      {compare.reasons.map((reason, i) => (
        <Text key={`r${i}`} wrap="wrap">
          {`▸ ${reason}`}
        </Text>
      ))}
    </Box>
  );
}
