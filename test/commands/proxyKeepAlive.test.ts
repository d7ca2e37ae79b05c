import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type RunningProxy } from '../../src/commands/proxyServer.js';
import { CHAT_USAGE, chatCompletion } from '../support/apiServer.js';

// An upstream that answers the first request of each connection and closes the connection, unread,
// when a second request comes on it: what a proxy meets when the upstream closed kept-alive
// connections idle (its keep-alive timeout) just as the proxy reused them. Under load a whole pool
// of them goes at once (bench/proxyLoad.mjs at load 10: 20 of 1,156 calls got a 502, never sent).
let upstream: Server;
let url: string;
const answered: string[] = [];
let closedUnread = 0;
beforeAll(async () => {
  const served = new WeakSet<Socket>();
  upstream = createServer((req, res) => {
    if (served.has(req.socket)) {
      closedUnread += 1;
      return void req.socket.destroy();
    }
    served.add(req.socket);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { messages: { content: string }[] };
      const id = body.messages[0]!.content;
      answered.push(id);
      // Not right away: so that the calls of a burst are in flight together, each on its own connection.
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ...(chatCompletion('gpt-4o') as object), id: `chatcmpl-${id}` }));
      }, 50);
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
let proxy: RunningProxy;
beforeAll(async () => {
  proxy = await startProxy({ port: 0, upstreams: { openai: url, anthropic: url } });
});
afterAll(async () => {
  await proxy.close();
  upstream.closeAllConnections();
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

describe('proxy keep-alive (issue 21): a call never fails on upstream connections closed as they were reused', () => {
  it('every call of a burst on a pool of closed connections is answered by its own reply, sent upstream once', async () => {
    // maxRetries 0: the SDK's own retry would hide a 502.
    const openai = new OpenAI({ apiKey: 'sk-test', baseURL: `${proxy.url}/v1`, maxRetries: 0 });
    const burst = (name: string) =>
      Promise.all(Array.from({ length: 4 }, (_, i) => openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: `${name}-${i}` }] }).then((reply) => reply.id, (error: unknown) => String(error))));
    // Four connections opened, kept alive in the proxy's pool; then every one of them is dead on reuse.
    expect(await burst('first')).toEqual(['chatcmpl-first-0', 'chatcmpl-first-1', 'chatcmpl-first-2', 'chatcmpl-first-3']);
    expect(await burst('second')).toEqual(['chatcmpl-second-0', 'chatcmpl-second-1', 'chatcmpl-second-2', 'chatcmpl-second-3']);
    expect(closedUnread).toBeGreaterThan(0);
    expect([...answered].sort()).toEqual(['first-0', 'first-1', 'first-2', 'first-3', 'second-0', 'second-1', 'second-2', 'second-3']);
    const last = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'third' }] });
    expect(last.usage).toEqual(CHAT_USAGE);
  });
});
