import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { priceCall } from '../../src/core/callPricing.js';
import { requireModel } from '../../src/core/catalog.js';
import { FORMAT_RULES, requestTokens, type ChatMessage } from '../../src/core/chatFormat.js';
import { formatRuleForModel } from '../../src/core/chatTemplates.js';
import { fileReport } from '../../src/core/report/fileReport.js';
import { runStatus } from '../../src/core/runStatus.js';
import { expandRanges, runStrategy } from '../../src/core/strategies/index.js';
import { loadTokenizer } from '../../src/core/tokenizer.js';
import { loadConversation } from '../../src/io/conversationFile.js';
import { createAccountant, UnknownModelError, UsageShapeError } from '../../src/lib/index.js';
import { countTokens } from '../../src/lib/tokenizer.js';
import { findModel } from '../../src/lib/catalog.js';
import { oracleEncode } from '../support/oracle.js';

const lessonText = readFileSync(new URL('../../fixtures/lesson.json', import.meta.url), 'utf8');
const lesson = loadConversation(lessonText, 'fixtures/lesson.json').messages;

describe('createAccountant', () => {
  it("status() after each add() is the engine's status for the same conversation, as every command shows it", async () => {
    const accountant = await createAccountant({ model: 'gpt-4' });
    const model = requireModel('gpt-4');
    const { count } = await loadTokenizer(model.encoding);
    const run = runStrategy({ messages: lesson, model, count, strategy: 'keep-all' });
    lesson.forEach((message, step) => {
      const status = accountant.add(message);
      expect(status).toMatchObject(runStatus(run, step));
    });
    // The lesson's story: over gpt-4's window, calls refused, nothing spent.
    const report = fileReport(loadConversation(lessonText, 'fixtures/lesson.json'), { model, count, strategy: 'keep-all' });
    expect(accountant.status()).toMatchObject({
      usedTokens: report.totals.usedTokens,
      limit: 8192,
      overLimit: true,
      cumulativeCost: report.totals.cumulativeCost,
      refusedCalls: report.totals.refusedCalls,
      estimate: false,
      booked: { calls: 0, cost: 0 },
    });
    expect(accountant.status().refusedCalls).toBeGreaterThan(0);
  });

  it('counts a request as OpenAI bills it (tiktoken), fits() and costOf() by the one pricing engine', async () => {
    const accountant = await createAccountant({ model: 'gpt-4o' });
    const messages: ChatMessage[] = [
      { role: 'system', content: 'Short answers. 中文字符, emoji 👍🏽.' },
      { role: 'user', content: 'Hello there, what is `x => x * 2`?' },
    ];
    const tiktoken = (text: string) => oracleEncode('o200k_base', text).length;
    const expected = messages.reduce((sum, m) => sum + FORMAT_RULES.cookbook.messageTokens(m, tiktoken), 3);
    expect(accountant.count(messages)).toBe(expected);
    const model = requireModel('gpt-4o');
    expect(accountant.costOf(messages, { outputTokens: 500 })).toMatchObject(
      priceCall(model, { inputTokens: expected, outputTokens: 500, prefixTokens: 0, cache: false }, model.contextWindow),
    );
    expect(accountant.fits(messages)).toBe(true);
    expect(accountant.fits(messages, { reserve: model.contextWindow - expected + 1 })).toBe(false);
    expect(accountant.fits(messages, { reserve: model.contextWindow - expected })).toBe(true);
  });

  it("fit() returns the messages a strategy sends: report's strategy run, the summary in its place", async () => {
    const accountant = await createAccountant({ model: 'gpt-4' });
    const model = requireModel('gpt-4');
    const { count } = await loadTokenizer(model.encoding);
    for (const strategy of ['window', 'evict-large'] as const) {
      const fit = accountant.fit(lesson, { strategy });
      const run = runStrategy({ messages: lesson, model, count, strategy });
      expect(fit.messages).toEqual(expandRanges(run.sent).map((index) => lesson[index]));
      expect(fit.tokens).toBe(run.totals.usedTokens);
      expect(fit.dropped.length).toBe(lesson.length - fit.kept.length);
    }
    const summarized = accountant.fit(lesson, { strategy: 'summarize', keepTurns: 1 });
    expect(summarized.summary).toBeDefined();
    expect(summarized.messages[summarized.summaryAt!]).toBe(summarized.summary);
    expect(summarized.messages.filter((m) => m !== summarized.summary)).toEqual(summarized.kept.map((index) => lesson[index]));
    expect(summarized.fits).toBe(true);
  });

  it('record() books what each API reported, at the catalog price; a Claude accountant is an estimate', async () => {
    const claude = await createAccountant({ model: 'claude-sonnet-4-5' });
    expect(claude.estimate).toBe(true);
    const model = claude.model;
    const booked = claude.record({ input_tokens: 10, output_tokens: 20, cache_read_input_tokens: 2000, cache_creation_input_tokens: 0 });
    expect(booked.cost).toBeCloseTo((10 * model.inputPerMillion + 2000 * model.cachedInputPerMillion! + 20 * model.outputPerMillion) / 1e6, 12);
    const openai = await createAccountant({ model: 'gpt-4o' });
    openai.record({ input_tokens: 100, output_tokens: 50, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 10 } });
    openai.record({ inputTokens: 300, outputTokens: 0 });
    expect(openai.status().booked).toMatchObject({ calls: 2, inputTokens: 400, outputTokens: 50, reasoningTokens: 10 });
    expect(() => openai.record({ prompt_tokens: -1, completion_tokens: 2 })).toThrow(UsageShapeError);
    expect(() => openai.record({ tokens: 3 })).toThrow(UsageShapeError);
  });

  it('an unknown model is a typed error', async () => {
    await expect(createAccountant({ model: 'no-such-model-xyz' })).rejects.toBeInstanceOf(UnknownModelError);
  });
});

describe('subpath entries', () => {
  it('tokenizer: counts as tiktoken does; catalog: the entries every command prices from', async () => {
    const text = 'Context windows fill up: 中文字符, emoji 👍🏽.';
    expect(await countTokens(text, 'cl100k_base')).toBe(oracleEncode('cl100k_base', text).length);
    expect(findModel('gpt-4o')).toEqual(requireModel('gpt-4o'));
  });
});

describe('open-weight models in the library', () => {
  it('counts Llama 3 text with its own tokenizer (Meta\'s ids: 6 for the reference sentence) and frames a conversation by its template', async () => {
    // "This is a test sentence." is [2028, 374, 264, 1296, 11914, 13] in llama3-tokenizer-js's tests.
    expect(await countTokens('This is a test sentence.', 'llama3')).toBe(6);
    const accountant = await createAccountant({ model: 'llama-3.3-70b' });
    const model = requireModel('llama-3.3-70b');
    expect(model.encoding).toBe('llama3');
    expect(model.estimate).not.toBe(true);
    const messages: ChatMessage[] = [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'What does a context window hold?' },
    ];
    for (const message of messages) accountant.add(message);
    const { count } = await loadTokenizer('llama3');
    expect(accountant.status().usedTokens).toBe(requestTokens(messages, count, formatRuleForModel(model)));
    expect(accountant.status().estimate).toBe(false);
  });
});
