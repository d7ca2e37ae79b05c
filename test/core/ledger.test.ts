import { describe, expect, it } from 'vitest';
import { requireModel } from '../../src/core/catalog.js';
import { FORMAT_RULES, requestTokens, type ChatMessage } from '../../src/core/chatFormat.js';
import {
  appendMessage,
  appendMessages,
  createLedger,
  dropLast,
  ledgerEntries,
  ledgerStatus,
} from '../../src/core/ledger.js';
import { LESSON_MESSAGES } from '../../src/core/lesson.js';
import { runStatus } from '../../src/core/runStatus.js';
import { runStrategy, type StrategyCall } from '../../src/core/strategies/index.js';
import { loadTokenizer } from '../../src/core/tokenizer.js';
import type { ModelEntry } from '../../src/core/catalog.js';
import type { CountText } from '../../src/core/chatFormat.js';

const user = (content: string): ChatMessage => ({ role: 'user', content });
const assistant = (content: string): ChatMessage => ({ role: 'assistant', content });

// A counter whose answers are easy to add up by hand: one token per word.
const countWords = (text: string): number => (text.trim() === '' ? 0 : text.trim().split(/\s+/).length);

async function gpt4Ledger(overrides = {}) {
  const { count } = await loadTokenizer('cl100k_base');
  return createLedger({ model: requireModel('gpt-4', overrides), count });
}

/** The one engine over the messages (keep-all: what the ledger counts); its calls in order. */
function keepAll(model: ModelEntry, count: CountText, messages: readonly ChatMessage[], toolTokens = 0) {
  const run = runStrategy({ messages, model, count, strategy: 'keep-all', toolTokens });
  const calls: StrategyCall[] = run.steps.flatMap((step) => step.calls);
  return { run, calls, status: runStatus(run) };
}

