import { contentText, uncountedParts, type ChatMessage, type Role } from '../../core/chatFormat.js';
import { ledgerEntries, type Ledger } from '../../core/ledger.js';
import { foldCached } from './fold.js';
import { appendAll } from '../../core/arrays.js';

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

export function conversationRows(ledger: Ledger, pending: readonly ChatMessage[], width: number, maxRows: number): ConversationRow[] {
  const used = ledger.last?.usedTokens ?? ledger.config.rule.requestTokens;
  const rows: ConversationRow[] = [];
  const entries = ledgerEntries(ledger);
  const body = (message: ChatMessage, tokens: number | undefined): ConversationRow[] =>
    maxRows === 0 ? [] : [...messageRows(message, width, maxRows, tokens), { kind: 'gap' }];
  for (const entry of entries) {
    const share = (entry.tokens / used) * 100;
    rows.push({ kind: 'heading', number: entry.index + 1, role: entry.message.role, tokens: entry.tokens, share, notCounted: notCounted(entry.message) });
    appendAll(rows, body(entry.message, entry.tokens));
  }
  pending.forEach((message, i) => {
    rows.push({ kind: 'heading', number: entries.length + i + 1, role: message.role, tokens: undefined, share: undefined, notCounted: 0 });
    appendAll(rows, body(message, undefined));
  });
  if (rows[rows.length - 1]?.kind === 'gap') rows.pop();
  return rows;
}

function notCounted(message: ChatMessage): number {
  return typeof message.content === 'string' || message.content === null ? 0 : uncountedParts([message]).length;
}

/** "1 image not counted": what the figures leave out, or '' when nothing. */
export function notCountedLabel(parts: number): string {
  return parts === 0 ? '' : `${parts} image${parts === 1 ? '' : 's'} not counted`;
}

/** The rows in view: the newest at the bottom, `scroll` rows up from it. */
export function visibleRows(rows: readonly ConversationRow[], height: number, scroll: number): readonly ConversationRow[] {
  const end = Math.max(0, rows.length - scroll);
  return rows.slice(Math.max(0, end - height), end);
}

export function maxScroll(rows: readonly ConversationRow[], height: number): number {
  return Math.max(0, rows.length - height);
}
