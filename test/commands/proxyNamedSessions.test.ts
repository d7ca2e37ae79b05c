import { createHash } from 'node:crypto';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSession } from '../../src/io/journal.js';
import { SESSION_HEADER, startProxy, type ProxiedCall, type RunningProxy } from '../../src/commands/proxyServer.js';
import { ANTHROPIC_USAGE, apiServerPerFile, CHAT_USAGE, REPLY_WORDS } from '../support/apiServer.js';
import { runCli } from '../support/runCli.js';

const upstream = apiServerPerFile();
const KEY = 'sk-test-one-key-for-every-tool';
let proxy: RunningProxy;
const calls: ProxiedCall[] = [];
beforeAll(async () => {
  proxy = await startProxy({ port: 0, upstreams: { openai: upstream().url, anthropic: upstream().url }, guard: { journal: true }, onCall: (call) => calls.push(call) });
});
afterAll(() => proxy.close());

const viaPath = (name: string) => new OpenAI({ apiKey: KEY, baseURL: `${proxy.url}/s/${name}/v1`, maxRetries: 0 });
const viaHeader = (name: string) => new OpenAI({ apiKey: KEY, baseURL: `${proxy.url}/v1`, maxRetries: 0, defaultHeaders: { [SESSION_HEADER]: name } });
const chat = (content: string) => ({ model: 'gpt-4o', messages: [{ role: 'user' as const, content }] });
const reply = REPLY_WORDS.join('');

describe('proxy sessions by name (issue 21): a path prefix or a header, one key or many', () => {
  it('one key, three sessions: /s/NAME/v1, the session header, and the key alone; the name never leaves', async () => {
    await viaPath('alice').chat.completions.create(chat('Alice asks.'));
    await viaHeader('bob').chat.completions.create(chat('Bob asks.'));
    const anthropic = new Anthropic({ apiKey: KEY, baseURL: `${proxy.url}/s/bob`, maxRetries: 0 });
    await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Bob asks Claude.' }] });
    await new OpenAI({ apiKey: KEY, baseURL: `${proxy.url}/v1`, maxRetries: 0 }).chat.completions.create(chat('Nobody names this one.'));
    const stream = await viaPath('alice').chat.completions.create({ ...chat('Alice again.'), stream: true });
    for await (const _chunk of stream);

    // Forwarded as plain API paths, without the session header, with the key.
    expect(upstream().requests.map((request) => request.path)).toEqual(['/v1/chat/completions', '/v1/chat/completions', '/v1/messages', '/v1/chat/completions', '/v1/chat/completions']);
    expect(upstream().requests.every((request) => request.headers[SESSION_HEADER] === undefined && request.headers.authorization === `Bearer ${KEY}`)).toBe(true);

    const fingerprint = createHash('sha256').update(KEY).digest('hex').slice(0, 12);
    expect(calls.map((call) => call.client)).toEqual(['alice', 'bob', 'bob', fingerprint, 'alice']);
    expect(proxy.sessions().map(({ client, by }) => ({ client, by }))).toEqual([
      { client: 'alice', by: 'name' },
      { client: 'bob', by: 'name' },
      { client: fingerprint, by: 'key' },
    ]);
    const [alice, bob] = proxy.sessions().map((session) => session.guard.status());
    expect(alice).toMatchObject({ calls: 2 });
    expect(bob).toMatchObject({ calls: 2 });
    expect(loadSession(alice!.journalId!).messages).toEqual([
      { role: 'user', content: 'Alice again.' },
      { role: 'assistant', content: reply },
    ]);
    expect(loadSession(bob!.journalId!).model).toBe('claude-sonnet-4-5');
    // Each call says which journal it is in (what `proxy --json` prints).
    expect(calls.map((call) => call.journalId)).toEqual([alice!.journalId, bob!.journalId, bob!.journalId, proxy.sessions()[2]!.guard.status().journalId, alice!.journalId]);
  });

  it('a bad name, or two names that differ, is an API-shaped 400 and nothing is forwarded', async () => {
    for (const client of [viaPath('no%20spaces'), viaHeader('-starts-with-a-dash'), new OpenAI({ apiKey: KEY, baseURL: `${proxy.url}/s/alice/v1`, maxRetries: 0, defaultHeaders: { [SESSION_HEADER]: 'bob' } })]) {
      const error = await client.chat.completions.create(chat('Hi')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect((error as InstanceType<typeof OpenAI.BadRequestError>).message).toContain('session');
    }
    const anthropic = new Anthropic({ apiKey: KEY, baseURL: `${proxy.url}/s/a%2Fb`, maxRetries: 0 });
    const error = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(upstream().requests).toHaveLength(0);
  });

  it('each named session is a journal that `sessions` lists, `--resume` opens and `report` bills, at the figures booked live', () => {
    for (const session of proxy.sessions()) session.guard.close();
    const [alice, bob] = proxy.sessions().map((session) => session.guard.status());
    const listed = JSON.parse(runCli(['sessions', '--json']).stdout) as { sessions: { id: string; messages: number }[] };
    expect(listed.sessions.map((session) => session.id)).toEqual(expect.arrayContaining([alice!.journalId, bob!.journalId]));

    const resumed = runCli(['--resume', alice!.journalId!], '');
    expect(resumed.status).toBe(0);
    expect(resumed.stderr).toContain('(resumed: 2 messages)');

    for (const [status, name] of [
      [alice!, 'alice'],
      [bob!, 'bob'],
    ] as const) {
      const run = runCli(['report', status.journalId!, '--json']);
      expect(run.status).toBe(0);
      const report = JSON.parse(run.stdout) as { calls: { model: string; usage: { input: number; output: number }; cost: number }[]; usageTotals: { cost: number } };
      const booked = calls.filter((call) => call.client === name);
      expect(report.calls.map((call) => call.model)).toEqual(booked.map((call) => call.model));
      expect(report.usageTotals.cost).toBeCloseTo(status.spent, 12);
      expect(report.usageTotals.cost).toBeGreaterThan(0);
    }
    const billed = JSON.parse(runCli(['report', bob!.journalId!, '--json']).stdout) as { calls: { usage: { input: number; cacheRead: number; output: number } }[] };
    expect(billed.calls.map((call) => call.usage.cacheRead)).toEqual([CHAT_USAGE.prompt_tokens_details!.cached_tokens, ANTHROPIC_USAGE.cache_read_input_tokens]);
  });
});
