import { Box, Text } from 'ink';
import { formatTokens } from '../../core/format.js';
import type { Draft, SendRole } from '../state/dashboardState.js';
import { useTheme } from '../view/theme.js';
import { InputFrame } from './InputFrame.js';
import { TextField } from './TextField.js';

export interface InputLineProps {
  readonly role: SendRole;
  readonly draft: Draft;
  readonly width: number;
  readonly bordered: boolean;
  /** False while the model picker has the keys. */
  readonly focus: boolean;
  onChange(text: string): void;
}

export function pasteLabel(lines: number, tokens: number | undefined): string {
  const size = `${formatTokens(lines)} line${lines === 1 ? '' : 's'}`;
  return `[pasted ${size}, ${tokens === undefined ? 'counting...' : `${formatTokens(tokens)} tokens`}]`;
}

/** The role the next message goes as, what is typed, and pastes waiting to go with it (folded). */
export function InputLine({ role, draft, width, bordered, focus, onChange }: InputLineProps) {
  const theme = useTheme();
  const empty = draft.text === '' && draft.pastes.length === 0;
  return (
    <InputFrame width={width} bordered={bordered} borderColor={theme.border}>
      <Box flexShrink={0}>
        <Text bold color={theme.role(role)}>
          {role}
        </Text>
        <Text>{' › '}</Text>
        <TextField value={draft.text} onChange={onChange} focus={focus} />
      </Box>
      {draft.pastes.map((paste) => (
        <Box key={paste.id} flexShrink={0}>
          <Text color={theme.accent} bold>
            {` ${pasteLabel(paste.lines, paste.tokens)}`}
          </Text>
        </Box>
      ))}
      {empty && focus ? (
        <Text dimColor wrap="truncate-end">
          {`  type a message, Enter sends it as ${role}`}
        </Text>
      ) : null}
    </InputFrame>
  );
}
