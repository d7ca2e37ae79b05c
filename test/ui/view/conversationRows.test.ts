import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requireModel } from '../../../src/core/catalog.js';
import { appendMessage, createLedger, dropLast, type Ledger } from '../../../src/core/ledger.js';
import { conversationRowList, conversationRows, entryRowsFrom, type EntryRows } from '../../../src/ui/view/conversationRows.js';
import { conversations, countWords, user } from '../../support/conversations.js';

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i} of a longer message`).join('\n');

describe('the conversation rows, grown a turn at a time', () => {
  it('are the rows built from scratch after every turn, undo and resize included', () => {
    const step = fc.oneof(
      { weight: 6, arbitrary: fc.constant('append' as const) },
      { weight: 1, arbitrary: fc.constant('undo' as const) },
      { weight: 1, arbitrary: fc.constant('resize' as const) },
      { weight: 1, arbitrary: fc.constant('pending' as const) },
    );
    fc.assert(
      fc.property(conversations, fc.array(step, { maxLength: 40 }), fc.integer({ min: 0, max: 6 }), (messages, steps, long) => {
        const all = [user(lines(long)), ...messages];
        let ledger: Ledger = createLedger({ model: requireModel('gpt-4'), count: countWords });
        let grown: EntryRows | undefined;
        let width = 40;
        let next = 0;
        for (const kind of steps) {
          if (kind === 'undo') ledger = dropLast(ledger);
          if (kind === 'resize') width = width === 40 ? 25 : 40;
          if (kind === 'append' && next < all.length) ledger = appendMessage(ledger, all[next++]!);
          const pending = kind === 'pending' ? [user('waiting to be counted')] : [];
          grown = entryRowsFrom(grown, ledger, width, 3);
          const list = conversationRowList(grown, ledger, pending);
          expect(list.slice(0, list.length)).toEqual(conversationRows(ledger, pending, width, 3));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('adds only the new message\'s rows to those kept, and hands out the rows asked for with their share', () => {
    const one = appendMessage(createLedger({ model: requireModel('gpt-4'), count: countWords }), user('w1 w2 w3'));
    const two = appendMessage(one, user(lines(10)));
    const first = entryRowsFrom(undefined, one, 40, 3);
    const second = entryRowsFrom(first, two, 40, 3);
    expect(second.rows).toBe(first.rows);
    expect(first.length).toBeLessThan(second.length);
    const list = conversationRowList(second, two, []);
    const [heading] = list.slice(0, 1);
    expect(heading).toMatchObject({ kind: 'heading', number: 1, share: (one.last!.tokens / two.last!.usedTokens) * 100 });
  });
});
