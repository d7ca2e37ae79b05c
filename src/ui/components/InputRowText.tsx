import { Text } from 'ink';
import type { InputSegment } from '../view/inputRow.js';
import { useTheme } from '../view/theme.js';

export interface InputRowTextProps {
  /** inputRow's segments: already fitted to the row. */
  readonly segments: readonly InputSegment[];
}

/** The typed line as inputRow fitted it: the cursor inverse, pasted labels in the accent, "↵" and "…" dim. */
export function InputRowText({ segments }: InputRowTextProps) {
  const theme = useTheme();
  return (
    <Text wrap="truncate-end">
      {segments.map((segment, i) => {
        if (segment.kind === 'cursor') return <Text key={i} inverse>{segment.text}</Text>;
        if (segment.kind === 'paste') return <Text key={i} bold color={theme.accent}>{segment.text}</Text>;
        if (segment.kind === 'newline' || segment.kind === 'more') return <Text key={i} dimColor>{segment.text}</Text>;
        return <Text key={i}>{segment.text}</Text>;
      })}
    </Text>
  );
}
