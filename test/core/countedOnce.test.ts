import { describe, expect, it } from 'vitest';
import { compareReport } from '../../src/commands/compare.js';
import { requireModel } from '../../src/core/catalog.js';
import type { ChatMessage, CountText } from '../../src/core/chatFormat.js';
import { fileReport } from '../../src/core/report/fileReport.js';
import { runAllStrategies } from '../../src/core/strategies/compareStrategies.js';
import { loadTokenizer } from '../../src/core/tokenizer.js';

/** The real tokenizer, with every text it is handed written down: the boundary a count crosses. */
function countingTokenizer(count: CountText): { count: CountText; texts: string[] } {
  const texts: string[] = [];
  return {
    texts,
    count: (text) => {
      texts.push(text);
      return count(text);
    },
  };
}

/** Turns with pasted logs well over the 4,096 chars a short-text memo keeps, each its own text. */
function conversationWithPastes(turns: number): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: 'system', content: 'You answer questions about logs.' }];
  for (let i = 0; i < turns; i++) {
    const log = Array.from({ length: 120 }, (_, line) => `turn ${i} line ${line}: ERROR connection ${line * 7 + i} refused`).join('\n');
    messages.push({ role: 'user', content: `Paste ${i}:\n${log}` });
    messages.push({ role: 'assistant', content: `Turn ${i}: the connections were refused.` });
  }
  return messages;
}

const timesCounted = (texts: readonly string[], text: string) => texts.filter((counted) => counted === text).length;

describe('every message is counted once per encoding', () => {
  const messages = conversationWithPastes(12);
  const model = requireModel('gpt-4o', { limit: 20_000 });

  it('compare runs four strategies, with a chart and a budget, on one count of each message', async () => {
    const tokenizer = countingTokenizer((await loadTokenizer(model.encoding)).count);
    const report = compareReport(runAllStrategies({ messages, model, count: tokenizer.count, settings: { large: 500 } }), { budget: 5, chart: 'best' });
    expect(report.strategies.map((row) => row.strategy)).toEqual(['keep-all', 'window', 'evict-large', 'summarize']);
    for (const message of messages) expect(timesCounted(tokenizer.texts, message.content as string)).toBe(1);
    // Beyond the messages, only the simulated summaries' short texts reach the tokenizer.
    const handed = tokenizer.texts.reduce((sum, text) => sum + text.length, 0);
    const written = messages.reduce((sum, message) => sum + (message.content as string).length, 0);
    expect(handed).toBeLessThan(written * 1.1);
  });

  it('report counts a message over 4,096 chars once, under every strategy', async () => {
    for (const strategy of ['keep-all', 'evict-large', 'window', 'summarize'] as const) {
      const tokenizer = countingTokenizer((await loadTokenizer(model.encoding)).count);
      fileReport({ messages, format: 'openai', conversation: 1, conversationCount: 1 }, { model, count: tokenizer.count, strategy });
      const pastes = messages.filter((message) => (message.content as string).length > 4096);
      expect(pastes.length).toBe(12);
      for (const message of pastes) expect(timesCounted(tokenizer.texts, message.content as string)).toBe(1);
    }
  });
});
