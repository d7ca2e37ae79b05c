import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requireModel, type ModelEntry } from '../../src/core/catalog.js';
import type { ChatMessage } from '../../src/core/chatFormat.js';
import { appendMessages, createLedger, ledgerEntries } from '../../src/core/ledger.js';
import { LESSON_MESSAGES } from '../../src/core/lesson.js';
import { compareRuns, runAllStrategies } from '../../src/core/strategies/compareStrategies.js';
import {
  expandRanges,
  runStrategy,
  STRATEGY_NAMES,
  SUMMARY_LABEL,
  fitToTokens,
  type StrategyCall,
  type StrategyRun,
  type StrategySettings,
} from '../../src/core/strategies/index.js';
import { contentText } from '../../src/core/chatFormat.js';
import { loadTokenizer } from '../../src/core/tokenizer.js';
import { oracleEncode } from '../support/oracle.js';
import { assistant, conversations, countWords, system, toolCall, toolResult, user, words } from '../support/conversations.js';

const gpt4 = (overrides = {}): ModelEntry => requireModel('gpt-4', overrides);

function run(messages: readonly ChatMessage[], strategy: StrategyRun['strategy'], model = gpt4(), settings: Partial<StrategySettings> = {}) {
  return runStrategy({ messages, model, count: countWords, strategy, settings });
}

const allCalls = (r: StrategyRun): StrategyCall[] => r.steps.flatMap((step) => step.calls);
const sentAt = (call: StrategyCall): number[] => expandRanges(call.sent);

