import { contentText, uncountedParts, type ChatMessage, type Role } from '../../core/chatFormat.js';
import { entriesAfter, ledgerEntries, type Ledger, type LedgerEntry } from '../../core/ledger.js';
import { foldCached } from './fold.js';
import { appendAll } from '../../core/arrays.js';
import { formatTokens } from '../../core/format.js';

/**
 * The conversation pane as rows: a heading per message (number, role, its tokens, its share of
 * the prompt), its text folded to a few rows, then a blank. Messages still being counted come last.
 */
export type ConversationRow =
  | {
      readonly kind: 'heading';
      readonly number: number;
      readonly role: Role;
      /** Undefined while the message is being counted. */
      readonly tokens: number | undefined;
      readonly share: number | undefined;
      /** Parts its tokens leave out (images of unknown size). */
      readonly notCounted: number;
      /** Why a strategy does not send the message ("evicted"), in place of its share. */
      readonly left?: string;
    }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'fold'; readonly hiddenRows: number; readonly tokens: number | undefined }
  | { readonly kind: 'gap' };

/** Rows a message's text may take before it is folded (its fold line included); 0: headings only. */
export function foldRowsFor(paneRows: number): number {
  if (paneRows < 4) return 0;
  if (paneRows < 8) return 2;
  return paneRows < 14 ? 3 : 4;
}

function messageRows(message: ChatMessage, width: number, maxRows: number, tokens: number | undefined): ConversationRow[] {
  const text = contentText(message);
  if (text === '') return [{ kind: 'text', text: '(no text)' }];
  const folded = foldCached(message, text, width, maxRows);
  // Rows come shown (escaped, widths agreed with the terminal): see fold.ts.
  const rows: ConversationRow[] = folded.rows.map((row) => ({ kind: 'text', text: row }));
  if (folded.hiddenRows > 0) rows.push({ kind: 'fold', hiddenRows: folded.hiddenRows, tokens });
  return rows;
}

/** Every row of the conversation, for one width and fold (as `conversationRowList` gives them). */
export function conversationRows(ledger: Ledger, pending: readonly ChatMessage[], width: number, maxRows: number): ConversationRow[] {
  const list = conversationRowList(entryRowsFrom(undefined, ledger, width, maxRows), ledger, pending);
  return list.slice(0, list.length);
}

/**
 * The ledger's messages as rows, kept between frames and grown in place: a message appended adds
 * its own rows and nothing before it is built again (a replay used to rebuild every message's
 * rows each turn). Headings carry no share here (it changes with every turn): `conversationRowList`
 * puts it on the rows it hands out.
 */
export interface EntryRows {
  /** Only ever appended to: `length` is this list's part of it. */
  readonly rows: ConversationRow[];
  readonly length: number;
  readonly last: LedgerEntry | undefined;
  readonly width: number;
  readonly maxRows: number;
  /** Image parts not counted, over every message. */
  readonly notCounted: number;
}

export function entryRowsFrom(previous: EntryRows | undefined, ledger: Ledger, width: number, maxRows: number): EntryRows {
  const grows = previous && previous.width === width && previous.maxRows === maxRows && previous.rows.length === previous.length;
  const added = grows ? entriesAfter(previous.last, ledger) : undefined;
  const base = previous && added ? previous : { rows: [] as ConversationRow[], notCounted: 0 };
  const rows = base.rows;
  let parts = base.notCounted;
  for (const entry of added ?? ledgerEntries(ledger)) {
    const uncounted = notCounted(entry.message);
    parts += uncounted;
    rows.push({ kind: 'heading', number: entry.index + 1, role: entry.message.role, tokens: entry.tokens, share: undefined, notCounted: uncounted });
    if (maxRows > 0) appendAll(rows, [...messageRows(entry.message, width, maxRows, entry.tokens), { kind: 'gap' }]);
  }
  return { rows, length: rows.length, last: ledger.last, width, maxRows, notCounted: parts };
}

/** The rows of a conversation, read a slice at a time: only the rows on screen are ever copied. */
export interface RowSource {
  readonly length: number;
  slice(from: number, to: number): ConversationRow[];
}

export interface ConversationRowList extends RowSource {
  /** Image parts the figures leave out, over every counted message. */
  readonly notCounted: number;
}

/** The ledger's rows, then those of the messages still being counted; headings with their share of the prompt. */
export function conversationRowList(entries: EntryRows, ledger: Ledger, pending: readonly ChatMessage[], used = ledger.last?.usedTokens ?? ledger.config.rule.requestTokens): ConversationRowList {
  const tail: ConversationRow[] = [];
  const count = ledger.last ? ledger.last.index + 1 : 0;
  pending.forEach((message, i) => {
    tail.push({ kind: 'heading', number: count + i + 1, role: message.role, tokens: undefined, share: undefined, notCounted: 0 });
    if (entries.maxRows > 0) appendAll(tail, [...messageRows(message, entries.width, entries.maxRows, undefined), { kind: 'gap' }]);
  });
  const trailingGap = (tail.length > 0 ? tail[tail.length - 1] : entries.length > 0 ? entries.rows[entries.length - 1] : undefined)?.kind === 'gap';
  const length = entries.length + tail.length - (trailingGap ? 1 : 0);
  const at = (i: number): ConversationRow => {
    const row = i < entries.length ? entries.rows[i]! : tail[i - entries.length]!;
    return row.kind === 'heading' && row.tokens !== undefined ? { ...row, share: (row.tokens / used) * 100 } : row;
  };
  return {
    length,
    notCounted: entries.notCounted,
    slice: (from, to) => {
      const rows: ConversationRow[] = [];
      for (let i = Math.max(0, from); i < Math.min(length, to); i++) rows.push(at(i));
      return rows;
    },
  };
}

function notCounted(message: ChatMessage): number {
  return typeof message.content === 'string' || message.content === null ? 0 : uncountedParts([message]).length;
}

/** "1 image not counted": what the figures leave out, or '' when nothing. */
export function notCountedLabel(parts: number): string {
  return parts === 0 ? '' : `${parts} image${parts === 1 ? '' : 's'} not counted`;
}

/**
 * A fold row's words at `width`: "... (1,998 more lines, 10,011 tokens)", shortened so its figures
 * stay whole ("... (+1,998 lines, 10,011 tok)"); at 80 x 24 it was cut to "10,011 tok…".
 */
export function foldLabel(row: Extract<ConversationRow, { kind: 'fold' }>, width: number): string {
  const lines = formatTokens(row.hiddenRows);
  const more = `${lines} more line${row.hiddenRows === 1 ? '' : 's'}`;
  if (row.tokens === undefined) return fitted([`... (${more})`, `... (+${lines})`, `+${lines}`], width);
  const tokens = formatTokens(row.tokens);
  return fitted([`... (${more}, ${tokens} tokens)`, `... (${more}, ${tokens} tok)`, `... (+${lines} lines, ${tokens} tok)`, `(+${lines}, ${tokens} tok)`, `+${lines} lines`], width);
}

const fitted = (forms: readonly string[], width: number) => forms.find((form) => form.length <= width) ?? forms[forms.length - 1]!;

/** The rows in view: the newest at the bottom, `scroll` rows up from it. */
export function visibleRows(rows: RowSource, height: number, scroll: number): readonly ConversationRow[] {
  const end = Math.max(0, rows.length - scroll);
  return rows.slice(Math.max(0, end - height), end);
}

export function maxScroll(rows: RowSource, height: number): number {
  return Math.max(0, rows.length - height);
}
