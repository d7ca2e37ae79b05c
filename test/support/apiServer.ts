import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the OpenAI and Anthropic APIs on 127.0.0.1 (port 0: the system picks a free one),
 * answering with the shapes their API references document: JSON bodies, server-sent-event streams
 * and error objects. Tests script the answer per request and read back every request it received,
 * so "refused before it left" is "the server saw nothing".
 */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Record<string, unknown>;
}

export type Answer =
  | { readonly kind: 'json'; readonly status?: number; readonly body: unknown }
  /** Reads the request and never answers (a hung upstream): not even the status line. */
  | { readonly kind: 'hang' }
  /** Each event: `data:` JSON (and an `event:` name, as Anthropic sends); `done` adds OpenAI's `data: [DONE]`. */
  | {
      readonly kind: 'sse';
      readonly events: readonly { readonly event?: string; readonly data: unknown }[];
      readonly done?: boolean;
      /** A fault after this many events: `reset` destroys the connection, `hold` sends nothing more and waits. */
      readonly cut?: { readonly after: number; readonly how: 'reset' | 'hold' };
    };

export type Responder = (request: ReceivedRequest) => Answer;

export interface ApiServer {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** Requests whose connection closed before their answer was finished (the caller left). */
  readonly leftEarly: ReceivedRequest[];
  /** Resolves when the next request is left early. */
  nextLeftEarly(): Promise<void>;
  /** What the next requests are answered with. */
  answer(responder: Responder): void;
  close(): Promise<void>;
}

export async function startApiServer(responder: Responder = documentedAnswer): Promise<ApiServer> {
  const requests: ReceivedRequest[] = [];
  const leftEarly: ReceivedRequest[] = [];
  let leaving: (() => void)[] = [];
  let respond = responder;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const received: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
      };
      requests.push(received);
      res.on('close', () => {
        if (res.writableFinished) return;
        leftEarly.push(received);
        for (const resolve of leaving) resolve();
        leaving = [];
      });
      const answer = respond(received);
      if (answer.kind === 'hang') return;
      if (answer.kind === 'json') {
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer.body));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const events = answer.cut ? answer.events.slice(0, answer.cut.after) : answer.events;
      const sent = events.map(({ event, data }) => `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`).join('');
      // Reset once what came before has left, as a connection dropped mid-stream.
      if (answer.cut?.how === 'reset') return void res.write(sent, () => res.socket?.destroy());
      res.write(sent);
      if (answer.cut?.how === 'hold') return;
      if (answer.done) res.write('data: [DONE]\n\n');
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    leftEarly,
    nextLeftEarly: () => new Promise<void>((resolve) => leaving.push(resolve)),
    answer: (next) => void (respond = next),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Usage as each API reports it. */
export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens: number };
  completion_tokens_details?: { reasoning_tokens: number };
}

export const CHAT_USAGE: ChatUsage = {
  prompt_tokens: 1200,
  completion_tokens: 300,
  total_tokens: 1500,
  prompt_tokens_details: { cached_tokens: 1024 },
  completion_tokens_details: { reasoning_tokens: 120 },
};

export const RESPONSES_USAGE = {
  input_tokens: 2100,
  input_tokens_details: { cached_tokens: 1920 },
  output_tokens: 410,
  output_tokens_details: { reasoning_tokens: 256 },
  total_tokens: 2510,
};

export const ANTHROPIC_USAGE = {
  input_tokens: 25,
  cache_creation_input_tokens: 3000,
  cache_read_input_tokens: 1500,
  cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 2000 },
  output_tokens: 180,
  service_tier: 'standard',
};

export const REPLY_WORDS = ['The ', 'log ', 'says ', 'the ', 'connection ', 'was ', 'refused.'];

/** Chat Completions: a `chat.completion` object (API reference, "The chat completion object"). */
export function chatCompletion(model: string, usage: ChatUsage = CHAT_USAGE): unknown {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1764633600,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: REPLY_WORDS.join(''), refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage,
    service_tier: 'default',
    system_fingerprint: 'fp_1',
  };
}

/**
 * Chat Completions streamed: `chat.completion.chunk` objects; with `stream_options.include_usage`
 * every chunk carries `usage: null` and a last chunk with no choices carries the usage.
 */
