import { describe, expect, it } from 'vitest';
import { requireModel } from '../../../src/core/catalog.js';
import type { ChatMessage } from '../../../src/core/chatFormat.js';
import { runStrategy, savingReason, type StrategyName } from '../../../src/core/strategies/index.js';
import { strategyNotes } from '../../../src/ui/view/strategyNotes.js';
import { assistant, countWords, toolCall, toolResult, user, words } from '../../support/conversations.js';

const model = requireModel('gpt-4o');
const run = (messages: readonly ChatMessage[], strategy: StrategyName, settings = {}) =>
  runStrategy({ messages, model, count: countWords, strategy, settings: { large: 50, keepTurns: 1, ...settings } });

/** A long history where every user turn pastes something large: evict-large evicts one per turn. */
const pastes = (turns: number): ChatMessage[] => Array.from({ length: turns }, () => [user(words(60)), assistant('ok')]).flat();

describe('strategy notes are summarised, never one note per message', () => {
  it('sums 400 evictions up in one note (the gauge joined one string per eviction, and Ink measured it for seconds)', () => {
    const evicted = run(pastes(400), 'evict-large');
    const paste = evicted.steps[0]!.tokens;
    const notes = strategyNotes(evicted);
    expect(notes.length).toBeLessThanOrEqual(3);
    expect(notes).toContain(`evicted 399 messages (${(399 * paste).toLocaleString('en-US')} tokens)`);
    expect(notes.join(' · ').length).toBeLessThan(200);
  });

  it('lists a few evictions one by one, as before', () => {
    const evicted = run(pastes(2), 'evict-large');
    expect(strategyNotes(evicted)).toContain(`#1 (${evicted.steps[0]!.tokens} tokens) evicted after #3`);
  });
});

describe('savingReason: why a strategy saved what it saved', () => {
  it('evict-large on an agent loop (one user turn, many large tool results) evicts them by calls, and says so', () => {
    const ids = ['a', 'b', 'c', 'd'];
    const loop = [user('fix the build'), ...ids.flatMap((id) => [toolCall(id), toolResult(id, words(80))]), assistant('done')];
    const evict = run(loop, 'evict-large');
    // It saved nothing before (one user turn: nothing left before the second): now each result
    // goes with its call once one reply call (--keep-turns 1) has sent it.
    expect(evict.totals.cumulativeCost).toBeLessThan(run(loop, 'keep-all').totals.cumulativeCost);
    const removals = evict.steps.flatMap((step) => step.removed.map((index) => ({ index, at: step.index })));
    expect(removals).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((index) => ({ index, at: index % 2 === 1 ? index + 2 : index + 1 })));
    expect(savingReason(evict)).toBe(
      `evict-large: 8 messages (${(4 * evict.steps[2]!.tokens + 4 * evict.steps[1]!.tokens).toLocaleString('en-US')} tokens) evicted by calls: ` +
        'large tool results and the tool calls they answer, once 1 reply call had sent them (an agent loop makes its calls in one user turn)',
    );
    expect(strategyNotes(evict)).not.toContain('one user turn: nothing leaves before 1 more');
  });

  it('evict-large says what is still to go, and why nothing went yet', () => {
    const start = [user('fix the build'), toolCall('a'), toolResult('a', words(80))];
    const evict = run(start, 'evict-large', { keepTurns: 2 });
    expect(savingReason(evict)).toMatch(/^evict-large: nothing evicted yet: message 3 over 50 tokens would go 2 user turns later .*a tool result once 2 reply calls have sent it/);
    expect(strategyNotes(evict)).toContain(`#3 (${evict.steps[2]!.tokens} tokens): evicted in 2 reply calls`);
    // A large user message in one user turn waits for user turns: said so.
    const paste = run([user(words(80)), assistant('ok')], 'evict-large');
    expect(strategyNotes(paste)).toContain('one user turn: nothing leaves before 1 more');
  });

  it("window says its saving comes from never sending a message too big for it", () => {
    const lesson = [user('hello'), user(words(200)), assistant('ok'), user('and?'), assistant('ok')];
    const windowed = runStrategy({ messages: lesson, model: requireModel('gpt-4', { limit: 150 }), count: countWords, strategy: 'window', settings: { reserve: 10 } });
    expect(savingReason(windowed)).toContain('message 2 never sent, so no reply sees it');
  });

  it('keep-all is the baseline: nothing to explain', () => {
    expect(savingReason(run(pastes(2), 'keep-all'))).toBeUndefined();
  });
});