describe('keep-all', () => {
  it("counts as the ledger does, and bills the lesson's calls as the API would: all five over gpt-4's window, refused", async () => {
    const { count } = await loadTokenizer('cl100k_base');
    const model = gpt4();
    const ledger = appendMessages(createLedger({ model, count }), LESSON_MESSAGES);
    const result = runStrategy({ messages: LESSON_MESSAGES, model, count, strategy: 'keep-all' });
    const entries = ledgerEntries(ledger);
    expect(result.steps).toHaveLength(entries.length);
    expect(result.steps.map((step) => step.usedTokens)).toEqual(entries.map((entry) => entry.usedTokens));
    expect(result.steps[1]!.usedTokens).toBe(10_021);
    expect(result.totals.usedTokens).toBe(10_136);
    // The next call is still quoted (what it would bill), but every call made was refused.
    expect(result.steps[1]!.nextCallCost).toBeCloseTo((10_021 * 30) / 1e6, 12);
    expect(allCalls(result).length).toBe(5);
    expect(allCalls(result).every((call) => call.refused)).toBe(true);
    // The peak is the largest request sent (the last reply's, 10,113), not the 10,136 after the last message, which no call sends.
    expect(result.totals).toMatchObject({ calls: 5, refusedCalls: 5, cumulativeCost: 0, inputTokens: 0, peakTokens: 10_113 });
  });

  it('bills every call as the API would, on random conversations and limits: priced by hand, refused over the window', () => {
    fc.assert(
      fc.property(conversations, fc.integer({ min: 20, max: 400 }), (messages, limit) => {
        const model = gpt4({ priceIn: 7, priceOut: 11, limit });
        const ledger = appendMessages(createLedger({ model, count: countWords }), messages);
        const entries = ledgerEntries(ledger);
        const result = run(messages, 'keep-all', model);
        let spent = 0;
        let calls = 0;
        let refused = 0;
        result.steps.forEach((step, i) => {
          const before = i === 0 ? 3 : entries[i - 1]!.usedTokens;
          if (messages[i]!.role === 'assistant') {
            calls++;
            if (before > limit) refused++;
            else spent += (before * 7 + (entries[i]!.contentTokens) * 11) / 1e6;
          }
          expect(step.usedTokens).toBe(entries[i]!.usedTokens);
          expect(step.cumulativeCost).toBeCloseTo(spent, 12);
          expect(step.sentMessages).toBe(i + 1);
        });
        expect(result.totals).toMatchObject({ calls, refusedCalls: refused });
        expect(result.steps.length).toBe(messages.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe('window', () => {
  it('never sends a call over the limit minus the reserve, and never drops a system message', () => {
    fc.assert(
      fc.property(conversations, fc.integer({ min: 40, max: 400 }), fc.integer({ min: 0, max: 30 }), (messages, limit, reserve) => {
        const result = run(messages, 'window', gpt4({ limit }), { reserve });
        for (const call of allCalls(result)) {
          const sent = sentAt(call);
          const systemsBefore = messages.flatMap((m, i) => (m.role === 'system' && i < call.index ? [i] : []));
          expect(sent).toEqual(expect.arrayContaining(systemsBefore));
          const onlySystems = sent.every((i) => messages[i]!.role === 'system');
          if (!onlySystems) expect(call.inputTokens).toBeLessThanOrEqual(limit - reserve);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('drops the oldest turn whole, keeps the newest, and cannot send a message bigger than the window', () => {
    // limit 40, reserve 0. Per message: 3 + 1 (role) + words.
    const messages = [system('be brief'), user(words(10)), assistant(words(5)), user(words(6)), assistant(words(2)), user(words(50))];
    const result = run(messages, 'window', gpt4({ limit: 40 }), { reserve: 0 });
    // After message 3: 3 + 6 + 14 + 9 + 10 = 42 > 40: turn 1 (messages 1, 2) goes whole.
    expect(result.steps[3]!.removed).toEqual([1, 2]);
    expect(result.steps[3]!.usedTokens).toBe(3 + 6 + 10);
    // The reply at message 4 sends the system prompt and message 3.
    expect(sentAt(result.steps[4]!.calls[0]!)).toEqual([0, 3]);
    // Message 5 alone (54 tokens) never fits: it is dropped on arrival, with its turn's older messages.
    expect(result.steps[5]!.removed).toEqual([3, 4, 5]);
    expect(result.steps[5]!.usedTokens).toBe(3 + 6);
  });
});

describe('evict-large', () => {
  it('removes exactly the large message when the second later user turn arrives', () => {
    // large = 20 tokens; the log is 3 + 1 + 30 = 34 tokens, everything else is small.
    const messages = [
      system('be brief'),
      user('hello'),
      user(words(30)),
      assistant('ok'),
      user('line 40?'),
      assistant('yes'),
      user('line 50?'),
      assistant('no'),
    ];
    const result = run(messages, 'evict-large', gpt4(), { large: 20, keepTurns: 2 });
    const removals = result.steps.flatMap((step) => step.removed.map((index) => ({ index, at: step.index })));
    expect(removals).toEqual([{ index: 2, at: 6 }]);
    expect(sentAt(result.steps[5]!.calls[0]!)).toContain(2); // the reply to the first follow-up still sees it
    expect(sentAt(result.steps[7]!.calls[0]!)).not.toContain(2); // the reply to the second does not
    expect(result.steps[6]!.usedTokens).toBe(run(messages, 'keep-all').steps[6]!.usedTokens - 34);
  });

  it('on random conversations without tool calls removes the large messages, and only them, at the right turn', () => {
    const plain = conversations.map((messages) => messages.filter((m) => m.role !== 'tool' && !m.tool_calls));
    fc.assert(
      fc.property(plain, fc.integer({ min: 5, max: 60 }), fc.integer({ min: 1, max: 3 }), (messages, large, keepTurns) => {
        const result = run(messages, 'evict-large', gpt4(), { large, keepTurns });
        const removals = result.steps.flatMap((step) => step.removed.map((index) => ({ index, at: step.index })));
        const expected = messages.flatMap((message, index) => {
          const tokens = 3 + 1 + countWords(contentText(message));
          if (tokens <= large || message.role === 'system') return [];
          const laterUsers = messages.flatMap((m, i) => (i > index && m.role === 'user' ? [i] : []));
          const at = laterUsers[keepTurns - 1];
          return at === undefined ? [] : [{ index, at }];
        });
        expect(removals).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('in one user turn (an agent loop) removes a large tool result once --keep-turns reply calls have sent it', () => {
    const messages = [user('fix it'), toolCall('a'), toolResult('a', words(40)), toolCall('b'), toolResult('b', 'ok'), toolCall('c'), toolResult('c', 'ok'), assistant('done')];
    const result = run(messages, 'evict-large', gpt4(), { large: 20, keepTurns: 2 });
    const removals = result.steps.flatMap((step) => step.removed.map((index) => ({ index, at: step.index })));
    // The result and its call go after the second reply call to send them (the third call, at index 5).
    expect(removals).toEqual([{ index: 1, at: 5 }, { index: 2, at: 5 }]);
    expect(sentAt(result.steps[5]!.calls[0]!)).toContain(2);
    expect(sentAt(result.steps[7]!.calls[0]!)).not.toContain(2);
    // Small tool results stay.
    expect(sentAt(result.steps[7]!.calls[0]!)).toEqual([0, 3, 4, 5, 6]);
  });

  it('removes a large tool result together with the tool call it answers', () => {
    const messages = [user('look it up'), toolCall('a'), toolResult('a', words(40)), assistant('found'), user('next'), user('next')];
    const result = run(messages, 'evict-large', gpt4(), { large: 20, keepTurns: 2 });
    expect(result.steps[5]!.removed).toEqual([1, 2]);
  });
});

describe('summarize', () => {
  const messages = [system('be brief'), user('a b c'), assistant('d e'), user('f g'), assistant('h'), user('i j k'), assistant('l')];

  it('bills the summary call: the replaced turns as input, the summary as output', () => {
    const model = gpt4({ priceIn: 10, priceOut: 20 });
    const result = run(messages, 'summarize', model, { keepTurns: 2, summaryTokens: 40 });
    const step = result.steps[5]!;
    expect(step.removed).toEqual([1, 2]);
    const [summaryCall] = step.calls;
    // Input: "a b c" (3 + 1 + 3 = 7) and "d e" (3 + 1 + 2 = 6), plus 3 for the request.
    expect(summaryCall).toMatchObject({ kind: 'summary', index: 5, inputTokens: 16, withSummary: false });
    const summaryText = contentText(step.summary!);
    expect(summaryText.startsWith(SUMMARY_LABEL)).toBe(true);
    expect(summaryCall!.outputTokens).toBe(countWords(summaryText));
    expect(summaryCall!.cost).toBeCloseTo((16 * 10 + countWords(summaryText) * 20) / 1e6, 12);
    expect(step.cumulativeCost).toBeCloseTo(result.steps[4]!.cumulativeCost + summaryCall!.cost, 12);
    // The next reply sends the system prompt, the summary and the last two turns.
    const reply = result.steps[6]!.calls[0]!;
    expect(sentAt(reply)).toEqual([0, 3, 4, 5]);
    expect(reply.withSummary).toBe(true);
    expect(reply.inputTokens).toBe(3 + 6 + (3 + 1 + countWords(summaryText)) + 6 + 5 + 7);
  });

  it('keeps the summary within --summary-tokens on the lesson, counted as tiktoken does', async () => {
    const { count } = await loadTokenizer('cl100k_base');
    const result = runStrategy({ messages: LESSON_MESSAGES, model: gpt4(), count, strategy: 'summarize', settings: { summaryTokens: 60 } });
    const summaries = result.steps.flatMap((step) => (step.summary ? [contentText(step.summary)] : []));
    expect(summaries.length).toBeGreaterThan(0);
    for (const text of summaries) expect(oracleEncode('cl100k_base', text).length).toBeLessThanOrEqual(60);
  });

  it('folds the previous summary into the next summary call', () => {
    const result = run(messages, 'summarize', gpt4(), { keepTurns: 1, summaryTokens: 40 });
    const summaryCalls = allCalls(result).filter((call) => call.kind === 'summary');
    expect(summaryCalls.map((call) => call.index)).toEqual([3, 5]);
    expect(summaryCalls[1]!.withSummary).toBe(true);
  });
});

describe('every strategy', () => {
  /** The assistant whose tool_calls a tool message answers: the nearest earlier one calling its id. */
  function callerOf(messages: readonly ChatMessage[], index: number): number | undefined {
    const id = messages[index]!.tool_call_id;
    for (let i = index - 1; i >= 0; i--) if (messages[i]!.tool_calls?.some((call) => call.id === id)) return i;
    return undefined;
  }

  it('never sends a tool result without its tool call, nor a tool call without the results it has had', () => {
    fc.assert(
      fc.property(
        conversations,
        fc.constantFrom(...STRATEGY_NAMES),
        fc.integer({ min: 30, max: 300 }),
        fc.integer({ min: 1, max: 3 }),
        (messages, strategy, limit, keepTurns) => {
          const result = run(messages, strategy, gpt4({ limit }), { reserve: 5, large: 20, keepTurns, summaryTokens: 20 });
          for (const call of allCalls(result)) {
            const sent = new Set(sentAt(call));
            const arrived = (i: number) => (call.kind === 'reply' ? i < call.index : i <= call.index);
            messages.forEach((message, i) => {
              if (message.role !== 'tool' || !arrived(i)) return;
              const caller = callerOf(messages, i);
              if (caller === undefined) return;
              expect(sent.has(i)).toBe(sent.has(caller));
            });
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('compare: each total equals the sum of its per-turn costs and of its calls priced by hand', () => {
    fc.assert(
      fc.property(conversations, (messages) => {
        const model = gpt4({ priceIn: 3, priceOut: 5, limit: 200 });
        const runs = runAllStrategies({ messages, model, count: countWords });
        const rows = compareRuns(runs);
        runs.forEach((r, i) => {
          const perTurn = r.steps.reduce((sum, step) => sum + step.callCost, 0);
          // A refused call (over the 200-token window) bills nothing.
          const byHand = allCalls(r).reduce((sum, call) => sum + (call.inputTokens > 200 ? 0 : (call.inputTokens * 3 + call.outputTokens * 5) / 1e6), 0);
          expect(rows[i]!.cumulativeCost).toBeCloseTo(perTurn, 12);
          expect(rows[i]!.cumulativeCost).toBeCloseTo(byHand, 12);
          expect(rows[i]!.savings).toBeCloseTo(runs[0]!.totals.cumulativeCost - r.totals.cumulativeCost, 12);
          expect(rows[i]!.refusedCalls).toBe(allCalls(r).filter((call) => call.inputTokens > 200).length);
          expect(rows[i]!.overLimitCalls).toBe(rows[i]!.refusedCalls);
          // The largest request a call sent, not a context no call sends.
          expect(rows[i]!.peakTokens).toBe(allCalls(r).reduce((peak, call) => Math.max(peak, call.inputTokens), 0));
        });
      }),
      { numRuns: 150 },
    );
  });
});

describe('fitToTokens', () => {
  it('returns a prefix within the budget, as tiktoken counts it, for any text', async () => {
    const { count } = await loadTokenizer('o200k_base');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.integer({ min: 0, max: 40 }), (text, max) => {
        const fitted = fitToTokens(text, max, count);
        expect(text.startsWith(fitted)).toBe(true);
        expect(oracleEncode('o200k_base', fitted).length).toBeLessThanOrEqual(max);
      }),
      { numRuns: 300 },
    );
    expect(fitToTokens('x'.repeat(400), 5, count).length).toBeGreaterThan(0); // one long word is cut, not dropped
  });
});

describe('cached prefix', () => {
  // A write-read cache from 1 token reads exactly the common prefix, so cachedTokens shows it bare.
  const exact: ModelEntry = {
    ...gpt4({ limit: 150 }),
    promptCache: { style: 'write-read', minTokens: 1, writeMultiplier: 1.25, readMultiplier: 0.1, source: 'test' },
  };
  // One word per token, and a tool call is its function name, its arguments and 3 of framing (chatFormat's rule).
  const toolCallWords = (m: ChatMessage) =>
    (m.tool_calls ?? []).reduce((sum, call) => sum + countWords(call.function.name) + countWords(call.function.arguments) + 3, 0);
  const tokensOf = (m: ChatMessage) => 3 + 1 + countWords(contentText(m)) + toolCallWords(m);

  it('is the tokens of the leading messages a call shares with the last call the API took (a refused call caches nothing)', () => {
    let refusedSeen = 0;
    fc.assert(
      fc.property(conversations, fc.constantFrom('keep-all', 'window', 'evict-large' as const), (messages, strategy) => {
        const result = runStrategy({ messages, model: exact, count: countWords, strategy, cache: true, settings: { reserve: 10, large: 20 } });
        let previous: number[] = [];
        for (const call of allCalls(result)) {
          if (call.refused) {
            refusedSeen++;
            expect(call).toMatchObject({ cachedTokens: 0, cacheWriteTokens: 0, cost: 0 });
            continue;
          }
          const sent = sentAt(call);
          let shared = 0;
          for (let i = 0; i < sent.length && sent[i] === previous[i]; i++) shared += tokensOf(messages[sent[i]!]!);
          expect(call.cachedTokens).toBe(shared);
          previous = sent;
        }
      }),
      { numRuns: 300 },
    );
    // The 150-token window refuses some calls: the property did meet refusals.
    expect(refusedSeen).toBeGreaterThan(0);
  });
});

describe('precomputed counts (what the dashboard passes)', () => {
  /** Plain messages' counts by the cookbook rule, by hand: 3 + the role + the content. */
  const countsOf = (messages: readonly ChatMessage[]) =>
    messages.map((message) => ({ tokens: 3 + countWords(message.role) + countWords(contentText(message)), contentTokens: countWords(contentText(message)) }));

  // The shape's own counts, taken from a run that counted: the same numbers the dashboard's ledger holds.
  const countedShape = (messages: readonly ChatMessage[]) => {
    const counted = run(messages, 'keep-all');
    // The framing: 3, the role, and 3 per tool call.
    const framing = (message: ChatMessage) => 3 + countWords(message.role) + 3 * (message.tool_calls?.length ?? 0);
    return counted.steps.map((step, i) => ({ tokens: step.tokens, contentTokens: step.tokens - framing(messages[i]!) }));
  };

  it('give the same run as counting, on random conversations, for every strategy', () => {
    fc.assert(
      fc.property(conversations, (messages) => {
        for (const strategy of STRATEGY_NAMES) {
          const counted = run(messages, strategy);
          const given = runStrategy({ messages, model: gpt4(), count: countWords, strategy, counts: countedShape(messages) });
          expect(given).toEqual(counted);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('never count a message again: only simulated summaries are counted', () => {
    const messages = [user(words(5)), user(words(2_000)), assistant(words(7)), user(words(3)), assistant(words(4)), user(words(6)), assistant(words(2))];
    for (const strategy of STRATEGY_NAMES) {
      const seen: string[] = [];
      const spy = (text: string) => {
        seen.push(text);
        return countWords(text);
      };
      runStrategy({ messages, model: gpt4(), count: spy, strategy, counts: countsOf(messages) });
      const messageTexts = new Set(messages.map(contentText));
      expect(seen.filter((text) => messageTexts.has(text) || text === 'user' || text === 'assistant'), strategy).toEqual([]);
      if (strategy !== 'summarize') expect(seen, strategy).toEqual([]);
    }
  });

  it('refuse counts that do not match the messages', () => {
    expect(() => runStrategy({ messages: [user('a b')], model: gpt4(), count: countWords, strategy: 'keep-all', counts: [] })).toThrow(/0 counts for 1 messages/);
  });
});

describe('the context after the last message', () => {
  it('names the messages the next call sends: evict-large on the lesson sends all but the log once it has aged out', () => {
    const evicted = run(LESSON_MESSAGES, 'evict-large', gpt4(), { large: 100 });
    expect(expandRanges(evicted.sent)).toEqual(LESSON_MESSAGES.map((_, i) => i).filter((i) => i !== 1));
    expect(evicted.summary).toBeUndefined();
    const kept = run(LESSON_MESSAGES, 'keep-all');
    expect(expandRanges(kept.sent)).toEqual(LESSON_MESSAGES.map((_, i) => i));
  });

  it('carries the summary the next call sends under summarize, whose tokens the last step counts', () => {
    const summarized = run(LESSON_MESSAGES, 'summarize');
    const last = summarized.steps[summarized.steps.length - 1]!;
    expect(summarized.summary?.content).toContain(SUMMARY_LABEL);
    expect(last.summaryTokens).toBe(3 + countWords('system') + countWords(contentText(summarized.summary!)));
    // Sent: the base, the summary, and the messages named.
    const named = expandRanges(summarized.sent).reduce((sum, i) => sum + summarized.steps[i]!.tokens, 0);
    expect(last.usedTokens).toBe(3 + last.summaryTokens + named);
  });
});
