import { basename } from 'node:path';
import { shownLine } from '../../core/terminalWidth.js';
import type { SessionSource } from '../state/dashboardState.js';

/** "agent-tools.json (openai)", "finetune.jsonl (finetune 2/30)": the file's name (made safe to print, in widths Ink and the terminal agree on) and how it was read. */
export function sourceLabel({ file, format, conversation, conversationCount }: SessionSource): string {
  const which = conversationCount > 1 ? ` ${conversation}/${conversationCount}` : '';
  return `${shownLine(basename(file))} (${format}${which})`;
}
