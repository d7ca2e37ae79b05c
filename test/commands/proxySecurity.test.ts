import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { startProxy, TOKEN_HEADER, type ProxiedCall, type RunningProxy } from '../../src/commands/proxyServer.js';
import { apiServerPerFile, CHAT_USAGE } from '../support/apiServer.js';
import { runCli } from '../support/runCli.js';

const upstream = apiServerPerFile();
const OPENAI_KEY = 'sk-test-PLANTED-openai-4f1c9e';
const ANTHROPIC_KEY = 'sk-ant-test-PLANTED-anthropic-77d2';
const TOKEN = 'proxy-token-for-this-test';
let proxy: RunningProxy;
const printed: string[] = [];
beforeAll(async () => {
  proxy = await startProxy({
    port: 0,
    host: '0.0.0.0',
    token: TOKEN,
    upstreams: { openai: upstream().url, anthropic: upstream().url },
    guard: { journal: true },
    // What `proxy --json` prints, line for line.
    onCall: (call: ProxiedCall) => printed.push(JSON.stringify(call)),
    onRefused: (refusal) => printed.push(JSON.stringify(refusal)),
  });
});
afterAll(() => proxy.close());

const openai = (headers: Record<string, string> = { [TOKEN_HEADER]: TOKEN }) =>
  new OpenAI({ apiKey: OPENAI_KEY, baseURL: `${proxy.url}/v1`, maxRetries: 0, defaultHeaders: headers });

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
}

describe('proxy security (issue 21): a token off loopback, keys passed on and never kept', () => {
  it('will not listen beyond loopback without a token: one line, exit 2', async () => {
    await expect(startProxy({ port: 0, host: '0.0.0.0' })).rejects.toBeInstanceOf(InputError);
    const run = runCli(['proxy', '--port', '0', '--host', '0.0.0.0', '--no-journal'], undefined, { CONTEXT_ACCOUNTANT_PROXY_TOKEN: '' });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('--host 0.0.0.0');
    expect(run.stderr).toContain('CONTEXT_ACCOUNTANT_PROXY_TOKEN');
  });

  it('a request without the token, or with a wrong one, gets a 401 the SDK raises, and nothing is forwarded', async () => {
    for (const headers of [{}, { [TOKEN_HEADER]: 'wrong' }] as Record<string, string>[]) {
      const error = await openai(headers)
        .chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello there.' }] })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    }
    const anthropic = new Anthropic({ apiKey: ANTHROPIC_KEY, baseURL: proxy.url, maxRetries: 0 });
    const error = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(upstream().requests).toHaveLength(0);
  });

  it('keys reach the upstream, the token does not; no file written and no line printed holds a key', async () => {
    const reply = await openai().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello there.' }] });
    expect(reply.usage).toEqual(CHAT_USAGE);
    const stream = await openai().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello again.' }], stream: true, stream_options: { include_usage: true } });
    for await (const _chunk of stream);
    // The SDK sends its key as a Bearer token; other clients send it in x-api-key: both planted.
    const anthropic = new Anthropic({ apiKey: ANTHROPIC_KEY, baseURL: proxy.url, maxRetries: 0, defaultHeaders: { [TOKEN_HEADER]: TOKEN, 'x-api-key': ANTHROPIC_KEY } });
    await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hello there.' }] });
    // A refused call is printed too (its message is the guard's, not the request's headers).
    await openai().chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'Error: Connection Refused\n'.repeat(2000) }] }).catch(() => undefined);

    const received = upstream().requests;
    expect(received.map((request) => request.headers.authorization)).toEqual([`Bearer ${OPENAI_KEY}`, `Bearer ${OPENAI_KEY}`, `Bearer ${ANTHROPIC_KEY}`]);
    expect(received[2]!.headers['x-api-key']).toBe(ANTHROPIC_KEY);
    expect(received.every((request) => request.headers[TOKEN_HEADER] === undefined)).toBe(true);

    for (const session of proxy.sessions()) session.guard.close();
    const files = filesUnder(process.env.XDG_STATE_HOME!);
    expect(files.length).toBeGreaterThanOrEqual(2);
    const written = files.map((file) => readFileSync(file, 'utf8'));
    expect(written.join('\n')).toContain('Hello again.');
    expect(printed).toHaveLength(4);
    for (const text of [...written, ...printed]) {
      expect(text).not.toContain('PLANTED');
      expect(text).not.toContain(TOKEN);
    }
  });
});
