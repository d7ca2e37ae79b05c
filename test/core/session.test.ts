import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/core/chatFormat.js';
import { resumedReplay } from '../../src/core/session.js';

const user = (content: string): ChatMessage => ({ role: 'user', content });
const queue = [user('one'), user('two'), user('three')];

describe('resumedReplay: where a resumed session stands in the queue', () => {
  it('takes the replayed messages that are the queue\'s first turns, in order, typed ones between them', () => {
    expect(resumedReplay([user('one'), user('typed'), user('two')], [true, false, true], queue)).toEqual({ applied: 2, fromQueue: [true, false, true] });
  });

  it('matches a journal\'s copy whatever its key order and absent keys', () => {
    const fromJournal = { content: 'one', role: 'user', name: undefined } as unknown as ChatMessage;
    expect(resumedReplay([fromJournal], [true], queue).applied).toBe(1);
  });

  it('starts the queue afresh for replayed turns of another queue, or a journal without marks', () => {
    expect(resumedReplay([user('other')], [true], queue)).toEqual({ applied: 0, fromQueue: [false] });
    expect(resumedReplay([user('one')], [], queue)).toEqual({ applied: 0, fromQueue: [false] });
    // Never more than the queue has.
    expect(resumedReplay(queue, [true, true, true], queue.slice(0, 1)).applied).toBe(1);
  });
});
