import { createHash } from 'node:crypto';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSession } from '../../src/io/journal.js';
import { startProxy, type ProxiedCall, type RunningProxy } from '../../src/commands/proxyServer.js';
import { apiServerPerFile } from '../support/apiServer.js';

const upstream = apiServerPerFile();
const BUDGET = 0.004;
const KEY_A = 'sk-test-client-a-0001';
const KEY_B = 'sk-test-client-b-0002';
let proxy: RunningProxy;
const calls: ProxiedCall[] = [];
beforeAll(async () => {
  proxy = await startProxy({ port: 0, upstreams: { openai: upstream().url, anthropic: upstream().url }, guard: { budgets: { session: BUDGET }, journal: true }, onCall: (call) => calls.push(call) });
});
afterAll(() => proxy.close());

const client = (apiKey: string) => new OpenAI({ apiKey, baseURL: `${proxy.url}/v1`, maxRetries: 0 });
const ask = (apiKey: string, content: string) => client(apiKey).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content }] });
const fingerprint = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 12);

describe('proxy sessions (issue 21): clients kept apart by API key fingerprint', () => {
  it('each key is its own session: its own budget, its own journal', async () => {
    await ask(KEY_A, 'From A, first.');
    // The upstream's usage for one call costs more than the session budget: A's next call is refused.
    expect(calls[0]!.price.cost).toBeGreaterThan(BUDGET);
    const refused = await ask(KEY_A, 'From A, second.').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
    expect((refused as InstanceType<typeof OpenAI.RateLimitError>).code).toBe('budget_exceeded');
    // B has spent nothing: its call goes through.
    await ask(KEY_B, 'From B.');
    expect(upstream().requests.map((request) => request.headers.authorization)).toEqual([`Bearer ${KEY_A}`, `Bearer ${KEY_B}`]);

    expect(calls.map((call) => call.client)).toEqual([fingerprint(KEY_A), fingerprint(KEY_B)]);
    const sessions = proxy.sessions();
    expect(sessions.map((session) => session.client)).toEqual([fingerprint(KEY_A), fingerprint(KEY_B)]);
    const [a, b] = sessions.map((session) => session.guard.status());
    expect(a).toMatchObject({ calls: 1, refusedCalls: 1 });
    expect(b).toMatchObject({ calls: 1, refusedCalls: 0 });
    expect(a!.journalId).not.toBe(b!.journalId);

    for (const session of sessions) session.guard.close();
    const userTexts = (id: string) => loadSession(id).messages.filter((message) => message.role === 'user').map((message) => message.content);
    expect(userTexts(a!.journalId!)).toEqual(['From A, first.']);
    expect(userTexts(b!.journalId!)).toEqual(['From B.']);
  });

  it('a call without a key is the anonymous session', async () => {
    const reply = await fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] }) });
    expect(reply.status).toBe(200);
    expect(calls.at(-1)!.client).toBe('anonymous');
  });
});
