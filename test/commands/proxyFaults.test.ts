import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type ProxiedCall, type RunningProxy } from '../../src/commands/proxyServer.js';
import { apiServerPerFile, CHAT_USAGE, chatChunks, documentedAnswer } from '../support/apiServer.js';

const upstream = apiServerPerFile();
let proxy: RunningProxy;
let closedUrl: string;
const calls: ProxiedCall[] = [];
beforeAll(async () => {
  // A port that was free a moment ago and has nothing listening: connections to it are refused.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  proxy = await startProxy({ port: 0, upstreams: { openai: upstream().url, anthropic: closedUrl }, onCall: (call) => calls.push(call) });
});
afterAll(() => proxy.close());

const openai = () => new OpenAI({ apiKey: 'sk-test', baseURL: `${proxy.url}/v1`, maxRetries: 0 });
const chat = (content = 'Hello there.') => ({ model: 'gpt-4o', messages: [{ role: 'user' as const, content }] });

// After every fault, the proxy still answers the next call as the upstream does.
afterEach(async () => {
  upstream().answer(documentedAnswer);
  const reply = await openai().chat.completions.create(chat('Still there?'));
  expect(reply.usage).toEqual(CHAT_USAGE);
});

describe('proxy faults (issue 21): the upstream\'s faults reach the client as they happened', () => {
  it('a refused connection is an API-shaped 502 the SDK raises', async () => {
    const anthropic = new Anthropic({ apiKey: 'sk-ant-test', baseURL: proxy.url, maxRetries: 0 });
    const error = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    expect((error as InstanceType<typeof Anthropic.InternalServerError>).status).toBe(502);
    expect((error as InstanceType<typeof Anthropic.InternalServerError>).error).toMatchObject({ type: 'error', error: { type: 'api_error' } });
    expect(String((error as Error).message)).toContain(closedUrl);
  });

  it("an upstream 5xx is passed on with its status and body", async () => {
    const body = { error: { message: 'The server is overloaded, try again later.', type: 'server_error', param: null, code: null } };
    upstream().answer(() => ({ kind: 'json', status: 503, body }));
    const error = await openai().chat.completions.create(chat()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as InstanceType<typeof OpenAI.InternalServerError>).status).toBe(503);
    expect((error as InstanceType<typeof OpenAI.InternalServerError>).error).toEqual(body.error);
  });

  it('a stream the upstream resets half-way errors in the client, after the chunks that came', async () => {
    upstream().answer((request) => ({ kind: 'sse', events: chatChunks(String(request.body.model), false), cut: { after: 3, how: 'reset' } }));
    const stream = await openai().chat.completions.create({ ...chat(), stream: true });
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const chunk of stream) seen.push(chunk);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(seen).toEqual(chatChunks('gpt-4o', false).slice(0, 3).map((event) => event.data));
    // Booked from what was seen: no usage reported, so the counted input, marked an estimate.
    expect(calls.at(-1)).toMatchObject({ stream: true, estimate: true });
    expect(calls.at(-1)!.usage).toBeUndefined();
  });

  it('a client that leaves mid-stream cancels the upstream request', async () => {
    upstream().answer((request) => ({ kind: 'sse', events: chatChunks(String(request.body.model), false), cut: { after: 2, how: 'hold' } }));
    const leave = new AbortController();
    const stream = await openai().chat.completions.create({ ...chat(), stream: true }, { signal: leave.signal });
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).done).toBe(false);
    const cancelled = upstream().nextLeftEarly();
    leave.abort();
    await cancelled;
    expect(upstream().leftEarly).toHaveLength(1);
    expect(upstream().leftEarly[0]!.body).toMatchObject({ stream: true });
  });
});
