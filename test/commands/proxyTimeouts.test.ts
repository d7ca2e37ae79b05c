import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type ProxyEvent, type RunningProxy } from '../../src/commands/proxyServer.js';
import { ANTHROPIC_USAGE, anthropicEvents, apiServerPerFile, CHAT_USAGE, chatChunks, documentedAnswer, responseEvents } from '../support/apiServer.js';
import { runCli } from '../support/runCli.js';

const upstream = apiServerPerFile();
const TIMEOUT_MS = 300;
let proxy: RunningProxy;
const events: ProxyEvent[] = [];
beforeAll(async () => {
  proxy = await startProxy({ port: 0, upstreams: { openai: upstream().url, anthropic: upstream().url }, upstreamTimeoutMs: TIMEOUT_MS, guard: { journal: true, budgets: { session: 100 } }, onEvent: (event) => events.push(event) });
});
afterAll(() => proxy.close());

const openai = () => new OpenAI({ apiKey: 'sk-test', baseURL: `${proxy.url}/s/timeouts/v1`, maxRetries: 0 });
const anthropic = () => new Anthropic({ apiKey: 'sk-ant-test', baseURL: `${proxy.url}/s/timeouts`, maxRetries: 0 });
const chat = (content = 'Hello there.') => ({ model: 'gpt-4o', messages: [{ role: 'user' as const, content }] });
const claude = { model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user' as const, content: 'Hello there.' }] };
const lastFailed = () => events.filter((event) => event.type === 'failed').at(-1);

// After every timeout, the proxy still answers the next call as the upstream does, and books it.
afterEach(async () => {
  upstream().answer(documentedAnswer);
  const reply = await openai().chat.completions.create(chat('Still there?'));
  expect(reply.usage).toEqual(CHAT_USAGE);
  expect(events.at(-1)).toMatchObject({ type: 'booked' });
});

describe('proxy upstream timeouts (issue 21): a silent upstream fails the call, the proxy goes on', () => {
  it('an upstream that never answers is an API-shaped 504 for each SDK, and its request is cancelled', async () => {
    upstream().answer(() => ({ kind: 'hang' }));
    const cancelled = upstream().nextLeftEarly();
    const error = await openai().chat.completions.create(chat()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as InstanceType<typeof OpenAI.InternalServerError>).status).toBe(504);
    expect((error as InstanceType<typeof OpenAI.InternalServerError>).code).toBe('upstream_timeout');
    await cancelled;
    expect(lastFailed()).toMatchObject({ reason: 'timeout', status: 504, client: 'timeouts', api: 'chat.completions' });

    const claudeError = await anthropic().messages.create(claude).catch((e: unknown) => e);
    expect(claudeError).toBeInstanceOf(Anthropic.InternalServerError);
    expect((claudeError as InstanceType<typeof Anthropic.InternalServerError>).status).toBe(504);
    expect((claudeError as InstanceType<typeof Anthropic.InternalServerError>).error).toMatchObject({ type: 'error', error: { type: 'timeout_error' } });
  });

  it('a chat stream that goes silent half-way ends with the API\'s error chunk, which the SDK raises, after the chunks that came', async () => {
    upstream().answer((request) => ({ kind: 'sse', events: chatChunks(String(request.body.model), true), cut: { after: 3, how: 'hold' } }));
    const stream = await openai().chat.completions.create({ ...chat(), stream: true });
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const chunk of stream) seen.push(chunk);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toContain('went silent');
    // The client did not ask for usage: the chunks it saw are the ones it would have seen, without usage: null.
    expect(seen).toEqual(chatChunks('gpt-4o', false).slice(0, 3).map((event) => event.data));
    expect(lastFailed()).toMatchObject({ reason: 'timeout', status: 200, booked: { estimate: true } });
  });

  it('Responses and Anthropic streams that go silent end with their error event', async () => {
    upstream().answer((request) => ({ kind: 'sse', events: responseEvents(String(request.body.model)), cut: { after: 2, how: 'hold' } }));
    const types: string[] = [];
    for await (const event of await openai().responses.create({ model: 'gpt-4o', input: 'Hello there.', stream: true })) types.push(event.type);
    expect(types).toEqual(['response.created', 'response.output_text.delta', 'error']);

    upstream().answer((request) => ({ kind: 'sse', events: anthropicEvents(String(request.body.model)), cut: { after: 4, how: 'hold' } }));
    const error = await anthropic().messages.stream(claude).finalMessage().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(String((error as Error).message)).toContain('timeout_error');
    // message_start had come: its input usage is booked, the call still failed.
    expect(lastFailed()).toMatchObject({ reason: 'timeout', api: 'messages', booked: { usage: { cachedTokens: ANTHROPIC_USAGE.cache_read_input_tokens, outputTokens: 1 } } });
  });

  it('the failed calls are in the session\'s call log as failed: report lists them', () => {
    const session = proxy.sessions().find((s) => s.client === 'timeouts')!;
    const report = JSON.parse(runCli(['report', session.guard.status().journalId!, '--json']).stdout) as { calls: { failed: string | null }[]; usageTotals: { failedCalls: number } };
    const failed = events.filter((event) => event.type === 'failed' && event.client === 'timeouts');
    expect(failed.length).toBeGreaterThanOrEqual(5);
    // A failed call whose stream reported usage before it stopped is billed as reported; the others as failed.
    const withoutUsage = failed.filter((event) => event.type === 'failed' && event.booked?.usage === undefined);
    expect(report.usageTotals.failedCalls).toBe(withoutUsage.length);
    // Every call forwarded is in the log once: the good ones after each timeout too.
    expect(report.calls).toHaveLength(events.filter((event) => event.type === 'request' && event.client === 'timeouts').length);
  });
});

describe('proxy --upstream-timeout', () => {
  it.each(['0', '-1', 'soon', ''])('"%s" is refused in one line, exit 2', (value) => {
    const run = runCli(['proxy', '--port', '0', '--no-journal', '--upstream-timeout', value]);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('--upstream-timeout must be a number of seconds');
  });
});
