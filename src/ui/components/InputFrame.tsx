import { Box } from 'ink';
import type { ReactNode } from 'react';

export interface InputFrameProps {
  readonly width: number;
  /** A rounded border when there is room for it (three rows), else one bare row. */
  readonly bordered: boolean;
  readonly borderColor?: string;
  readonly children: ReactNode;
}

/** Columns inside the frame for what it holds (the border and its padding take two each side). */
export function inputTextWidth(width: number, bordered: boolean): number {
  return Math.max(1, width - (bordered ? 4 : 0));
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
      overflow="hidden"
    >
      {children}
    </Box>
  );
}
