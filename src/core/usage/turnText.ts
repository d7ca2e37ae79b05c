/**
 * What a call's turn said, as the log wrote it: the user's prompt, the reply, thinking, tool calls
 * and their results. Kept to show the call in the dashboard, never counted: an agent's log does not
 * hold the whole request (its system prompt and tool definitions are not written), so no count of
 * ours could stand beside the reported one. Text from a file is untrusted: the views sanitize it.
 */
export type TurnPartKind = 'user' | 'assistant' | 'thinking' | 'toolCall' | 'toolResult';

export interface TurnPart {
  readonly kind: TurnPartKind;
  /** The text, its first TURN_TEXT_KEPT characters (a 5 MB tool result is not held for a 2-row fold). */
  readonly text: string;
  /** The tool's name (tool calls, and results whose call named it); the role where it is not the user's. */
  readonly name?: string;
  /** Lines of the whole text, kept or not. */
  readonly lines: number;
  /** Characters left out after TURN_TEXT_KEPT. */
  readonly cut: number;
}

/** The dashboard folds each part to a few rows: this many characters are plenty for them. */
export const TURN_TEXT_KEPT = 2000;

export function turnPart(kind: TurnPartKind, whole: string, name?: string): TurnPart {
  // Trailing newlines and spaces show as nothing but blank rows: a file's last newline ends its last line.
  const text = whole.trimEnd();
  let lines = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  const cut = Math.max(0, text.length - TURN_TEXT_KEPT);
  return { kind, text: cut > 0 ? text.slice(0, TURN_TEXT_KEPT) : text, lines, cut, ...(name !== undefined && name !== '' && { name }) };
}

/** A tool call's input as one string: a string as it is, anything else as compact JSON. */
export function inputText(input: unknown): string {
  if (typeof input === 'string') return input;
  if (input === undefined || input === null) return '';
  try {
    return JSON.stringify(input) ?? '';
  } catch {
    return '';
  }
}