describe('ledger', () => {
  it('starts empty at the reply priming: 3 tokens, nothing spent', async () => {
    const status = ledgerStatus(await gpt4Ledger());
    expect(status).toEqual({ messages: 0, usedTokens: 3, limit: 8192, percent: (3 / 8192) * 100, overLimit: false });
    const { count } = await loadTokenizer('cl100k_base');
    expect(keepAll(requireModel('gpt-4'), count, []).status).toMatchObject({ messages: 0, usedTokens: 3, cumulativeCost: 0, calls: 0 });
  });

  it('used tokens after each message equal a fresh count of the whole request', async () => {
    const { count } = await loadTokenizer('cl100k_base');
    let ledger = await gpt4Ledger();
    for (const [i, message] of LESSON_MESSAGES.entries()) {
      ledger = appendMessage(ledger, message);
      expect(ledgerStatus(ledger).usedTokens).toBe(requestTokens(LESSON_MESSAGES.slice(0, i + 1), count));
    }
  });

  it('puts the lesson scenario over gpt-4 8,192 limit at the log paste: 10,021 tokens, 122.3%', async () => {
    const ledger = appendMessages(await gpt4Ledger(), LESSON_MESSAGES.slice(0, 2));
    const status = ledgerStatus(ledger);
    expect(status.usedTokens).toBe(10_021);
    expect(status.percent.toFixed(1)).toBe('122.3');
    expect(status.overLimit).toBe(true);
    const { count } = await loadTokenizer('cl100k_base');
    const priced = keepAll(requireModel('gpt-4'), count, LESSON_MESSAGES.slice(0, 2)).status;
    expect(priced).toMatchObject({ usedTokens: 10_021, overLimit: true, cumulativeCost: 0 });
    expect(priced.nextCallCost).toBeCloseTo(0.30063, 10);
  });

  it('bills an assistant turn as one call: the history before it as input, its content as output', () => {
    const model = requireModel('gpt-4', { priceIn: 10, priceOut: 20 });
    const messages = [
      user('one two three'), // 3 + 1 (role) + 3 = 7; used 3 + 7 = 10
      assistant('four five'), // call: input 10 tokens, output 2 tokens
      user('six'),
      assistant('seven eight nine'),
    ];
    const { calls, status } = keepAll(model, countWords, messages);
    expect(calls.length).toBe(2);
    const [first, second] = calls;
    expect(first!.cost).toBeCloseTo((10 * 10 + 2 * 20) / 1e6, 12);
    const usedBeforeSecond = 10 + (3 + 1 + 2) + (3 + 1 + 1);
    expect(second!.inputTokens).toBe(usedBeforeSecond);
    expect(second!.cost).toBeCloseTo((usedBeforeSecond * 10 + 3 * 20) / 1e6, 12);
    expect(status.cumulativeCost).toBeCloseTo(first!.cost + second!.cost, 12);
    expect(status.calls).toBe(2);
    // The ledger's counts are the engine's: the same context after every message.
    const ledger = appendMessages(createLedger({ model, count: countWords }), messages);
    expect(ledgerEntries(ledger).map((entry) => entry.usedTokens)).toEqual(keepAll(model, countWords, messages).run.steps.map((step) => step.usedTokens));
  });

  it('prices the next call with a custom input price and limit', () => {
    const model = requireModel('gpt-4o', { limit: 20, priceIn: 1_000_000 });
    const ledger = appendMessage(createLedger({ model, count: countWords }), user('a b c d e f g h i j k l m n'));
    const status = ledgerStatus(ledger);
    expect(status.usedTokens).toBe(3 + 3 + 1 + 14);
    expect(status.overLimit).toBe(true);
    expect(status.percent).toBeCloseTo(105, 10);
    // The price it would bill, though the API refuses it.
    expect(keepAll(model, countWords, [user('a b c d e f g h i j k l m n')]).status).toMatchObject({ nextCallCost: 21, overLimit: true });
  });

  it('undoes the last message exactly, back to empty', async () => {
    const base = await gpt4Ledger();
    const one = appendMessage(base, user('Hello there.'));
    const two = appendMessage(one, assistant('Hi! How can I help?'));
    expect(ledgerStatus(dropLast(two))).toEqual(ledgerStatus(one));
    expect(ledgerStatus(dropLast(dropLast(two)))).toEqual(ledgerStatus(base));
    expect(ledgerStatus(dropLast(base))).toEqual(ledgerStatus(base));
  });

  it('with the lesson rule reproduces the lesson script: content + 4 per message, no priming', () => {
    const model = requireModel('gpt-4');
    const ledger = appendMessage(createLedger({ model, count: countWords, rule: FORMAT_RULES.lesson }), user('a b'));
    expect(ledgerStatus(ledger).usedTokens).toBe(6);
  });

  it('bills tool definitions on every request, the first call included', () => {
    const model = requireModel('gpt-4', { priceIn: 10, priceOut: 20 });
    const empty = createLedger({ model, count: countWords, tools: 50 });
    expect(ledgerStatus(empty).usedTokens).toBe(3 + 50);
    const ledger = appendMessages(empty, [user('one two three'), assistant('four five')]);
    const [first] = ledgerEntries(ledger);
    expect(first!.usedTokens).toBe(3 + 50 + (3 + 1 + 3));
    const { calls } = keepAll(model, countWords, [user('one two three'), assistant('four five')], 50);
    expect(calls.length).toBe(1);
    expect(calls[0]!.cost).toBeCloseTo(((3 + 50 + 7) * 10 + 2 * 20) / 1e6, 12);
    expect(ledgerStatus(dropLast(dropLast(ledger))).usedTokens).toBe(53);
  });

  it('prices images by the model: gpt-4o-mini bills the same tile more', () => {
    const tile = 'data:image/gif;base64,' + Buffer.from([71, 73, 70, 56, 57, 97, 0, 2, 0, 2, 0, 0, 0]).toString('base64'); // GIF 512 x 512
    const message: ChatMessage = { role: 'user', content: [{ type: 'image_url', image_url: { url: tile } }] };
    const tokensOn = (id: string) => ledgerStatus(appendMessage(createLedger({ model: requireModel(id), count: countWords }), message)).usedTokens;
    expect(tokensOn('gpt-4o')).toBe(3 + 3 + 1 + 85 + 170);
    expect(tokensOn('gpt-4o-mini')).toBe(3 + 3 + 1 + 2833 + 5667);
  });
});

describe('ledger replay', () => {
  it('replays 10,000 turns counting each message once: counting work grows linearly, not with history', async () => {
    const { count } = await loadTokenizer('o200k_base');
    let calls = 0;
    let charsCounted = 0;
    const countingWrapper = (text: string): number => {
      calls++;
      charsCounted += text.length;
      return count(text);
    };
    const turns = Array.from({ length: 10_000 }, (_, i) =>
      i % 2 === 0 ? user(`Line ${i}: Error: Connection Refused at host-${i % 17}`) : assistant(`Retrying request ${i}.`),
    );
    const ownChars = turns.reduce((sum, turn) => sum + turn.role.length + String(turn.content).length, 0);

    let ledger = createLedger({ model: requireModel('gpt-4o'), count: countingWrapper });
    const callsAt: number[] = [];
    for (const turn of turns) {
      ledger = appendMessage(ledger, turn);
      callsAt.push(calls);
    }
    // Role and content of each message, once: 2 calls and its own characters per turn.
    expect(calls).toBe(2 * turns.length);
    expect(charsCounted).toBe(ownChars);
    expect(callsAt[9_999]! - callsAt[9_998]!).toBe(callsAt[1]! - callsAt[0]!);
    // And the running total is still what a fresh count of the whole request gives.
    expect(ledgerStatus(ledger).usedTokens).toBe(requestTokens(turns, count));
  });
});
