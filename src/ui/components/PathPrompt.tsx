import { Box, Text } from 'ink';
import type { PathPrompt as Prompt } from '../state/dashboardState.js';
import { useTheme } from '../view/theme.js';
import { InputFrame } from './InputFrame.js';
import { TextField } from './TextField.js';

export interface PathPromptProps {
  readonly prompt: Prompt;
  readonly width: number;
  readonly bordered: boolean;
  onChange(text: string): void;
}

const LABELS: Readonly<Record<Prompt['kind'], { readonly label: string; readonly hint: string }>> = {
  load: { label: 'load file', hint: 'a conversation in any format; its turns are queued after the current ones' },
  export: { label: 'export to', hint: '.md, .json or .csv' },
};

/** Where the input line was: the path to load (Ctrl+O) or to export to (Ctrl+E). */
export function PathPrompt({ prompt, width, bordered, onChange }: PathPromptProps) {
  const theme = useTheme();
  const { label, hint } = LABELS[prompt.kind];
  return (
    <InputFrame width={width} bordered={bordered} borderColor={theme.accent}>
      <Box flexShrink={0}>
        <Text bold color={theme.accent}>
          {label}
        </Text>
        <Text>{' › '}</Text>
        <TextField value={prompt.text} onChange={onChange} focus />
      </Box>
      {prompt.text === '' ? (
        <Text dimColor wrap="truncate-end">
          {`  ${hint}`}
        </Text>
      ) : null}
    </InputFrame>
  );
}
