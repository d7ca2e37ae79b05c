import type { ChatMessage, Role } from '../core/chatFormat.js';
import { InputError } from '../core/errors.js';
import { loaded, type LoadedConversation } from './loaderKit.js';

/** A line that starts a message: "User:", "Assistant:" or "System:", then one optional space. */
const SPEAKER = /^(User|Assistant|System): ?/;
const ROLE_OF: Readonly<Record<string, Role>> = { User: 'user', Assistant: 'assistant', System: 'system' };

/** Whether the first non-blank line starts a message. */
export function looksLikeTranscript(text: string): boolean {
  const first = splitLines(text).find((line) => line.trim() !== '');
  return first !== undefined && SPEAKER.test(first);
}

/**
 * A plain transcript. A message runs from its speaker line to the next one; the blank lines that
 * separate messages are not part of them (other white space is kept). When the speaker line holds
 * nothing else, the message starts on the next line.
 */
export function loadTranscript(file: string, text: string): LoadedConversation {
  const blocks: { role: Role; lines: string[] }[] = [];
  splitLines(text).forEach((line, i) => {
    const speaker = SPEAKER.exec(line);
    if (speaker) {
      const rest = line.slice(speaker[0].length);
      blocks.push({ role: ROLE_OF[speaker[1]!]!, lines: rest === '' ? [] : [rest] });
    } else if (blocks.length > 0) {
      blocks[blocks.length - 1]!.lines.push(line);
    } else if (line.trim() !== '') {
      throw new InputError(`${file}:${i + 1}:1: text before the first "User:", "Assistant:" or "System:" line`);
    }
  });
  if (blocks.length === 0) throw new InputError(`${file}: no line starts with "User:", "Assistant:" or "System:"`);
  const messages = blocks.map(({ role, lines }): ChatMessage => {
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return { role, content: lines.join('\n') };
  });
  return loaded('transcript', messages);
}

function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/);
}
