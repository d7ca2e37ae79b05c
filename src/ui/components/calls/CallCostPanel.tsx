import { Box, Text } from 'ink';
import type { CallsCost } from '../../view/reportedCallsView.js';

export interface CallCostPanelProps {
  readonly cost: CallsCost;
  /** Content rows: the first lines of the panel that fit. */
  readonly rows: number;
}

/** The reported spend (`report LOG`'s figure) beside the list price without caching, what caching saved, and the cache hit rate. */
export function CallCostPanel({ cost, rows }: CallCostPanelProps) {
  return (
    <Box flexDirection="column">
      {cost.lines.slice(0, Math.max(0, rows)).map((line, i) => (
        <Text key={i} wrap="truncate-end" bold={i === 0} dimColor={i > 1}>
          {line}
        </Text>
      ))}
    </Box>
  );
}
