import { Box, Text } from 'ink';
import type { PathPrompt as Prompt } from '../state/dashboardState.js';
import { inputRow } from '../view/inputRow.js';
import { useTheme } from '../view/theme.js';
import { InputFrame, inputTextWidth } from './InputFrame.js';
import { InputRowText } from './InputRowText.js';

export interface PathPromptProps {
  readonly prompt: Prompt;
  readonly width: number;
  readonly bordered: boolean;
}

const LABELS: Readonly<Record<Prompt['kind'], { readonly label: string; readonly hint: string }>> = {
  load: { label: 'load file', hint: 'a conversation in any format; its turns are queued after the current ones' },
  export: { label: 'export to', hint: '.md, .json or .csv' },
};

/** Where the input line was: the path to load (Ctrl+O) or to export to (Ctrl+X), scrolled sideways like the draft. */
export function PathPrompt({ prompt, width, bordered }: PathPromptProps) {
  const theme = useTheme();
  const { label, hint } = LABELS[prompt.kind];
  const room = inputTextWidth(width, bordered) - label.length - 3;
  return (
    <InputFrame width={width} bordered={bordered} borderColor={theme.accent}>
      <Box flexShrink={0}>
        <Text bold color={theme.accent}>
          {label}
        </Text>
        <Text>{' › '}</Text>
      </Box>
      <InputRowText segments={inputRow([{ kind: 'typed', text: prompt.text }], prompt.cursor, room)} />
      {prompt.text === '' ? (
        <Text dimColor wrap="truncate-end">
          {` ${hint}`}
        </Text>
      ) : null}
    </InputFrame>
  );
}
