import { createHash, timingSafeEqual } from 'node:crypto';
import { Agent as HttpAgent, createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { InputError } from '../core/errors.js';
import { bookedRecord, failedRecord, replyIdOf, type CallRecord } from '../core/proxy/callRecord.js';
import { replyTextOf, streamedTextOf } from '../core/proxy/replyText.js';
import { isRouteError, routeRequest, SESSION_HEADER, type ProxiedApi, type UpstreamName } from '../core/proxy/proxyRoute.js';
import { sseSplitter, withoutMember, type SseFrame } from '../core/proxy/sseFrames.js';
import { openCallLog, type CallLog } from '../io/callLog.js';
import { stateDirectory } from '../io/journal.js';
import { BudgetError, ContextLimitError, GuardError } from '../lib/errors.js';
import type { ApiAdapter } from '../lib/guard/adapter.js';
import { anthropicMessages } from '../lib/guard/anthropicMessages.js';
import { createSpendStore } from '../lib/guard/budgets.js';
import { guardSession, type CountedRequest, type GuardedCall, type GuardHandle, type GuardOptions, type PreparedCall } from '../lib/guard/guard.js';
import { openAiChat } from '../lib/guard/openaiChat.js';
import { openAiResponses } from '../lib/guard/openaiResponses.js';

import { DEFAULT_UPSTREAMS, type Upstreams } from './proxyUpstreams.js';

export { DEFAULT_UPSTREAMS, SESSION_HEADER, type Upstreams };

/** A request body the proxy reads at most (a bigger one gets an API-shaped 413). */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** The header a client sends the proxy token in; never forwarded. */
export const TOKEN_HEADER = 'x-context-accountant-token';

/**
 * How long the upstream may take to start answering, and then stay silent mid-answer, before the
 * call fails with a 504 (or an error event mid-stream): the SDKs' own default timeout (ten
 * minutes, `openai` and `@anthropic-ai/sdk` alike), so the proxy never gives up before its client.
 */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 600_000;

export interface ProxyOptions {
  readonly port?: number;
  /** Where to listen; default 127.0.0.1. Any other address needs a `token`. */
  readonly host?: string;
  /** When set, every request must carry it in {@link TOKEN_HEADER} (a 401 otherwise). */
  readonly token?: string;
  readonly upstreams?: Upstreams;
  /** Milliseconds to the upstream's first byte, and between its bytes after; default {@link DEFAULT_UPSTREAM_TIMEOUT_MS}. */
  readonly upstreamTimeoutMs?: number;
  /** The guard's options for each client's session: budgets, limit, strategy, journal. */
  readonly guard?: Omit<GuardOptions, 'onCall' | 'onRefused'>;
  /** Each call a client made, with the client's key fingerprint. */
  readonly onCall?: (call: ProxiedCall) => void;
  readonly onRefused?: (refusal: { readonly client: string; readonly message: string }) => void;
  /** Every step of every call, as it happens (what a live view subscribes to). */
  readonly onEvent?: (event: ProxyEvent) => void;
}

/**
 * A call as the guard booked it, which client (session name or key fingerprint) made it, and the
 * session's journal id when it is journalled (`--resume ID`, `report ID`).
 */
export type ProxiedCall = GuardedCall & { readonly client: string; readonly journalId?: string };

/** Why a forwarded call did not end with a whole answer. */
export type FailReason = 'upstream-unreachable' | 'upstream-status' | 'timeout' | 'stream-cut' | 'client-left';

/**
 * One step of one call. `request`: counted and let through, before it is forwarded. `booked`: the
 * answer came whole and its usage is booked. `refused`: the guard refused it (nothing forwarded).
 * `failed`: forwarded but not answered whole (what was seen of a stream is booked, in `booked`).
 * `call` numbers the calls of this proxy from 1, so the steps of one call can be put together.
 */
export type ProxyEvent =
  | { readonly type: 'request'; readonly call: number; readonly client: string; readonly api: ProxiedApi; readonly model: string; readonly stream: boolean; readonly counted: CountedRequest }
  /** Reply text as it arrived (a stream's event, or a whole answer's text before it is booked): the network's, unsanitised. */
  | { readonly type: 'streamed'; readonly call: number; readonly client: string; readonly text: string }
  | { readonly type: 'booked'; readonly call: number; readonly client: string; readonly booked: ProxiedCall; readonly replyId?: string }
  | { readonly type: 'refused'; readonly client: string; readonly api: ProxiedApi; readonly status: number; readonly message: string }
  | {
      readonly type: 'failed';
      readonly call: number;
      readonly client: string;
      readonly api: ProxiedApi;
      readonly model: string;
      readonly reason: FailReason;
      /** The status the client got (the upstream's, or the proxy's 502/504); 200 for a stream cut after it began. */
      readonly status: number;
      readonly message: string;
      readonly booked?: ProxiedCall;
    };

export interface ClientSession {
  /** The session's name (`/s/NAME/` or the session header), else a short SHA-256 prefix of the client's API key (never the key), or `anonymous`. */
  readonly client: string;
  /** How the client was told apart. */
  readonly by: 'name' | 'key' | 'anonymous';
  readonly guard: GuardHandle;
  /** The call log's path (`report` reads it), once the session's journal exists. */
  callLog(): string | undefined;
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

const ADAPTERS: Readonly<Record<ProxiedApi, ApiAdapter>> = { 'chat.completions': openAiChat, responses: openAiResponses, messages: anthropicMessages };

/** Hop-by-hop headers, those the request is re-sent with its own of, and ours: never forwarded. */
const NOT_FORWARDED = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'accept-encoding', 'upgrade', 'te', 'trailer', 'proxy-connection', TOKEN_HEADER, SESSION_HEADER]);
const NOT_RETURNED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'trailer']);

