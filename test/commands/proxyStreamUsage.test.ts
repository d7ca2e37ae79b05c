import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type ProxiedCall, type RunningProxy } from '../../src/commands/proxyServer.js';
import { ANTHROPIC_USAGE, apiServerPerFile, CHAT_USAGE, chatChunks, RESPONSES_USAGE } from '../support/apiServer.js';

const upstream = apiServerPerFile();
let proxy: RunningProxy;
const calls: ProxiedCall[] = [];
beforeAll(async () => {
  proxy = await startProxy({ port: 0, upstreams: { openai: upstream().url, anthropic: upstream().url }, onCall: (call) => calls.push(call) });
});
afterAll(() => proxy.close());

/** The raw bytes of a POST's answer, as a client's socket gets them. */
async function bytesOf(base: string, path: string, body: unknown): Promise<Buffer> {
  const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' }, body: JSON.stringify(body) });
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

const messages = [{ role: 'user', content: 'Hello there.' }];
const CASES = [
  { name: 'a chat stream that did not ask for usage', path: '/v1/chat/completions', body: { model: 'gpt-4o', messages, stream: true }, usage: CHAT_USAGE.completion_tokens, asks: true },
  { name: 'one that said include_usage: false', path: '/v1/chat/completions', body: { model: 'gpt-4o', messages, stream: true, stream_options: { include_usage: false } }, usage: CHAT_USAGE.completion_tokens, asks: true },
  { name: 'one that asked', path: '/v1/chat/completions', body: { model: 'gpt-4o', messages, stream: true, stream_options: { include_usage: true } }, usage: CHAT_USAGE.completion_tokens, asks: false },
  { name: 'a Responses stream (usage in response.completed)', path: '/v1/responses', body: { model: 'gpt-4o', input: 'Hello there.', stream: true }, usage: RESPONSES_USAGE.output_tokens, asks: false },
  {
    name: 'an Anthropic stream (usage in message_start and message_delta)',
    path: '/v1/messages',
    body: { model: 'claude-sonnet-4-5', max_tokens: 100, messages, stream: true },
    usage: ANTHROPIC_USAGE.output_tokens,
    asks: false,
  },
] as const;

describe('proxy streams (issue 21): usage asked for where the API needs asking, the client\'s bytes unchanged', () => {
  it.each(CASES)('$name: the same bytes as calling the upstream directly, and the usage booked', async ({ path, body, usage, asks }) => {
    const direct = await bytesOf(upstream().url, path, body);
    const proxied = await bytesOf(proxy.url, path, body);
    expect(proxied.equals(direct)).toBe(true);
    const [, forwarded] = upstream().requests;
    if (asks) expect(forwarded!.body).toEqual({ ...body, stream_options: { include_usage: true } });
    else expect(forwarded!.body).toEqual(body);
    // Booked from the usage the stream reported (not the counted input, which is all a stream without usage gives).
    expect(calls.at(-1)!).toMatchObject({ stream: true, usage: { outputTokens: usage } });
  });

  it('the OpenAI SDK sees the chunks of a stream without usage, the last one with finish_reason, and the call is booked', async () => {
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: `${proxy.url}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello there.' }], stream: true });
    const chunks: unknown[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks).toEqual(chatChunks('gpt-4o', false).map((event) => event.data));
    expect(calls.at(-1)!.usage).toMatchObject({ inputTokens: CHAT_USAGE.prompt_tokens, cachedTokens: 1024, outputTokens: CHAT_USAGE.completion_tokens });
    expect(calls.at(-1)!.estimate).toBe(false);
  });
});
