import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InputError } from '../core/errors.js';
import { BudgetError, ContextLimitError, GuardError } from '../lib/errors.js';
import type { ApiAdapter } from '../lib/guard/adapter.js';
import { anthropicMessages } from '../lib/guard/anthropicMessages.js';
import { createSpendStore } from '../lib/guard/budgets.js';
import { guardSession, type GuardedCall, type GuardHandle, type GuardOptions } from '../lib/guard/guard.js';
import { openAiChat } from '../lib/guard/openaiChat.js';
import { openAiResponses } from '../lib/guard/openaiResponses.js';

import { DEFAULT_UPSTREAMS, type Upstreams } from './proxyUpstreams.js';

export { DEFAULT_UPSTREAMS, type Upstreams };

/** A request body the proxy reads at most (a bigger one gets an API-shaped 413). */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** The header a client sends the proxy token in; never forwarded. */
export const TOKEN_HEADER = 'x-context-accountant-token';

export interface ProxyOptions {
  readonly port?: number;
  /** Where to listen; default 127.0.0.1. Any other address needs a `token`. */
  readonly host?: string;
  /** When set, every request must carry it in {@link TOKEN_HEADER} (a 401 otherwise). */
  readonly token?: string;
  readonly upstreams?: Upstreams;
  /** The guard's options for each client's session: budgets, limit, strategy, journal. */
  readonly guard?: Omit<GuardOptions, 'onCall' | 'onRefused'>;
  /** Each request the guard let through, counted, just before it is forwarded (the live dashboard shows it at once). */
  readonly onRequest?: (request: ProxiedRequest) => void;
  /** Each call a client made, with the client's key fingerprint. */
  readonly onCall?: (call: ProxiedCall) => void;
  readonly onRefused?: (refusal: { readonly client: string; readonly message: string }) => void;
}

/** A request about to be forwarded: the model it is accounted as, what was counted, and which client sent it. */
export interface ProxiedRequest {
  readonly client: string;
  readonly model: string;
  readonly counted: GuardedCall['counted'];
}

/** A call as the guard booked it, and which client (key fingerprint) made it. */
export type ProxiedCall = GuardedCall & { readonly client: string };

export interface ClientSession {
  /** A short SHA-256 prefix of the client's API key (never the key), or `anonymous`. */
  readonly client: string;
  readonly guard: GuardHandle;
}

export interface RunningProxy {
  readonly url: string;
  /** One guard session (budgets, journal) per client, in the order they first called. */
  sessions(): readonly ClientSession[];
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Whether a proxy on this host needs a token: anything but loopback is reachable by others. */
export function needsToken(host: string): boolean {
  return !LOOPBACK.has(host);
}

/**
 * Which client a request is: a fingerprint of its API key (OpenAI's `Authorization: Bearer`,
 * Anthropic's `x-api-key`), so that two tools with two keys are two sessions and no key is kept.
 */
export function clientOf(headers: IncomingMessage['headers']): string {
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1];
  const apiKey = headers['x-api-key'];
  const key = bearer ?? (Array.isArray(apiKey) ? apiKey[0] : apiKey);
  return key ? createHash('sha256').update(key).digest('hex').slice(0, 12) : 'anonymous';
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
const NOT_FORWARDED = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'accept-encoding', TOKEN_HEADER]);

/**
 * A local HTTP proxy for the OpenAI and Anthropic APIs (issue 21, started): each call is counted,
 * refused or fitted by the guard before it is forwarded, answered with the upstream's bytes as
 * they come, and booked from the usage it reports. Binds to 127.0.0.1 unless told otherwise, and
 * then only with a token. API keys pass through in the headers; only a fingerprint of each is
 * kept, to keep clients apart as sessions (each its own budgets and journal).
 */
export async function startProxy(options: ProxyOptions = {}): Promise<RunningProxy> {
  const host = options.host ?? '127.0.0.1';
  if (needsToken(host) && !options.token) {
    throw new InputError(`proxy: --host ${host} is reachable from other machines: give a proxy token (--token or CONTEXT_ACCOUNTANT_PROXY_TOKEN)`);
  }
  const token = options.token === undefined ? undefined : Buffer.from(options.token);
  const upstreams = options.upstreams ?? DEFAULT_UPSTREAMS;
  // One store: per-user and per-day budgets span the clients; per-session ones are each client's.
  const store = options.guard?.store ?? createSpendStore();
  const sessions = new Map<string, ReturnType<typeof guardSession>>();
  const sessionOf = (client: string) => {
    let session = sessions.get(client);
    if (!session) {
      session = guardSession({
        ...options.guard,
        store,
        ...(options.onCall && { onCall: (call: GuardedCall) => options.onCall!({ ...call, client }) }),
        ...(options.onRefused && { onRefused: (error: GuardError) => options.onRefused!({ client, message: error.message }) }),
      });
      sessions.set(client, session);
    }
    return session;
  };
  // The tokenizers (shared by every session) loaded before the first client calls.
  await guardSession({ store }).handle.ready();
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) apiError(res, undefined, 502, 'api_error', `proxy: ${error instanceof Error ? error.message : String(error)}`);
      else res.destroy();
    });
  });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0]!;
    const route = ROUTES[path];
    if (token && !sameToken(req.headers[TOKEN_HEADER], token)) {
      req.resume();
      return apiError(res, route, 401, 'authentication_error', `proxy: this proxy needs its token in the ${TOKEN_HEADER} header`);
    }
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
    const session = sessionOf(clientOf(req.headers));
    await session.readyFor(route.adapter, body as Record<string, unknown>);
    const prepared = session.prepare(route.adapter, body as Record<string, unknown>);
    if (prepared instanceof GuardError) return refusal(res, route, prepared);
    options.onRequest?.({ client: clientOf(req.headers), model: prepared.model, counted: prepared.counted });

    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    const headers = Object.fromEntries(
      Object.entries(req.headers).flatMap(([name, value]) => (NOT_FORWARDED.has(name) || value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]])),
    );
    let upstream: Response;
    try {
      upstream = await fetch(`${upstreams[route.upstream]}${req.url}`, { method: 'POST', headers, body: JSON.stringify(prepared.body), signal: abort.signal });
    } catch (error) {
      // Refused, unreachable, or the client left first: nothing was answered, nothing is booked.
      if (abort.signal.aborted) return;
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      return apiError(res, route, 502, 'api_error', `proxy: the upstream ${upstreams[route.upstream]} did not answer (${cause})`);
    }
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
    try {
      for await (const chunk of upstream.body ?? []) {
        const bytes = Buffer.from(chunk as Uint8Array);
        res.write(bytes);
        if (events) events(bytes);
        else chunks.push(bytes);
      }
    } catch {
      // The upstream cut the stream, or the client left (and so the upstream request was aborted):
      // the client's connection is cut too, so its SDK raises rather than waits; what was seen is booked.
      res.destroy();
      if (observer && upstream.status === 200) prepared.book(observer.usage(), observer.reply());
      return;
    }
    res.end();
    if (upstream.status !== 200) return;
    if (observer) return prepared.book(observer.usage(), observer.reply());
    const result: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    prepared.book(route.adapter.usageOf(result), route.adapter.replyOf(result));
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8787, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  // An any-address bind is reached on loopback from this machine.
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}`,
    sessions: () => [...sessions].map(([client, session]) => ({ client, guard: session.handle })),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const session of sessions.values()) session.handle.close();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function sameToken(sent: string | string[] | undefined, token: Buffer): boolean {
  if (typeof sent !== 'string') return false;
  const bytes = Buffer.from(sent);
  return bytes.length === token.length && timingSafeEqual(bytes, token);
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