class UpstreamTimeout extends Error {}

interface ProxySession {
  readonly client: string;
  readonly by: ClientSession['by'];
  readonly guard: ReturnType<typeof guardSession>;
  /** The call just booked (the guard's onCall is synchronous within `book`). */
  justBooked?: ProxiedCall;
  log?: CallLog;
  /** Records of calls before the journal existed (a first call that failed): written when it does. */
  readonly early: CallRecord[];
}

/**
 * A local HTTP proxy for the OpenAI and Anthropic APIs (issue 21): each call is counted, refused
 * or fitted by the guard before it is forwarded, answered with the upstream's bytes as they come,
 * and booked from the usage it reports. Binds to 127.0.0.1 unless told otherwise, and then only
 * with a token. API keys pass through in the headers; only a fingerprint of each is kept, to keep
 * clients apart as sessions (each its own budgets, journal and call log), unless the client names
 * its session (`/s/NAME/v1/...` or the {@link SESSION_HEADER} header).
 */
export async function startProxy(options: ProxyOptions = {}): Promise<RunningProxy> {
  const host = options.host ?? '127.0.0.1';
  if (needsToken(host) && !options.token) {
    throw new InputError(`proxy: --host ${host} is reachable from other machines: give a proxy token (--token or CONTEXT_ACCOUNTANT_PROXY_TOKEN)`);
  }
  const token = options.token === undefined ? undefined : Buffer.from(options.token);
  const upstreams = options.upstreams ?? DEFAULT_UPSTREAMS;
  const timeoutMs = options.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS;
  const journal = options.guard?.journal;
  const journalDir = journal ? (typeof journal === 'object' && journal.dir !== undefined ? journal.dir : stateDirectory()) : undefined;
  const emit = options.onEvent ?? (() => {});
  // The reply's text is looked for only when someone watches the calls (the dashboard).
  const watched = options.onEvent !== undefined;
  // One store: per-user and per-day budgets span the clients; per-session ones are each client's.
  const store = options.guard?.store ?? createSpendStore();
  const sessions = new Map<string, ProxySession>();
  let calls = 0;
  // The proxy's own pools of kept-alive upstream connections (not the process's global ones), closed with it.
  const agents: Agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

  const sessionOf = (name: string | undefined, headers: IncomingHttpHeaders): ProxySession => {
    const fingerprint = clientOf(headers);
    const key = name !== undefined ? `name:${name}` : `key:${fingerprint}`;
    let session = sessions.get(key);
    if (!session) {
      const client = name ?? fingerprint;
      const created: ProxySession = {
        client,
        by: name !== undefined ? 'name' : fingerprint === 'anonymous' ? 'anonymous' : 'key',
        early: [],
        guard: guardSession({
          ...options.guard,
          store,
          ...(journalDir !== undefined && { journal: { dir: journalDir, source: `proxy (${client})` } }),
          onCall: (call: GuardedCall) => {
            // The guard journals the call before it reports it: the journal exists by now.
            const journalId = created.guard.handle.status().journalId;
            const proxied = { ...call, client, ...(journalId !== undefined && { journalId }) };
            created.justBooked = proxied;
            options.onCall?.(proxied);
          },
        }, { commit: 'group' }),
      };
      session = created;
      sessions.set(key, session);
    }
    return session;
  };

  /** Once what the session's calls appended (journal events, call log lines) is on disk. */
  const durable = (session: ProxySession): Promise<unknown> => Promise.all([session.guard.flushed(), session.log?.flushed()]);

  /** The call's line in its session's call log: once the journal exists (its id names the log). */
  const logCall = (session: ProxySession, record: CallRecord) => {
    if (journalDir === undefined) return;
    if (!session.log) {
      const id = session.guard.handle.status().journalId;
      if (id === undefined) return void session.early.push(record);
      session.log = openCallLog(journalDir, id);
      for (const early of session.early.splice(0)) session.log.append(early);
    }
    session.log.append(record);
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
    if (token && !sameToken(req.headers[TOKEN_HEADER], token)) {
      req.resume();
      const route = routeRequest(req.method ?? '', req.url ?? '', undefined);
      return apiError(res, route.upstream, 401, 'authentication_error', `proxy: this proxy needs its token in the ${TOKEN_HEADER} header`);
    }
    const route = routeRequest(req.method ?? '', req.url ?? '', req.headers[SESSION_HEADER]);
    if (isRouteError(route)) {
      req.resume();
      return apiError(res, route.upstream, route.status, route.type, route.message);
    }
    const text = await readBody(req);
    if (text === undefined) return apiError(res, route.upstream, 413, 'request_too_large', `proxy: request body over ${MAX_BODY_BYTES} bytes`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return apiError(res, route.upstream, 400, 'invalid_request_error', 'proxy: the request body is not JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return apiError(res, route.upstream, 400, 'invalid_request_error', 'proxy: the request body is not a JSON object');
    const session = sessionOf(route.session, req.headers);
    const adapter = ADAPTERS[route.api];
    await session.guard.readyFor(adapter, body as Record<string, unknown>);
    const prepared = session.guard.prepare(adapter, body as Record<string, unknown>);
    if (prepared instanceof GuardError) {
      const status = refusal(res, route.upstream, prepared);
      options.onRefused?.({ client: session.client, message: prepared.message });
      return emit({ type: 'refused', client: session.client, api: route.api, status, message: prepared.message });
    }
    const call = ++calls;
    const { client } = session;
    emit({ type: 'request', call, client, api: route.api, model: prepared.model, stream: prepared.stream, counted: prepared.counted });
    let replyId: string | undefined;
    /** The call's end, once it is on disk: its event, then what the client is told (`answer`). */
    const failed = async (reason: FailReason, status: number, message: string, booked?: ProxiedCall, logged?: CallRecord, answer?: () => void) => {
      logCall(session, logged ?? failedRecord(route.api, new Date(), prepared.model, status, reason, message, replyId));
      await durable(session);
      emit({ type: 'failed', call, client, api: route.api, model: prepared.model, reason, status, message, ...(booked && { booked }) });
      answer?.();
    };
    const book = (usage: unknown, reply: Parameters<PreparedCall['book']>[1]): ProxiedCall => {
      prepared.book(usage, reply);
      return session.justBooked!;
    };

    const { body: sent, observer } = prepared.stream ? adapter.streamBody(prepared.body) : { body: prepared.body, observer: undefined };
    // The chat adapter asks for usage on the client's behalf; what it asked for is taken out again.
    const rewrite = sent !== prepared.body;
    const payload = JSON.stringify(sent);
    const abort = new AbortController();
    let clientLeft = false;
    res.on('close', () => {
      if (res.writableFinished) return;
      clientLeft = true;
      abort.abort();
    });
    const target = `${upstreams[route.upstream]}${route.forward}`;
    let upstream: IncomingMessage;
    try {
      upstream = await post(agents, target, forwardedHeaders(req.headers, payload), payload, timeoutMs, abort.signal);
    } catch (error) {
      // Refused, unreachable, silent, or the client left first: nothing was answered, nothing is booked.
      if (clientLeft) return failed('client-left', 499, 'proxy: the client left before the upstream answered');
      if (error instanceof UpstreamTimeout) {
        const message = `proxy: the upstream ${upstreams[route.upstream]} sent nothing for ${seconds(timeoutMs)} (--upstream-timeout)`;
        return failed('timeout', 504, message, undefined, undefined, () => apiError(res, route.upstream, 504, route.upstream === 'anthropic' ? 'timeout_error' : 'server_error', message, 'upstream_timeout'));
      }
      const message = `proxy: the upstream ${upstreams[route.upstream]} did not answer (${(error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error))})`;
      return failed('upstream-unreachable', 502, message, undefined, undefined, () => apiError(res, route.upstream, 502, 'api_error', message));
    }
    const status = upstream.statusCode ?? 502;
    const stream = status === 200 && observer !== undefined && String(upstream.headers['content-type'] ?? '').includes('text/event-stream');
    const replyHeaders: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(upstream.headers)) {
      // A stream we take a chunk out of is not the upstream's length any more.
      if (value !== undefined && !NOT_RETURNED.has(name) && !(rewrite && stream && name === 'content-length')) replyHeaders[name] = value;
    }
    res.writeHead(status, replyHeaders);

    const frames = stream ? sseSplitter() : undefined;
    const see = (frame: SseFrame): Uint8Array | undefined => {
      if (frame.data === undefined || frame.data === '[DONE]') return frame.bytes;
      let data: unknown;
      try {
        data = JSON.parse(frame.data);
      } catch {
        return frame.bytes; // not JSON: passed on as it came, not booked from
      }
      replyId ??= replyIdOf(route.api, data);
      if (watched) {
        const text = streamedTextOf(route.api, data);
        if (text !== undefined) emit({ type: 'streamed', call, client, text });
      }
      const seen = observer!.see(data);
      if (!seen.pass) return undefined;
      return seen.event === data ? frame.bytes : rewritten(frame, seen.event);
    };
    const chunks: Buffer[] = [];
    let idle: NodeJS.Timeout | undefined;
    const quiet = () => {
      clearTimeout(idle);
      idle = setTimeout(() => upstream.destroy(new UpstreamTimeout()), timeoutMs);
    };
    try {
      quiet();
      for await (const chunk of upstream) {
        quiet();
        const bytes = chunk as Buffer;
        if (!frames) {
          res.write(bytes);
          chunks.push(bytes);
          continue;
        }
        const passed = frames.push(bytes).map(see);
        if (!rewrite) res.write(bytes);
        else for (const out of passed) if (out) res.write(out);
      }
      clearTimeout(idle);
    } catch (error) {
      clearTimeout(idle);
      // What was seen of a stream is booked; the call failed all the same.
      const seenSoFar = stream && status === 200 ? book(observer!.usage(), observer!.reply()) : undefined;
      const logged = seenSoFar && observer!.usage() !== undefined ? bookedRecord(route.api, new Date(), prepared.model, replyId, observer!.usage()) : undefined;
      if (clientLeft) return failed('client-left', status, 'proxy: the client left mid-answer (the upstream request was cancelled)', seenSoFar, logged);
      if (error instanceof UpstreamTimeout && stream) {
        // Mid-stream the status has gone: the error comes as the API's own error event, and the stream ends.
        const message = `proxy: the upstream ${upstreams[route.upstream]} went silent for ${seconds(timeoutMs)} mid-stream (--upstream-timeout)`;
        if (rewrite && frames!.rest().length > 0) res.write(frames!.rest());
        return failed('timeout', status, message, seenSoFar, logged, () => res.end(`${frames!.rest().length > 0 ? '\n\n' : ''}${streamErrorEvent(route.api, message)}`));
      }
      // A reset (or a silent body that is not a stream): the client's connection is cut too, so its SDK raises rather than waits.
      const message = error instanceof UpstreamTimeout ? `proxy: the upstream went silent for ${seconds(timeoutMs)} mid-answer (--upstream-timeout)` : 'proxy: the upstream cut the answer short';
      return failed(error instanceof UpstreamTimeout ? 'timeout' : 'stream-cut', status, message, seenSoFar, logged, () => res.destroy());
    }
    if (rewrite && frames && frames.rest().length > 0) res.write(frames.rest());
    if (status !== 200) return failed('upstream-status', status, `HTTP ${status}${errorCodeOf(Buffer.concat(chunks))}`, undefined, undefined, () => res.end());
    let usage: unknown;
    let reply: Parameters<PreparedCall['book']>[1];
    if (stream) {
      usage = observer!.usage();
      reply = observer!.reply();
    } else {
      let result: unknown;
      try {
        result = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        result = undefined; // not JSON after all: passed on, booked as counted (an estimate)
      }
      replyId = replyIdOf(route.api, result);
      usage = adapter.usageOf(result);
      reply = result === undefined ? undefined : adapter.replyOf(result);
      const text = watched ? replyTextOf(reply?.content) : undefined;
      if (text !== undefined) emit({ type: 'streamed', call, client, text });
    }
    const booked = book(usage, reply);
    logCall(session, usage === undefined || usage === null ? failedRecord(route.api, new Date(), prepared.model, 200, 'no-usage', 'the answer reported no usage') : bookedRecord(route.api, new Date(), booked.model, replyId, usage));
    // Booked once durable: the call's event, and the end of its answer, come when its journal
    // events and its call log line are on disk (a group commit shared with the calls alongside).
    await durable(session);
    emit({ type: 'booked', call, client, booked, ...(replyId !== undefined && { replyId }) });
    res.end();
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
    sessions: () => [...sessions.values()].map((session) => ({ client: session.client, by: session.by, guard: session.guard.handle, callLog: () => session.log?.path })),
    close: async () => {
      // What the calls appended is written first (each call's own end has waited for it already).
      await Promise.allSettled([...sessions.values()].map(durable));
      return new Promise<void>((resolve, reject) => {
        for (const session of sessions.values()) {
          session.guard.handle.close();
          session.log?.close();
        }
        server.closeAllConnections();
        agents.http.destroy();
        agents.https.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      });
    },
  };
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

function forwardedHeaders(headers: IncomingHttpHeaders, payload: string): Record<string, string | string[]> {
  const sent: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !NOT_FORWARDED.has(name)) sent[name] = value;
  // Uncompressed, so that the proxy can read the usage out of it; the body re-sent has its own length.
  sent['accept-encoding'] = 'identity';
  sent['content-length'] = String(Buffer.byteLength(payload));
  return sent;
}

interface Agents {
  readonly http: HttpAgent;
  readonly https: HttpsAgent;
}

/**
 * POSTs to the upstream; resolves with its response once the headers came, or rejects (refused,
 * {@link UpstreamTimeout}, aborted). A kept-alive connection the upstream closed just as it was
 * reused (reset, or a broken pipe, before any answer: the upstream had closed it idle, so it read
 * nothing) is retried once, as Node's documentation advises, and on a new connection outside the
 * pool: when the upstream closes idle connections they go together (its keep-alive timeout, and a
 * busy proxy late to see it), and a retry from the pool took the next dead one, a 502 for a call
 * the upstream never saw.
 */
function post(agents: Agents, url: string, headers: Record<string, string | string[]>, payload: string, timeoutMs: number, signal: AbortSignal, retried = false): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const https = target.protocol === 'https:';
    const send = https ? httpsRequest : httpRequest;
    const req = send(target, { method: 'POST', headers, signal, agent: retried ? false : https ? agents.https : agents.http });
    const timer = setTimeout(() => req.destroy(new UpstreamTimeout()), timeoutMs);
    req.once('response', (response) => {
      clearTimeout(timer);
      resolve(response);
    });
    req.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const closedAsReused = req.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
      if (!retried && closedAsReused && !signal.aborted) resolve(post(agents, url, headers, payload, timeoutMs, signal, true));
      else reject(error);
    });
    req.end(payload);
  });
}

