import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BudgetError, ContextLimitError, GuardError } from '../lib/errors.js';
import type { ApiAdapter } from '../lib/guard/adapter.js';
import { anthropicMessages } from '../lib/guard/anthropicMessages.js';
import { guardSession, type GuardHandle, type GuardOptions } from '../lib/guard/guard.js';
import { openAiChat } from '../lib/guard/openaiChat.js';
import { openAiResponses } from '../lib/guard/openaiResponses.js';

import { DEFAULT_UPSTREAMS, type Upstreams } from './proxyUpstreams.js';

export { DEFAULT_UPSTREAMS, type Upstreams };

/** A request body the proxy reads at most (a bigger one gets an API-shaped 413). */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

export interface ProxyOptions {
  readonly port?: number;
  readonly upstreams?: Upstreams;
  /** The guard's options: budgets, limit, strategy, journal, onCall. */
  readonly guard?: GuardOptions;
}

export interface RunningProxy {
  readonly url: string;
  readonly guard: GuardHandle;
  close(): Promise<void>;
}

interface Route {
  readonly adapter: ApiAdapter;
  readonly upstream: keyof Upstreams;
}

const ROUTES: Readonly<Record<string, Route>> = {
  '/v1/chat/completions': { adapter: openAiChat, upstream: 'openai' },
  '/v1/responses': { adapter: openAiResponses, upstream: 'openai' },
  '/v1/messages': { adapter: anthropicMessages, upstream: 'anthropic' },
};

/** Hop-by-hop headers and those fetch sets itself: never forwarded. */
const NOT_FORWARDED = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'accept-encoding']);

/**
 * A local HTTP proxy for the OpenAI and Anthropic APIs (issue 21, started): each call is counted,
 * refused or fitted by the guard before it is forwarded, answered with the upstream's bytes as
 * they come, and booked from the usage it reports. Binds to 127.0.0.1 only. API keys pass
 * through in the headers and are never read, kept or written.
 */
export async function startProxy(options: ProxyOptions = {}): Promise<RunningProxy> {
  const upstreams = options.upstreams ?? DEFAULT_UPSTREAMS;
  const session = guardSession(options.guard);
  await session.handle.ready();
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) apiError(res, undefined, 502, 'api_error', `proxy: ${error instanceof Error ? error.message : String(error)}`);
      else res.destroy();
    });
  });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0]!;
    const route = ROUTES[path];
    if (req.method !== 'POST' || !route) return apiError(res, route, 404, 'not_found_error', `proxy: no route for ${req.method} ${path}`);
    const text = await readBody(req);
    if (text === undefined) return apiError(res, route, 413, 'request_too_large', `proxy: request body over ${MAX_BODY_BYTES} bytes`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return apiError(res, route, 400, 'invalid_request_error', 'proxy: the request body is not JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return apiError(res, route, 400, 'invalid_request_error', 'proxy: the request body is not a JSON object');
    await session.readyFor(route.adapter, body as Record<string, unknown>);
    const prepared = session.prepare(route.adapter, body as Record<string, unknown>);
    if (prepared instanceof GuardError) return refusal(res, route, prepared);

    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    const headers = Object.fromEntries(
      Object.entries(req.headers).flatMap(([name, value]) => (NOT_FORWARDED.has(name) || value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]])),
    );
    const upstream = await fetch(`${upstreams[route.upstream]}${req.url}`, { method: 'POST', headers, body: JSON.stringify(prepared.body), signal: abort.signal });
    const replyHeaders: Record<string, string> = {};
    upstream.headers.forEach((value, name) => {
      // fetch has decoded the body: its length and encoding are not the upstream's any more.
      if (name !== 'content-encoding' && name !== 'content-length' && name !== 'transfer-encoding' && name !== 'connection') replyHeaders[name] = value;
    });
    res.writeHead(upstream.status, replyHeaders);
    const stream = (upstream.headers.get('content-type') ?? '').includes('text/event-stream');
    const observer = stream ? route.adapter.streamBody(prepared.body).observer : undefined;
    const events = observer ? sseEvents((data) => observer.see(data)) : undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of upstream.body ?? []) {
      const bytes = Buffer.from(chunk as Uint8Array);
      res.write(bytes);
      if (events) events(bytes);
      else chunks.push(bytes);
    }
    res.end();
    if (upstream.status !== 200) return;
    if (observer) return prepared.book(observer.usage(), observer.reply());
    const result: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    prepared.book(route.adapter.usageOf(result), route.adapter.replyOf(result));
  };

  await new Promise<void>((resolve) => server.listen(options.port ?? 8787, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    guard: session.handle,
    close: () =>
      new Promise<void>((resolve, reject) => {
        session.handle.close();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Server-sent events as they arrive in pieces: each complete event's `data` JSON to `see`. */
function sseEvents(see: (data: unknown) => void): (bytes: Buffer) => void {
  let pending = '';
  const decoder = new TextDecoder();
  return (bytes) => {
    pending += decoder.decode(bytes, { stream: true });
    let end: number;
    while ((end = pending.search(/\r?\n\r?\n/)) >= 0) {
      const block = pending.slice(0, end);
      pending = pending.slice(end).replace(/^\r?\n\r?\n/, '');
      const data = block
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      if (data === '' || data === '[DONE]') continue;
      try {
        see(JSON.parse(data));
      } catch {
        // Not JSON: passed on to the client as it came, not booked from.
      }
    }
  };
}

/** A refusal in the API's own error shape, so the calling tool shows it. */
function refusal(res: ServerResponse, route: Route, error: GuardError): void {
  if (error instanceof ContextLimitError) return apiError(res, route, 400, 'invalid_request_error', error.message, 'context_length_exceeded');
  if (error instanceof BudgetError) return apiError(res, route, 429, 'budget_exceeded', error.message, 'budget_exceeded');
  return apiError(res, route, 400, 'invalid_request_error', error.message);
}

function apiError(res: ServerResponse, route: Route | undefined, status: number, type: string, message: string, code?: string): void {
  const body =
    route?.upstream === 'anthropic'
      ? { type: 'error', error: { type, message } }
      : { error: { message, type, param: null, code: code ?? null } };
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
