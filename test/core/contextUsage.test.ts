import { describe, expect, it } from 'vitest';
import { requireModel } from '../../src/core/catalog.js';
import type { ChatMessage } from '../../src/core/chatFormat.js';
import { usageLevel } from '../../src/core/contextUsage.js';
import { callCostPoints } from '../../src/core/costChart.js';
import { appendMessage, appendMessages, createLedger, dropLast, ledgerEntries, type Ledger } from '../../src/core/ledger.js';
import { sentContextUsage } from '../../src/core/sentUsage.js';
import { runOnLedger } from '../../src/core/strategies/ledgerRun.js';
import { loadTokenizer } from '../../src/core/tokenizer.js';
import { oracleEncode } from '../support/oracle.js';

const tokens = (text: string) => oracleEncode('cl100k_base', text).length;

async function ledgerOf(messages: readonly ChatMessage[], limit?: number) {
  const { count } = await loadTokenizer('cl100k_base');
  return appendMessages(createLedger({ model: requireModel('gpt-4', limit ? { limit } : {}), count }), messages);
}

/** keep-all over the dashboard's ledger, as the gauge and the cost chart run it. */
function keepAllOf(ledger: Ledger) {
  return runOnLedger(ledgerEntries(ledger), ledger, 'keep-all', {}, undefined);
}

/** What the gauge shows under keep-all: the context the next call sends. */
function contextUsage(ledger: Ledger) {
  return sentContextUsage(ledgerEntries(ledger), keepAllOf(ledger));
}

describe('what fills the window (the gauge, under keep-all)', () => {
  const messages: ChatMessage[] = [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: 'Here is my log: ' + 'Error: Connection Refused '.repeat(40) },
    { role: 'assistant', content: 'Restart the database.' },
    { role: 'tool', content: '{"status": "restarted"}' },
  ];

  it("splits the prompt by author, each message's framing with it as the pane shows it, and the parts add up to what the next call bills", async () => {
    const ledger = await ledgerOf(messages);
    const usage = contextUsage(ledger);
    // 3 per message and its role go with the message; the 3 that prime the reply are the format's.
    expect(usage.parts).toEqual({
      system: 3 + tokens('system') + tokens('You are terse.'),
      user: 3 + tokens('user') + tokens(String(messages[1]!.content)),
      assistant: 3 + tokens('assistant') + tokens('Restart the database.'),
      tool: 3 + tokens('tool') + tokens('{"status": "restarted"}'),
      definitions: 0,
      overhead: 3,
    });
    // Each part is the figure the conversation pane shows beside that message.
    const entries = ledgerEntries(ledger);
    expect(entries.length).toBe(4);
    expect(entries.map((entry) => entry.tokens)).toEqual([usage.parts.system, usage.parts.user, usage.parts.assistant, usage.parts.tool]);
    expect(Object.values(usage.parts).reduce((a, b) => a + b, 0)).toBe(usage.used);
  });

  it('counts the tool definitions as a part of their own, so the parts still add up', async () => {
    const { count } = await loadTokenizer('cl100k_base');
    const ledger = appendMessages(createLedger({ model: requireModel('gpt-4'), count, tools: 105 }), messages);
    const usage = contextUsage(ledger);
    expect(usage.parts.definitions).toBe(105);
    expect(Object.values(usage.parts).reduce((a, b) => a + b, 0)).toBe(usage.used);
  });

  it('names the largest message by its 1-based number, with its share of the prompt', async () => {
    const usage = contextUsage(await ledgerOf(messages));
    const logTokens = 3 + tokens('user') + tokens(String(messages[1]!.content));
    expect(usage.largest).toEqual({ number: 2, role: 'user', tokens: logTokens, share: (logTokens / usage.used) * 100 });
  });

  it('has no largest message and only the reply priming when empty', async () => {
    const usage = contextUsage(await ledgerOf([]));
    expect(usage).toMatchObject({ used: 3, largest: undefined, level: 'low' });
  });

  it.each([
    [49, 100, 'low'],
    [50, 100, 'elevated'],
    [79, 100, 'elevated'],
    [80, 100, 'high'],
    [100, 100, 'high'],
    [101, 100, 'over'],
  ] as const)('%i of %i tokens is %s', (used, limit, level) => {
    expect(usageLevel(used, limit)).toBe(level);
  });

  it('gives the input cost of each reply call, a refused one at what it would bill, and marked', async () => {
    const system = { role: 'system' as const, content: 'You are terse.' };
    const reply = { role: 'assistant' as const, content: 'Hi.' };
    const ledger = await ledgerOf([system, reply, { role: 'user', content: 'word '.repeat(120) }, reply], 100);
    const points = callCostPoints(keepAllOf(ledger));
    // Four messages, two calls: a point per call.
    expect(points).toHaveLength(2);
    const firstUsed = 3 + 3 + tokens('system') + tokens('You are terse.');
    expect(points[0]).toEqual({ number: 1, message: 2, inputCost: (firstUsed * 30) / 1e6, usedTokens: firstUsed, level: 'low', refused: false });
    expect(points[1]).toMatchObject({ number: 2, message: 4, level: 'over', refused: true });
    expect(points[1]!.inputCost).toBeCloseTo((points[1]!.usedTokens * 30) / 1e6, 12);
  });
});

describe('the gauge as a conversation grows turn by turn (a replay)', () => {
  it('adds each turn to what it knew of the turns before, and shows what a count from nothing shows, undos included', async () => {
    const { count } = await loadTokenizer('cl100k_base');
    let ledger = createLedger({ model: requireModel('gpt-4.1'), count });
    const roles = ['system', 'user', 'assistant', 'tool'] as const;
    for (let turn = 0; turn < 300; turn++) {
      // Sizes that make a new largest message now and then, and ties with it.
      const words = turn % 37 === 0 ? 400 : 5 + ((turn * 7) % 23);
      ledger = appendMessage(ledger, { role: roles[turn % 4]!, content: `turn ${turn % 50} `.repeat(words) });
      if (turn % 29 === 0) ledger = dropLast(ledger); // Ctrl+B: the last turn undone
      const entries = ledgerEntries(ledger);
      const run = runOnLedger(entries, ledger, 'keep-all', {}, undefined);
      // Copies of the entries are new to it: everything counted from the first message.
      const fromNothing = sentContextUsage(entries.map((entry) => ({ ...entry })), run);
      expect(sentContextUsage(entries, run)).toEqual(fromNothing);
    }
    expect(ledgerEntries(ledger).length).toBeGreaterThan(280);
  });
});
