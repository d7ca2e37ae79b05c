import fc from 'fast-check';
import type { ChatMessage } from '../../src/core/chatFormat.js';
import { appendMessage, dropLast, type Ledger } from '../../src/core/ledger.js';

/**
 * What the dashboard does to its ledger between two frames, for the properties that a view grown
 * turn by turn equals the one made afresh: one message appended (most often), a few at once (a
 * fast replay's tick), an undo, an undo and another message in the same frame (the ledger as long
 * as before, its last message another), and with `resize` the panel resized (another column count).
 */
export type DashboardTurn =
  | { readonly kind: 'append'; readonly messages: number }
  | { readonly kind: 'undo' }
  | { readonly kind: 'replace' }
  | { readonly kind: 'resize'; readonly columns: number };

const growing = [
  { weight: 6, arbitrary: fc.constant<DashboardTurn>({ kind: 'append', messages: 1 }) },
  { weight: 1, arbitrary: fc.integer({ min: 2, max: 5 }).map((messages): DashboardTurn => ({ kind: 'append', messages })) },
  { weight: 1, arbitrary: fc.constant<DashboardTurn>({ kind: 'undo' }) },
  { weight: 1, arbitrary: fc.constant<DashboardTurn>({ kind: 'replace' }) },
];

export const dashboardTurn = (options: { readonly resize?: boolean } = {}): fc.Arbitrary<DashboardTurn> =>
  options.resize
    ? fc.oneof(...growing, { weight: 1, arbitrary: fc.integer({ min: 1, max: 12 }).map((columns): DashboardTurn => ({ kind: 'resize', columns })) })
    : fc.oneof(...growing);

/** The ledger after `turn`, the next messages of `messages` (from `next` on) appended: and where the next turn takes them from. */
export function applyTurn(ledger: Ledger, turn: DashboardTurn, messages: readonly ChatMessage[], next: number): { readonly ledger: Ledger; readonly next: number } {
  if (turn.kind === 'undo') return { ledger: dropLast(ledger), next };
  if (turn.kind === 'resize') return { ledger, next };
  if (turn.kind === 'replace') return applyTurn(dropLast(ledger), { kind: 'append', messages: 1 }, messages, next);
  let grown = ledger;
  let taken = next;
  for (let i = 0; i < turn.messages && taken < messages.length; i++) grown = appendMessage(grown, messages[taken++]!);
  return { ledger: grown, next: taken };
}
