import { Box, Text } from 'ink';
import { memo } from 'react';
import { formatTokens } from '../../core/format.js';
import type { Draft, SendRole } from '../state/dashboardState.js';
import { inputRow, type InputPart } from '../view/inputRow.js';
import { useTheme } from '../view/theme.js';
import { InputFrame, inputTextWidth } from './InputFrame.js';
import { InputRowText } from './InputRowText.js';

export interface InputLineProps {
  readonly role: SendRole;
  readonly draft: Draft;
  readonly width: number;
  readonly bordered: boolean;
  /** False while the model picker has the keys: no cursor. */
  readonly focus: boolean;
  /** The labels of the newline key and the canned reply key, for the hint ("Ctrl+J", "Ctrl+R"). */
  readonly keys?: { readonly newline: string; readonly reply: string };
}

export function pasteLabel(lines: number, tokens: number | undefined): string {
  const size = `${formatTokens(lines)} line${lines === 1 ? '' : 's'}`;
  return `[pasted ${size}, ${tokens === undefined ? 'counting...' : `${formatTokens(tokens)} tokens`}]`;
}

/** The draft as the row shows it: typed text and pasted labels in the order they came. */
function draftParts(draft: Draft): InputPart[] {
  const parts: InputPart[] = [];
  for (const paste of draft.pastes) {
    // A label ends in a space; typed text before one needs one too.
    if (paste.before !== '') parts.push({ kind: 'typed', text: paste.before });
    parts.push({ kind: 'paste', text: `${paste.before !== '' ? ' ' : ''}${pasteLabel(paste.lines, paste.tokens)} ` });
  }
  parts.push({ kind: 'typed', text: draft.text });
  return parts;
}

/**
 * The role the next message goes as, then what is typed, pastes waiting to go with it (folded to
 * their size), in one row that scrolls sideways to keep the cursor in view: however long the
 * draft, the frame keeps its shape. Drawn again only when its props change (memo): a replay
 * changes the rest of the frame on every turn, not the draft.
 */
export const InputLine = memo(function InputLine({ role, draft, width, bordered, focus, keys }: InputLineProps) {
  const theme = useTheme();
  const empty = draft.text === '' && draft.pastes.length === 0;
  const prompt = `${role} › `;
  const room = inputTextWidth(width, bordered) - prompt.length;
  const hint = !keys
    ? `type a message, Enter sends it as ${role}`
    : role === 'assistant'
      ? `type the reply, or ${keys.reply} sends a canned one`
      : `type a message, Enter sends it as ${role}, ${keys.newline} adds a line`;
  return (
    <InputFrame width={width} bordered={bordered} borderColor={theme.border}>
      <Box flexShrink={0}>
        <Text bold color={theme.role(role)}>
          {role}
        </Text>
        <Text>{' › '}</Text>
      </Box>
      <InputRowText segments={inputRow(draftParts(draft), focus ? draft.cursor : undefined, room)} />
      {empty && focus ? (
        <Text dimColor wrap="truncate-end">
          {` ${hint}`}
        </Text>
      ) : null}
    </InputFrame>
  );
});