export function chatChunks(model: string, includeUsage: boolean, usage: ChatUsage = CHAT_USAGE): { data: unknown }[] {
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => ({
    data: { id: 'chatcmpl-2', object: 'chat.completion.chunk', created: 1764633600, model, system_fingerprint: 'fp_1', choices, ...(includeUsage && { usage: null }), ...extra },
  });
  const chunks = [
    chunk([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]),
    ...REPLY_WORDS.map((word) => chunk([{ index: 0, delta: { content: word }, logprobs: null, finish_reason: null }])),
    chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]),
  ];
  if (includeUsage) chunks.push(chunk([], { usage }));
  return chunks;
}

/** Responses: a `response` object. */
export function responseObject(model: string, usage: unknown = RESPONSES_USAGE): Record<string, unknown> {
  return {
    id: 'resp_1',
    object: 'response',
    created_at: 1764633600,
    status: 'completed',
    model,
    output: [
      { type: 'message', id: 'msg_1', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: REPLY_WORDS.join(''), annotations: [] }] },
    ],
    usage,
  };
}

/** Responses streamed: typed events, the last (`response.completed`) with the whole response. */
export function responseEvents(model: string, usage: unknown = RESPONSES_USAGE): { event: string; data: unknown }[] {
  const inProgress = { ...responseObject(model, null), status: 'in_progress', output: [] };
  const events: { event: string; data: unknown }[] = [
    { event: 'response.created', data: { type: 'response.created', sequence_number: 0, response: inProgress } },
    ...REPLY_WORDS.map((word, index) => ({
      event: 'response.output_text.delta',
      data: { type: 'response.output_text.delta', sequence_number: index + 1, item_id: 'msg_1', output_index: 0, content_index: 0, delta: word },
    })),
  ];
  events.push({ event: 'response.completed', data: { type: 'response.completed', sequence_number: events.length, response: responseObject(model, usage) } });
  return events;
}

/** Anthropic Messages: a `message` object. */
export function anthropicMessage(model: string, usage: unknown = ANTHROPIC_USAGE): unknown {
  return {
    id: 'msg_01',
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text: REPLY_WORDS.join('') }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage,
  };
}

/** Anthropic streamed: message_start (input usage), content blocks, message_delta (output usage), message_stop. */
export function anthropicEvents(model: string, usage: typeof ANTHROPIC_USAGE = ANTHROPIC_USAGE): { event: string; data: unknown }[] {
  return [
    { event: 'message_start', data: { type: 'message_start', message: { ...(anthropicMessage(model, { ...usage, output_tokens: 1 }) as object), content: [], stop_reason: null } } },
    { event: 'content_block_start', data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } } },
    { event: 'ping', data: { type: 'ping' } },
    ...REPLY_WORDS.map((word) => ({ event: 'content_block_delta', data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: word } } })),
    { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
    { event: 'message_delta', data: { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: usage.output_tokens } } },
    { event: 'message_stop', data: { type: 'message_stop' } },
  ];
}

/** OpenAI's answer to a request over the window (HTTP 400). */
export function contextLengthExceeded(tokens: number, limit: number): Answer {
  return {
    kind: 'json',
    status: 400,
    body: {
      error: {
        message: `This model's maximum context length is ${limit} tokens. However, your messages resulted in ${tokens} tokens. Please reduce the length of the messages.`,
        type: 'invalid_request_error',
        param: 'messages',
        code: 'context_length_exceeded',
      },
    },
  };
}

/** By path, the documented success answer (streams when the request asks). */
export function documentedAnswer(request: ReceivedRequest): Answer {
  const model = String(request.body.model);
  const stream = request.body.stream === true;
  if (request.path.endsWith('/chat/completions')) {
    const includeUsage = (request.body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    return stream ? { kind: 'sse', events: chatChunks(model, includeUsage), done: true } : { kind: 'json', body: chatCompletion(model) };
  }
  if (request.path.endsWith('/responses')) return stream ? { kind: 'sse', events: responseEvents(model) } : { kind: 'json', body: responseObject(model) };
  if (request.path.endsWith('/messages')) return stream ? { kind: 'sse', events: anthropicEvents(model) } : { kind: 'json', body: anthropicMessage(model) };
  return { kind: 'json', status: 404, body: { error: { message: `no route ${request.path}`, type: 'invalid_request_error' } } };
}

/**
 * The server for one test file: started before its tests, stopped after, its record of requests
 * cleared and its documented answers put back before each test.
 */
export function apiServerPerFile(): () => ApiServer {
  let server: ApiServer | undefined;
  beforeAll(async () => {
    server = await startApiServer();
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    server!.requests.length = 0;
    server!.leftEarly.length = 0;
    server!.answer(documentedAnswer);
  });
  return () => server!;
}