/** A frame re-sent with the event the observer passed on: the member it took out removed from the text as it came. */
function rewritten(frame: SseFrame, event: unknown): Uint8Array {
  const text = new TextDecoder().decode(frame.bytes);
  const data = frame.data!;
  const kept = withoutMember(data, 'usage') ?? JSON.stringify(event);
  const at = data.includes('\n') ? -1 : text.indexOf(data);
  if (at >= 0) return new TextEncoder().encode(text.slice(0, at) + kept + text.slice(at + data.length));
  return new TextEncoder().encode(`${frame.event !== undefined ? `event: ${frame.event}\n` : ''}data: ${kept}\n\n`);
}

/** An error mid-stream as each API sends one: Chat Completions a data chunk with `error`, Responses and Anthropic an `error` event. */
function streamErrorEvent(api: ProxiedApi, message: string): string {
  if (api === 'messages') return `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'timeout_error', message } })}\n\n`;
  if (api === 'responses') return `event: error\ndata: ${JSON.stringify({ type: 'error', code: 'upstream_timeout', message, param: null })}\n\n`;
  return `data: ${JSON.stringify({ error: { message, type: 'server_error', param: null, code: 'upstream_timeout' } })}\n\n`;
}

/** An upstream error's type or code, for the call log (its message is not kept: it may quote the request). */
function errorCodeOf(body: Buffer): string {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { error?: { code?: unknown; type?: unknown } };
    const code = parsed.error?.code ?? parsed.error?.type;
    return typeof code === 'string' ? ` ${code.replace(/[^\w.-]/g, '')}` : '';
  } catch {
    return '';
  }
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

/** A refusal in the API's own error shape, so the calling tool shows it; its status. */
function refusal(res: ServerResponse, upstream: UpstreamName, error: GuardError): number {
  if (error instanceof ContextLimitError) return apiError(res, upstream, 400, 'invalid_request_error', error.message, 'context_length_exceeded');
  if (error instanceof BudgetError) return apiError(res, upstream, 429, 'budget_exceeded', error.message, 'budget_exceeded');
  return apiError(res, upstream, 400, 'invalid_request_error', error.message);
}

function apiError(res: ServerResponse, upstream: UpstreamName | undefined, status: number, type: string, message: string, code?: string): number {
  const body = upstream === 'anthropic' ? { type: 'error', error: { type, message } } : { error: { message, type, param: null, code: code ?? null } };
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
  return status;
}

