import { Box } from 'ink';
import type { ReactNode } from 'react';

export interface InputFrameProps {
  readonly width: number;
  /** A rounded border when there is room for it (three rows), else one bare row. */
  readonly bordered: boolean;
  readonly borderColor?: string;
  readonly children: ReactNode;
}

/** The one-row strip at the bottom that takes typing: the input line, or a path prompt in its place. */
export function InputFrame({ width, bordered, borderColor, children }: InputFrameProps) {
  return (
    <Box
      borderStyle={bordered ? 'round' : undefined}
      borderColor={borderColor}
      paddingX={bordered ? 1 : 0}
      width={width}
      height={bordered ? 3 : 1}
      overflowY="hidden"
    >
      {children}
    </Box>
  );
}
