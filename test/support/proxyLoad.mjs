// A load run through the proxy (issue 21), shared by test/commands/proxyLoad.test.ts (short, no
// timings asserted) and bench/proxyLoad.mjs (200 streams for 30 s, timed): an upstream that
// streams Chat Completions chunks carrying the request's own id, faults injected by a seeded
// draw, and clients that check every answer is their own, whole, or the fault it was dealt.
import { Agent, createServer, request } from 'node:http';

const WORDS = ['The ', 'log ', 'says ', 'the ', 'connection ', 'was ', 'refused.'];
export const REPLY = WORDS.join('');

/** The fault each request is dealt, and what the client must see for it. */
export const FAULTS = ['none', 'reset', 'hold', 'status503', 'hang'];

/** The request's id: its one user message, `load-N`. */
function idOf(body) {
  const content = body?.messages?.[0]?.content;
  return typeof content === 'string' && content.startsWith('load-') ? content : undefined;
}

/**
 * The upstream: every chat request streamed back (usage asked for or not, as the API does), its
 * chunks' id `chatcmpl-<request id>`. With `faultRate`, that share of requests is dealt a fault
 * (reset after 3 chunks, hold after 3 chunks, a 503, or no answer at all), each recorded by id.
 * `random` is the project's seeded source (src/core/seededRandom.ts; the test imports it, the
 * bench the built one), so a run's faults are the same every time.
 */
export async function startLoadUpstream({ faultRate = 0, random } = {}) {
  const draw = random ?? (() => 1);
  const dealt = new Map();
  const seen = new Map();
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const id = idOf(body) ?? 'none';
      seen.set(id, (seen.get(id) ?? 0) + 1);
      const fault = faultRate > 0 && draw() < faultRate ? FAULTS[1 + Math.floor(draw() * (FAULTS.length - 1))] : 'none';
      dealt.set(id, fault);
      if (fault === 'hang') return;
      if (fault === 'status503') {
        res.writeHead(503, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ error: { message: 'The server is overloaded.', type: 'server_error', param: null, code: null } }));
      }
      const usage = body.stream_options?.include_usage === true;
      const chunk = (choices, extra = {}) =>
        `data: ${JSON.stringify({ id: `chatcmpl-${id}`, object: 'chat.completion.chunk', created: 1764633600, model: body.model, system_fingerprint: 'fp_1', choices, ...(usage && { usage: null }), ...extra })}\n\n`;
      const events = [
        chunk([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]),
        ...WORDS.map((word) => chunk([{ index: 0, delta: { content: word }, logprobs: null, finish_reason: null }])),
        chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]),
        ...(usage ? [chunk([], { usage: { prompt_tokens: 9, completion_tokens: 7, total_tokens: 16 } })] : []),
        'data: [DONE]\n\n',
      ];
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      if (fault === 'reset') return void res.write(events.slice(0, 3).join(''), () => res.socket?.destroy());
      if (fault === 'hold') return void res.write(events.slice(0, 3).join(''));
      for (const event of events) res.write(event);
      res.end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    /** The fault each request id was dealt. */
    dealt,
    /** How many times each request id reached the upstream. */
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What one answer was: its own whole stream, a status, a stream error event, a cut connection, or wrong (another's id, a broken stream). */
function outcomeOf(id, status, text) {
  // The error's message says why (the proxy's 502 names the socket error): kept for the report.
  if (status !== 200) return { outcome: `status${status}`, why: errorMessageOf(text) };
  const events = text.split('\n\n').filter((event) => event !== '');
  let content = '';
  for (const event of events) {
    const data = event.replace(/^data: /, '');
    if (data === '[DONE]') return content === REPLY ? { outcome: 'ok' } : { outcome: 'wrong', why: `reply "${content}"` };
    const chunk = JSON.parse(data);
    if (chunk.error) return { outcome: 'stream-error' };
    if (chunk.id !== `chatcmpl-${id}`) return { outcome: 'wrong', why: `chunk of ${chunk.id}` };
    if ('usage' in chunk) return { outcome: 'wrong', why: 'a usage field the client did not ask for' };
    content += chunk.choices[0]?.delta?.content ?? '';
  }
  return { outcome: 'wrong', why: 'stream ended without [DONE]' };
}

function errorMessageOf(text) {
  try {
    return JSON.parse(text).error?.message;
  } catch {
    return text.slice(0, 200);
  }
}

/**
 * `concurrency` clients, each sending one streamed chat request after another for `durationMs`,
 * to `base` (`/v1/chat/completions` appended; `sessionOf(worker)` puts `/s/NAME` in front). Each
 * request's latency is to its last byte; ids are `load-<idPrefix>N`. Resolves with every request's
 * id, outcome, latency and when it was sent (`sentAt`, ms into the run).
 */
export async function runLoad({ base, concurrency, durationMs, sessionOf = () => undefined, requestTimeoutMs = 30_000, idPrefix = '' }) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const results = [];
  let next = 0;
  const end = Date.now() + durationMs;
  const one = (worker) =>
    new Promise((resolve) => {
      const id = `load-${idPrefix}${++next}`;
      const session = sessionOf(worker);
      const payload = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: id }], stream: true });
      const started = process.hrtime.bigint();
      const sentAt = Date.now() - (end - durationMs);
      const finish = (result) => resolve({ id, ...result, ms: Number(process.hrtime.bigint() - started) / 1e6, sentAt });
      const req = request(`${base}${session ? `/s/${session}` : ''}/v1/chat/completions`, {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-load-test', 'content-length': Buffer.byteLength(payload) },
      });
      req.setTimeout(requestTimeoutMs, () => req.destroy(new Error('lost: no answer in time')));
      req.on('response', (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => finish(outcomeOf(id, res.statusCode, Buffer.concat(chunks).toString('utf8'))));
        res.on('error', (error) => finish({ outcome: 'cut', why: error.code ?? error.message }));
        res.on('aborted', () => finish({ outcome: 'cut', why: 'aborted' }));
      });
      req.on('error', (error) => finish({ outcome: error.message.startsWith('lost') ? 'lost' : 'cut', why: error.code ?? error.message }));
      req.end(payload);
    });
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (Date.now() < end) results.push(await one(worker));
    }),
  );
  agent.destroy();
  return results;
}

/** What the client must see for each fault, through the proxy. */
export const EXPECTED_THROUGH_PROXY = { none: 'ok', reset: 'cut', hold: 'stream-error', status503: 'status503', hang: 'status504' };

/** Latency percentile (nearest rank) of the results' `ms`. */
export function percentile(results, p) {
  const sorted = results.map((result) => result.ms).sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
