import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { priceCall, quoteCall } from '../../../src/core/callPricing.js';
import { requireModel } from '../../../src/core/catalog.js';
import { FORMAT_RULES, type ChatMessage } from '../../../src/core/chatFormat.js';
import { runStrategy, expandRanges } from '../../../src/core/strategies/index.js';
import { loadTokenizer } from '../../../src/core/tokenizer.js';
import { priceReportedUsage } from '../../../src/core/reportedUsagePrice.js';
import { BudgetError, ContextLimitError, createSpendStore, guard, readUsage, type GuardedCall, type ThresholdEvent } from '../../../src/lib/index.js';
import { CHAT_USAGE, chatChunks, contextLengthExceeded, RESPONSES_USAGE, apiServerPerFile } from '../../support/apiServer.js';
import { oracleEncode } from '../../support/oracle.js';

const api = apiServerPerFile();

const openai = () => new OpenAI({ apiKey: 'sk-test', baseURL: `${api().url}/v1`, maxRetries: 0 });
const log = 'Error: Connection Refused\n'.repeat(2000);
const lesson: ChatMessage[] = [
  { role: 'system', content: 'You are a helpful assistant.' },
  { role: 'user', content: 'Hello there.' },
  { role: 'assistant', content: 'Hi! How can I help?' },
  { role: 'user', content: `Here is my log:\n${log}` },
  { role: 'assistant', content: 'The connection was refused.' },
  { role: 'user', content: 'Why?' },
];

/** The cookbook's count, with OpenAI's own tokenizer (tiktoken) as the counter. */
function tiktokenPromptTokens(messages: readonly ChatMessage[]): number {
  const count = (text: string) => oracleEncode('o200k_base', text).length;
  return messages.reduce((sum, message) => sum + FORMAT_RULES.cookbook.messageTokens(message, count), FORMAT_RULES.cookbook.requestTokens);
}

