import { describe, expect, it } from 'vitest';
import { priceTierWarnings, projectRun } from '../../src/core/budget.js';
import { requireModel, type ModelEntry } from '../../src/core/catalog.js';
import { runStrategy } from '../../src/core/strategies/index.js';
import { assistant, countWords, user, words } from '../support/conversations.js';

// $1 per input token and nothing for output keep the sums easy to do by hand.
const model = (extra: Partial<ModelEntry> = {}): ModelEntry => ({
  ...requireModel('gpt-4'),
  contextWindow: 100,
  inputPerMillion: 1_000_000,
  outputPerMillion: 0,
  ...extra,
});

// Per message 3 + 1 + words. Used after each: 9, 14, 20, 25, 31. Replies bill 9 and 20: $29 spent.
const messages = [user('a b'), assistant('c'), user('d e'), assistant('f'), user('g h')];

describe('budget projection', () => {
  it('projects turns until the limit and until the budget at the current growth', () => {
    const run = runStrategy({ messages, model: model(), count: countWords, strategy: 'keep-all' });
    const projection = projectRun(run, 200);
    // After each user message: 9, 20, 31: +11 per turn. Call k sends 31 + 11 (k - 1).
    expect(projection).toMatchObject({ spent: 29, budgetLeft: 171, budgetCrossedAt: null, growthPerTurn: 11, nextCallTokens: 31 });
    // Calls of 31, 42, 53, ... fit the 100-token limit up to 97: seven calls.
    expect(projection.turnsUntilLimit).toBe(7);
    // $31 + $42 + $53 = $126 <= $171; + $64 = $190 > $171: three turns.
    expect(projection.turnsUntilBudget).toBe(3);
    expect(projection.priceTier).toBeNull();
  });

  it('says when the budget was crossed and that no turn is left', () => {
    const projection = projectRun(runStrategy({ messages, model: model(), count: countWords, strategy: 'keep-all' }), 20);
    expect(projection).toMatchObject({ budgetLeft: -9, budgetCrossedAt: 3, turnsUntilBudget: 0 });
  });

  it('prices the turns above a tier at the tier price and counts the calls below it', () => {
    const tiered = model({ priceTiers: [{ aboveInputTokens: 50, inputPerMillion: 2_000_000, outputPerMillion: 0 }] });
    const projection = projectRun(runStrategy({ messages, model: tiered, count: countWords, strategy: 'keep-all' }), 200);
    // $31 + $42 = $73; the third call sends 53 > 50 tokens: $106, total $179 > $171.
    expect(projection.turnsUntilBudget).toBe(2);
    expect(projection.turnsUntilPriceTier).toBe(2);
  });

  it('never runs out of window under the window strategy, whose calls stop growing at the limit minus the reserve', () => {
    const run = runStrategy({ messages, model: model({ contextWindow: 40 }), count: countWords, strategy: 'window', settings: { reserve: 5 } });
    // Used after each message: 9, 14, 20, 25, 31 (all under 35). Spent $29; growth +11 per turn.
    const projection = projectRun(run, 200);
    expect(projection.turnsUntilLimit).toBeNull();
    // Calls of 31, then 35 (capped: 42 > 40 - 5), 35, ...: $31 + 4 x $35 = $171 = all that is left.
    expect(projection.turnsUntilBudget).toBe(5);
  });

  it('warns at the message after which the next call is above a price tier', () => {
    const tiered = model({ contextWindow: 1000, priceTiers: [{ aboveInputTokens: 40, inputPerMillion: 2_000_000, outputPerMillion: 0 }] });
    const run = runStrategy({ messages: [...messages, assistant('i'), user(words(20))], model: tiered, count: countWords, strategy: 'keep-all' });
    // Used: 9, 14, 20, 25, 31, 36, 60: above 40 after message 6 only.
    expect(priceTierWarnings(run)).toEqual([{ index: 6, usedTokens: 60, tier: tiered.priceTiers![0] }]);
    // The reply after it is billed at the tier price: 60 x $2.
    const calls = runStrategy({ messages: [...messages, assistant('i'), user(words(20)), assistant('j')], model: tiered, count: countWords, strategy: 'keep-all' });
    expect(calls.steps[7]!.callCost).toBe(120);
  });
});
