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
  it('evict-large on an agent loop (one user turn, many large tool results) says why it evicts nothing', () => {
    const ids = ['a', 'b', 'c', 'd'];
    const loop = [user('fix the build'), ...ids.flatMap((id) => [toolCall(id), toolResult(id, words(80))]), assistant('done')];
    const evict = run(loop, 'evict-large');
    expect(evict.totals.cumulativeCost).toBe(run(loop, 'keep-all').totals.cumulativeCost);
    expect(savingReason(evict)).toMatch(/^evict-large: nothing evicted: messages 3, 5 and 2 more over 50 tokens .*and the conversation has 1 user turn \(an agent loop/);
    expect(strategyNotes(evict)).toContain('one user turn: nothing leaves before 1 more');
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
