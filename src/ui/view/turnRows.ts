import { formatTokens } from '../../core/format.js';
import { sanitizeLine } from '../../core/sanitize.js';
import type { TurnPart } from '../../core/usage/turnText.js';
import { foldCached } from './fold.js';

/**
 * A replayed call's turn as the pane shows it: the prompt and the reply folded to a few rows, each
 * thinking block, tool call and tool result folded to one line. Every row comes from `foldText`,
 * so it is shown escaped (text from a log never drives the terminal) and no wider than `width`.
 */
export interface TurnRow {
  readonly tone: 'user' | 'assistant' | 'thinking' | 'tool' | 'fold';
  readonly text: string;
}

export interface TurnFit {
  /** Display columns of the pane's content. */
  readonly width: number;
  /** Rows a prompt or a reply may take (its fold line included); 0: no turn text at all. */
  readonly textRows: number;
  /** Rows the whole turn may take: parts in the middle give way to one line saying what they were. */
  readonly maxRows: number;
  /** Unfolded (Enter): thinking, tool calls and results folded as a prompt is, not to one line. */
  readonly unfolded?: boolean;
}

const INDENT = 2;
const NAME_COLUMNS = 24;

export function turnRows(parts: readonly TurnPart[] | undefined, fit: TurnFit): TurnRow[] {
  if (!parts || parts.length === 0 || fit.textRows === 0 || fit.maxRows <= 0) return [];
  const blocks = parts.map((part) => partRows(part, fit));
  const total = blocks.reduce((sum, rows) => sum + rows.length, 0);
  if (total <= fit.maxRows) return blocks.flat();
  // The prompt (first) and the newest parts (the reply) stay; the middle is told in one line.
  const first = blocks[0]!.slice(0, Math.max(1, fit.maxRows - 2));
  let room = fit.maxRows - first.length - 1;
  let from = blocks.length;
  while (from > 1 && blocks[from - 1]!.length <= room) room -= blocks[--from]!.length;
  const left = parts.slice(1, from);
  const told = left.length > 0 ? [{ tone: 'fold' as const, text: fitted(`… ${leftOut(left)}`, fit.width) }] : [];
  return [...first, ...told, ...blocks.slice(from).flat()].slice(0, fit.maxRows);
}

/** "3 tool calls, 2 results": what the middle of a long turn was. */
function leftOut(parts: readonly TurnPart[]): string {
  const counts = new Map<string, number>();
  for (const part of parts) counts.set(KIND_WORDS[part.kind], (counts.get(KIND_WORDS[part.kind]) ?? 0) + 1);
  return [...counts].map(([word, n]) => `${formatTokens(n)} ${word}${n === 1 ? '' : 's'}`).join(', ');
}

const KIND_WORDS: Readonly<Record<TurnPart['kind'], string>> = { user: 'prompt', assistant: 'reply', thinking: 'thought', toolCall: 'tool call', toolResult: 'result' };

function partRows(part: TurnPart, fit: TurnFit): TurnRow[] {
  const name = part.name === undefined ? '' : shortName(part.name);
  if (fit.unfolded && part.kind !== 'user' && part.kind !== 'assistant') return labelledRows(part, name, fit);
  switch (part.kind) {
    case 'user':
    case 'assistant':
      return textRows(part, part.kind, name, fit);
    case 'thinking':
      return [oneLine(part, 'thinking', 'thinking: ', fit.width)];
    case 'toolCall':
      return [oneLine(part, 'tool', `tool ${name || 'call'} `, fit.width)];
    case 'toolResult': {
      const lines = part.lines > 1 ? `, ${formatTokens(part.lines)} lines` : '';
      return [oneLine(part, 'tool', `result${name === '' ? '' : ` ${name}`}${lines}: `, fit.width)];
    }
  }
}

/** A prompt (›) or reply (‹): its first rows, indented under the marker; a fold line for what is left. A role other than the user's is named first. */
function textRows(part: TurnPart, tone: 'user' | 'assistant', role: string, fit: TurnFit): TurnRow[] {
  const width = Math.max(1, fit.width - INDENT);
  const folded = foldCached(part, role === '' ? part.text : `[${role}] ${part.text}`, width, fit.textRows);
  const marker = tone === 'user' ? '› ' : '‹ ';
  const rows: TurnRow[] = folded.rows.map((row, i) => ({ tone, text: `${i === 0 ? marker : ' '.repeat(INDENT)}${row}` }));
  const hidden = folded.hiddenRows + (part.cut > 0 ? 1 : 0);
  if (hidden > 0) rows.push({ tone: 'fold', text: `${' '.repeat(INDENT)}… ${part.lines > folded.rows.length ? `${formatTokens(part.lines)} lines` : 'more'}` });
  return rows;
}

/** Unfolded: the part's label on its own row, its text's rows under it, indented (a fold line for what the rows cannot hold). */
function labelledRows(part: TurnPart, name: string, fit: TurnFit): TurnRow[] {
  const tone: TurnRow['tone'] = part.kind === 'thinking' ? 'thinking' : 'tool';
  const label = part.kind === 'thinking' ? 'thinking:' : part.kind === 'toolCall' ? `tool ${name || 'call'}:` : `result${name === '' ? '' : ` ${name}`}:`;
  const folded = foldCached(part, part.text, Math.max(1, fit.width - INDENT), fit.textRows);
  const rows: TurnRow[] = [{ tone, text: fitted(label, fit.width) }, ...folded.rows.map((row) => ({ tone, text: `${' '.repeat(INDENT)}${row}` }))];
  if (folded.hiddenRows > 0 || part.cut > 0) rows.push({ tone: 'fold', text: `${' '.repeat(INDENT)}… ${formatTokens(part.lines)} lines` });
  return rows;
}

/** One row: a label, then the text's first row at the columns left (the rest folded away). */
function oneLine(part: TurnPart, tone: TurnRow['tone'], label: string, width: number): TurnRow {
  if (label.length >= width) return { tone, text: label.slice(0, width) };
  // One column kept for the ellipsis that says the text goes on.
  const folded = foldCached(part, part.text, Math.max(1, width - label.length - 1), 1);
  const more = folded.hiddenRows > 0 || part.cut > 0;
  return { tone, text: `${label}${folded.rows[0] ?? ''}${more ? '…' : ''}` };
}

/** A tool's or role's name from the log: escaped, printable ASCII (its columns are its length), kept short. */
function shortName(name: string): string {
  const safe = sanitizeLine(name).replace(/[^\x20-\x7e]/g, '?');
  return safe.length > NAME_COLUMNS ? `${safe.slice(0, NAME_COLUMNS - 1)}…` : safe;
}

/** Plain text (ours) cut to the width, an ellipsis where it was. */
function fitted(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}
