import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type RunningProxy } from '../../src/commands/proxyServer.js';
import type { GuardedCall } from '../../src/lib/index.js';
import { ANTHROPIC_USAGE, apiServerPerFile, CHAT_USAGE, chatChunks } from '../support/apiServer.js';

const upstream = apiServerPerFile();
let proxy: RunningProxy;
const calls: GuardedCall[] = [];
beforeAll(async () => {
  proxy = await startProxy({
    port: 0,
    upstreams: { openai: upstream().url, anthropic: upstream().url },
    guard: { budgets: { session: 1 } },
    onCall: (call) => calls.push(call),
  });
});
afterAll(() => proxy.close());

const openai = () => new OpenAI({ apiKey: 'sk-planted-secret-key', baseURL: `${proxy.url}/v1`, maxRetries: 0 });

describe('proxy (issue 21, started): the real SDKs through it to a local upstream', () => {
  it('forwards a chat call with its key, answers as the upstream did, and books the usage', async () => {
    const reply = await openai().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello there.' }] });
    expect(reply.usage).toEqual(CHAT_USAGE);
    expect(upstream().requests[0]!.headers.authorization).toBe('Bearer sk-planted-secret-key');
    expect(calls.at(-1)!.usage?.inputTokens).toBe(CHAT_USAGE.prompt_tokens);
    expect(JSON.stringify(calls)).not.toContain('sk-planted-secret-key');
  });

  it("passes a stream through byte for byte and books its usage when the client asked for it", async () => {
    const stream = await openai().chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hello there.' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: unknown[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks).toEqual(chatChunks('gpt-4o', true).map((event) => event.data));
    expect(calls.at(-1)!).toMatchObject({ stream: true, usage: { inputTokens: CHAT_USAGE.prompt_tokens } });
  });

  it('refuses a call over the window in the API error shape the SDK raises, without forwarding it', async () => {
    const error = await openai()
      .chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'Error: Connection Refused\n'.repeat(2000) }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('context_length_exceeded');
    expect(upstream().requests).toHaveLength(0);
  });

  it('an Anthropic stream goes through, booked from message_start and message_delta', async () => {
    const client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: proxy.url, maxRetries: 0 });
    const final = await client.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hello there.' }] }).finalMessage();
    expect(final.usage.output_tokens).toBe(ANTHROPIC_USAGE.output_tokens);
    expect(calls.at(-1)!).toMatchObject({ api: 'messages', usage: { cachedTokens: ANTHROPIC_USAGE.cache_read_input_tokens, outputTokens: ANTHROPIC_USAGE.output_tokens } });
  });

  it('malformed JSON and unknown paths get API-shaped errors, and the proxy keeps serving', async () => {
    const bad = await fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', body: '{not json' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
    const unknown = await fetch(`${proxy.url}/v1/nothing`, { method: 'POST', body: '{}' });
    expect(unknown.status).toBe(404);
    const again = await openai().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] });
    expect(again.choices).toHaveLength(1);
  });
});