describe('guard: chat.completions', () => {
  it('counts the request exactly before it leaves, and books the usage the API reported at its real cost', async () => {
    const calls: GuardedCall[] = [];
    const client = guard(openai(), { onCall: (call) => calls.push(call) });
    const reply = await client.chat.completions.create({ model: 'gpt-4o', messages: lesson.slice(0, 2) as OpenAI.ChatCompletionMessageParam[] });
    expect(reply.choices[0]!.message.content).toBe('The log says the connection was refused.');
    expect(api().requests).toHaveLength(1);
    const [call] = calls;
    expect(call!.counted.tokens).toBe(tiktokenPromptTokens(lesson.slice(0, 2)));
    expect(call!.counted.estimate).toBe(false);
    expect(call!.usage).toEqual({ inputTokens: 1200, outputTokens: 300, cachedTokens: 1024, cacheWriteTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 120 });
    const model = requireModel('gpt-4o');
    const uncached = CHAT_USAGE.prompt_tokens - CHAT_USAGE.prompt_tokens_details!.cached_tokens;
    const expected =
      (uncached * model.inputPerMillion + CHAT_USAGE.prompt_tokens_details!.cached_tokens * model.cachedInputPerMillion! + CHAT_USAGE.completion_tokens * model.outputPerMillion) / 1e6;
    expect(call!.price.cost).toBeCloseTo(expected, 12);
    expect(client.guard.status()).toMatchObject({ calls: 1, refusedCalls: 0, inputTokens: 1200, cachedTokens: 1024, outputTokens: 300, reasoningTokens: 120 });
    expect(client.guard.status().spent).toBeCloseTo(expected, 12);
  });

  it('refuses a request over the window with ContextLimitError before any request leaves', async () => {
    const refused: Error[] = [];
    const client = guard(openai(), { onRefused: (error) => refused.push(error) });
    const messages = lesson.slice(0, 4) as OpenAI.ChatCompletionMessageParam[];
    const error = await client.chat.completions.create({ model: 'gpt-4', messages }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContextLimitError);
    const tokens = tiktokenPromptTokens(lesson.slice(0, 4).map((m) => m));
    expect(error).toMatchObject({ model: 'gpt-4', limit: 8192, over: expect.any(Number), estimate: false });
    expect((error as ContextLimitError).tokens).toBe(
      lesson.slice(0, 4).reduce((sum, m) => sum + FORMAT_RULES.cookbook.messageTokens(m, (t) => oracleEncode('cl100k_base', t).length), 3),
    );
    expect(tokens).toBeGreaterThan(8192);
    expect(api().requests).toHaveLength(0);
    expect(refused).toEqual([error]);
    expect(client.guard.status()).toMatchObject({ calls: 0, refusedCalls: 1, spent: 0 });
  });

  it('window: sends the messages the strategy keeps, and says what it dropped', async () => {
    const calls: GuardedCall[] = [];
    const client = guard(openai(), { strategy: 'window', onCall: (call) => calls.push(call) });
    await client.chat.completions.create({ model: 'gpt-4', messages: lesson as OpenAI.ChatCompletionMessageParam[], max_tokens: 500 });
    const { count } = await loadTokenizer('cl100k_base');
    const run = runStrategy({ messages: lesson, model: requireModel('gpt-4'), count, strategy: 'window', settings: { reserve: 500 } });
    const kept = expandRanges(run.sent);
    expect(api().requests[0]!.body.messages).toEqual(kept.map((index) => lesson[index]));
    expect(calls[0]!.fit!.dropped).toEqual(lesson.map((_, i) => i).filter((i) => !kept.includes(i)));
    expect(calls[0]!.fit!.dropped).toContain(3);
    expect(calls[0]!.counted.tokens).toBe(run.totals.usedTokens);
  });

  it('summarize: the older turns go, a labelled summary takes their place', async () => {
    const client = guard(openai(), { strategy: 'summarize', settings: { keepTurns: 1 } });
    await client.chat.completions.create({ model: 'gpt-4o', messages: lesson as OpenAI.ChatCompletionMessageParam[] });
    const sent = api().requests[0]!.body.messages as ChatMessage[];
    expect(sent[0]).toEqual(lesson[0]);
    expect(sent[1]!.role).toBe('system');
    expect(String(sent[1]!.content)).toContain('[Simulated summary');
    expect(sent.slice(2)).toEqual([lesson[5]]);
  });

  it('evict-large: a large message older than the kept turns is not sent', async () => {
    const conversation: ChatMessage[] = [...lesson, { role: 'assistant', content: 'It is down.' }, { role: 'user', content: 'Thanks.' }];
    const client = guard(openai(), { strategy: 'evict-large' });
    await client.chat.completions.create({ model: 'gpt-4o', messages: conversation as OpenAI.ChatCompletionMessageParam[] });
    const sent = api().requests[0]!.body.messages as ChatMessage[];
    expect(sent).toEqual(conversation.filter((_, index) => index !== 3));
  });

  it("passes a stream through as the API sent it, asking for usage on the caller's behalf and booking it", async () => {
    const calls: GuardedCall[] = [];
    const client = guard(openai(), { onCall: (call) => calls.push(call) });
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello there.' }], stream: true });
    const chunks: unknown[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    // What the caller would have had without the guard: the chunks of a stream without usage.
    expect(chunks).toEqual(chatChunks('gpt-4o', false).map((event) => event.data));
    expect((api().requests[0]!.body.stream_options as { include_usage: boolean }).include_usage).toBe(true);
    expect(calls[0]!.usage).toEqual(readUsageOf(CHAT_USAGE));
    expect(calls[0]!.stream).toBe(true);
  });

  it('a stream that asked for usage itself gets every chunk, the usage chunk included', async () => {
    const client = guard(openai());
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hello there.' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: unknown[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks).toEqual(chatChunks('gpt-4o', true).map((event) => event.data));
    expect(client.guard.status().inputTokens).toBe(CHAT_USAGE.prompt_tokens);
  });

  it("the API's own refusal (context_length_exceeded) reaches the caller as the SDK's error, and nothing is booked", async () => {
    api().answer(() => contextLengthExceeded(9000, 8192));
    const client = guard(openai());
    const error = await client.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('context_length_exceeded');
    expect(client.guard.status()).toMatchObject({ calls: 0, spent: 0 });
  });

  it('withResponse() still works on a guarded call', async () => {
    const client = guard(openai());
    await client.guard.ready();
    const { data, response } = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
    expect(response.status).toBe(200);
    expect(data.usage).toEqual(CHAT_USAGE);
    expect(client.guard.status().calls).toBe(1);
  });
});

describe('guard: budgets', () => {
  const model = requireModel('gpt-4o');
  const callCost = priceReportedUsage(model, readUsage(CHAT_USAGE)).cost;
  const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Hello there.' }];

  it('refuses the call that would pass the session budget, with the figures, and calls back at 50%, 80% and 100%', async () => {
    const thresholds: ThresholdEvent[] = [];
    // Room for two calls and a half: the third call's worst case (its input and max_tokens) still fits, a fourth does not.
    const budget = callCost * 2.5;
    const client = guard(openai(), { budgets: { session: budget }, onThreshold: (event) => thresholds.push(event) });
    await client.chat.completions.create({ model: 'gpt-4o', messages });
    expect(thresholds).toEqual([]);
    await client.chat.completions.create({ model: 'gpt-4o', messages });
    expect(thresholds.map((event) => event.threshold)).toEqual([0.5]);
    await client.chat.completions.create({ model: 'gpt-4o', messages });
    expect(thresholds.map((event) => event.threshold)).toEqual([0.5, 0.8, 1]);
    expect(thresholds.every((event) => event.scope === 'session' && event.budget === budget)).toBe(true);
    const error = await client.chat.completions.create({ model: 'gpt-4o', messages }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetError);
    const { count } = await loadTokenizer('o200k_base');
    const projected = priceCall(model, { inputTokens: 3 + FORMAT_RULES.cookbook.messageTokens(messages[0] as ChatMessage, count), outputTokens: 0, prefixTokens: 0, cache: false }, model.contextWindow).cost;
    expect(error).toMatchObject({ scope: 'session', budget, projected });
    expect((error as BudgetError).spent).toBeCloseTo(callCost * 3, 12);
    expect(api().requests).toHaveLength(3);
  });

  it("counts max_tokens of output into a call's worst case", async () => {
    const inputOnly = quoteCall(model, { inputTokens: 100, outputTokens: 0, prefixTokens: 0, cache: false }).cost;
    const client = guard(openai(), { budgets: { session: inputOnly } });
    const error = await client.chat.completions.create({ model: 'gpt-4o', messages, max_tokens: 100_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetError);
    expect((error as BudgetError).projected).toBeGreaterThan(quoteCall(model, { inputTokens: 0, outputTokens: 100_000, prefixTokens: 0, cache: false }).cost - 1e-12);
    expect(api().requests).toHaveLength(0);
  });

  it('per user and per day budgets span the clients sharing a store', async () => {
    const store = createSpendStore();
    let now = new Date('2026-12-02T10:00:00Z');
    // Each budget has room for whole calls and not a token more.
    const options = { store, budgets: { perUser: callCost * 1.0001, perDay: callCost * 2.0001 }, now: () => now };
    const first = guard(openai(), options);
    const second = guard(openai(), options);
    await first.chat.completions.create({ model: 'gpt-4o', messages, user: 'alice' });
    const alice = await second.chat.completions.create({ model: 'gpt-4o', messages, user: 'alice' }).catch((e: unknown) => e);
    expect(alice).toMatchObject({ name: 'BudgetError', scope: 'user', key: 'alice' });
    await second.chat.completions.create({ model: 'gpt-4o', messages, user: 'bob' });
    const day = await second.chat.completions.create({ model: 'gpt-4o', messages, user: 'carol' }).catch((e: unknown) => e);
    expect(day).toMatchObject({ name: 'BudgetError', scope: 'day', key: '2026-12-02' });
    now = new Date('2026-12-03T00:00:01Z');
    await second.chat.completions.create({ model: 'gpt-4o', messages, user: 'carol' });
    expect(api().requests.map((request) => request.body.user)).toEqual(['alice', 'bob', 'carol']);
  });
});

describe('guard: responses', () => {
  it('counts the input (labelled an estimate: the framing is not published) and books the usage', async () => {
    const calls: GuardedCall[] = [];
    const client = guard(openai(), { onCall: (call) => calls.push(call) });
    const response = await client.responses.create({ model: 'gpt-4o', instructions: 'Be brief.', input: 'Hello there.' });
    expect(response.output_text).toBe('The log says the connection was refused.');
    expect(calls[0]!.counted.estimate).toBe(true);
    expect(calls[0]!.counted.tokens).toBe(tiktokenPromptTokens([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello there.' }]));
    expect(calls[0]!.usage).toEqual(readUsageOf(RESPONSES_USAGE));
  });

  it('streams events unchanged and books the usage of response.completed', async () => {
    const client = guard(openai());
    const stream = await client.responses.create({ model: 'gpt-4o', input: 'Hello there.', stream: true });
    const events: unknown[] = [];
    for await (const event of stream) events.push(event);
    const plain = await openai().responses.create({ model: 'gpt-4o', input: 'Hello there.', stream: true });
    const unguarded: unknown[] = [];
    for await (const event of plain) unguarded.push(event);
    expect(events).toEqual(unguarded);
    expect(client.guard.status()).toMatchObject({ calls: 1, inputTokens: RESPONSES_USAGE.input_tokens, reasoningTokens: 256 });
  });

  it('refuses an input over the window before it leaves', async () => {
    const client = guard(openai());
    const error = await client.responses.create({ model: 'gpt-4', input: log.repeat(2) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContextLimitError);
    expect(api().requests).toHaveLength(0);
  });
});

function readUsageOf(usage: unknown) {
  const { shape: _shape, ...rest } = readUsage(usage);
  return rest;
}
