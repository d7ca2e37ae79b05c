import { Text } from 'ink';
import type { TextRun } from '../view/textRuns.js';

export interface ChartRowProps {
  readonly runs: readonly TextRun[];
}

/** One row of a chart, cut at the panel's edge: a node per run of cells drawn alike, not per cell. */
export function ChartRow({ runs }: ChartRowProps) {
  return (
    <Text wrap="truncate-end">
      {runs.map((run, i) => (
        <Text key={i} color={run.color} dimColor={run.dim}>
          {run.text}
        </Text>
      ))}
    </Text>
  );
}
