import { exceedsWindow, quoteCall } from '../../core/callPricing.js';
import { requireModel, type ModelEntry } from '../../core/catalog.js';
import { type ChatMessage, type CountText, type FormatRule } from '../../core/chatFormat.js';
import { formatRuleForModel } from '../../core/chatTemplates.js';
import { priceReportedUsage, type ReportedPrice, type ReportedUsage } from '../../core/reportedUsagePrice.js';
import type { StrategySettings } from '../../core/strategies/index.js';
import { loadTokenizer, type EncodingName, type Tokenizer, type TokenizerName } from '../../core/tokenizer.js';
import { promptTokens, toolsTokens } from '../../core/toolDefinitions.js';
import { addBooked, NOTHING_BOOKED, overridesOf, type BookedTotals } from '../accountant.js';
import { ContextLimitError, GuardError } from '../errors.js';
import { fitMessages, type FitResult } from '../fitMessages.js';
import { readUsage } from '../usage.js';
import { type ApiAdapter, type GuardedApi, type ReadRequest, type StreamObserver } from './adapter.js';
import { anthropicMessages } from './anthropicMessages.js';
import { bookSpend, checkBudgets, createSpendStore, DEFAULT_THRESHOLDS, scopesOf, utcDay, type Budgets, type SpendStore, type ThresholdEvent } from './budgets.js';
import { guardJournal, type GuardJournal } from './guardJournal.js';
import type { CommitMode } from '../../io/journalWriter.js';
import { openAiChat } from './openaiChat.js';
import { openAiResponses } from './openaiResponses.js';

/** A strategy the guard applies to every request: `window` trims to fit, `evict-large` and `summarize` as in `report`. */
export type GuardStrategy = 'window' | 'evict-large' | 'summarize';

export interface GuardOptions {
  /** The catalog model to account calls as; default: each request's `model`. */
  readonly model?: string;
  /** The context window in tokens, in place of the catalog's. */
  readonly limit?: number;
  readonly priceIn?: number;
  readonly priceOut?: number;
  /**
   * Without one, a request over the window is refused ({@link ContextLimitError}). With one, every
   * request is sent as the strategy would send it (what it dropped is in the call's `fit`), and
   * refused only if it is still over. `window` keeps the request's `max_tokens` free, unless
   * `settings.reserve` says otherwise.
   */
  readonly strategy?: GuardStrategy;
  readonly settings?: Partial<StrategySettings>;
  /** Budgets in USD per session (this client), per user key and per UTC day. */
  readonly budgets?: Budgets;
  /** Where spend is kept; share one between clients so per-user and per-day budgets span them. */
  readonly store?: SpendStore;
  /** Fractions of a budget at which `onThreshold` is called (default 0.5, 0.8 and 1). */
  readonly thresholds?: readonly number[];
  /** The user key of a request; default: its `safety_identifier` or `user` (OpenAI), `metadata.user_id` (Anthropic). */
  readonly user?: (request: Readonly<Record<string, unknown>>) => string | undefined;
  readonly onThreshold?: (event: ThresholdEvent) => void;
  /** Called after every call the API answered, with what was counted, dropped and booked. */
  readonly onCall?: (call: GuardedCall) => void;
  /** Called for every call refused before it left. */
  readonly onRefused?: (error: GuardError) => void;
  /**
   * Journal the session in the dashboard's format (`true`: the state directory; or a directory,
   * and the `source` its header names, default "guard (API)").
   */
  readonly journal?: boolean | { readonly dir?: string; readonly source?: string };
  /** The clock (per-day budgets); tests set it. */
  readonly now?: () => Date;
}

/** What the guard counted before a call. */
export interface CountedRequest {
  readonly tokens: number;
  readonly limit: number;
  /** The count is not the API's to the token: the model's tokenizer is a stand-in (Claude), or the API's framing is not published (Responses). */
  readonly estimate: boolean;
  readonly notes: readonly string[];
}

/** One call the API answered, as the guard booked it. */
export interface GuardedCall {
  readonly api: GuardedApi;
  readonly model: string;
  readonly stream: boolean;
  readonly user?: string;
  readonly counted: CountedRequest;
  /** What the strategy sent in place of the request, if one is set. */
  readonly fit?: FitResult;
  /** The API's usage, in one shape; undefined when it reported none (a stream cut short). */
  readonly usage?: ReportedUsage;
  /** The real cost, from the usage; without usage, the counted input at list price, marked `estimate`. */
  readonly price: ReportedPrice;
  readonly estimate: boolean;
}

/** The session's figures: what was booked (the API's usage at its real cost) and what was refused. */
export interface GuardStatus extends Omit<BookedTotals, 'cost'> {
  /** The id budgets know this session by. */
  readonly session: string;
  /** The journal's id, once the first call is journalled (for `context-accountant --resume ID`). */
  readonly journalId?: string;
  readonly refusedCalls: number;
  /** USD booked by this session. */
  readonly spent: number;
  readonly lastCall?: GuardedCall;
}

export interface GuardHandle {
  status(): GuardStatus;
  /** Resolves once the tokenizers are loaded (calls made before wait for them anyway). */
  ready(): Promise<void>;
  /** Closes the journal. */
  close(): void;
}

/** The client, its create methods guarded, with `guard` to read the session's status. */
export type Guarded<T> = T & { readonly guard: GuardHandle };

const GUARDED = Symbol.for('context-accountant.guarded');
const ENCODINGS: readonly EncodingName[] = ['o200k_base', 'cl100k_base'];

/** A call the guard let through: the body to send, and how to book what the API answered. */
export interface PreparedCall {
  readonly body: Record<string, unknown>;
  readonly stream: boolean;
  /** The catalog model the call is accounted as. */
  readonly model: string;
  /** What was counted before it leaves (a proxy shows it before the answer comes). */
  readonly counted: CountedRequest;
  book(usage: unknown, reply: ChatMessage | undefined): void;
}

/** An SDK method's promise (Stainless' APIPromise): `_thenUnwrap` keeps `withResponse()` and `asResponse()`. */
interface SdkPromise extends Promise<unknown> {
  _thenUnwrap?(transform: (data: unknown) => unknown): SdkPromise;
  withResponse?(): Promise<unknown>;
  asResponse?(): Promise<unknown>;
}

type Create = (this: unknown, body: Record<string, unknown>, ...rest: unknown[]) => SdkPromise;

/**
 * Guards an `openai` client (`chat.completions.create`, `responses.create`) or an
 * `@anthropic-ai/sdk` client (`messages.create`, and so `messages.stream`), in place: each request
 * is counted before it leaves, refused with a typed error when it would pass the window or a
 * budget (nothing is sent), or fitted by a strategy; each answer's `usage` is booked at its real
 * cost. Streams pass through as the API sent them.
 *
 * @example
 * ```ts
 * const openai = guard(new OpenAI(), { budgets: { session: 1 }, onThreshold: (e) => console.warn(e) });
 * await openai.chat.completions.create({ model: 'gpt-4o', messages });
 * openai.guard.status(); // { calls: 1, spent: 0.00123, ... }
 * ```
 */
export function guard<T extends object>(client: T, options: GuardOptions = {}): Guarded<T> {
  if ((client as Record<symbol, unknown>)[GUARDED]) throw new TypeError('this client is guarded already');
  const targets: [GuardedApi, Record<string, unknown> | undefined, ApiAdapter][] = [
    ['chat.completions', resource(client, 'chat', 'completions'), openAiChat],
    ['responses', resource(client, 'responses'), openAiResponses],
    ['messages', resource(client, 'messages'), anthropicMessages],
  ];
  const found = targets.filter(([, target]) => typeof target?.create === 'function');
  if (found.length === 0) throw new TypeError('guard: expected an openai client (chat.completions, responses) or an @anthropic-ai/sdk client (messages)');

  const session = newSessionKey(options.now?.() ?? new Date());
  const state = createState(options, session);
  for (const [, target, adapter] of found) {
    const original = target!.create as Create;
    target!.create = function guardedCreate(this: unknown, body: Record<string, unknown>, ...rest: unknown[]) {
      return state.call(adapter, (sent) => original.call(this, sent, ...rest), body);
    };
  }
  Object.defineProperty(client, GUARDED, { value: true });
  Object.defineProperty(client, 'guard', { value: state.handle, enumerable: false });
  return client as Guarded<T>;
}

/**
 * The guard without a client, for a proxy (issue 21): `prepare` a request body for an API, send
 * what it returns yourself, and book the answer. The same counting, budgets and journal.
 */
export function guardSession(options: GuardOptions = {}, { commit = 'each' }: { readonly commit?: CommitMode } = {}) {
  const session = newSessionKey(options.now?.() ?? new Date());
  const state = createState(options, session, commit);
  return {
    handle: state.handle,
    prepare: state.prepare,
    readyFor: async (adapter: ApiAdapter, body: Record<string, unknown>) => state.readyFor(adapter, body),
    /** Resolves once every call booked so far is in the journal on disk (at once unless group commit). */
    flushed: (): Promise<void> => state.journalFlushed(),
  };
}

function resource(client: object, ...path: string[]): Record<string, unknown> | undefined {
  let at: unknown = client;
  for (const key of path) at = typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined;
  return typeof at === 'object' && at !== null ? (at as Record<string, unknown>) : undefined;
}

function newSessionKey(at: Date): string {
  return `${at.toISOString().replace(/[-:]/g, '').slice(0, 15)}-${Math.floor(Math.random() * 0x10000).toString(16).padStart(4, '0')}`;
}

function createState(options: GuardOptions, session: string, commit: CommitMode = 'each') {
  const store = options.store ?? createSpendStore();
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const tokenizers = new Map<TokenizerName, Tokenizer>();
  const loading = Promise.all(ENCODINGS.map((encoding) => loadTokenizer(encoding).then((t) => void tokenizers.set(encoding, t))));
  // Loaded now so the first call need not wait; a failure surfaces on the first call, not here.
  loading.catch(() => {});
  const models = new Map<string, ModelEntry>();
  let journal: GuardJournal | undefined;
  let booked = NOTHING_BOOKED;
  let refusedCalls = 0;
  let lastCall: GuardedCall | undefined;

  const modelOf = (id: string): ModelEntry => {
    const wanted = options.model ?? id;
    let model = models.get(wanted);
    if (!model) {
      model = requireModel(wanted, overridesOf(options));
      models.set(wanted, model);
    }
    return model;
  };

  /** The tokenizer a request's model needs beyond OpenAI's, loaded on its first call; undefined when the request does not read (prepare refuses it). */
  const openWeightEncoding = (adapter: ApiAdapter, body: Record<string, unknown>): TokenizerName | undefined => {
    try {
      const encoding = modelOf(adapter.read(body).model).encoding;
      return (ENCODINGS as readonly TokenizerName[]).includes(encoding) ? undefined : encoding;
    } catch {
      return undefined;
    }
  };

  /** What `prepare` must wait for before this request, or undefined when its tokenizer is loaded. */
  const readyFor = (adapter: ApiAdapter, body: Record<string, unknown>): Promise<void> | undefined => {
    const family = openWeightEncoding(adapter, body);
    if (tokenizers.size >= ENCODINGS.length && (family === undefined || tokenizers.has(family))) return undefined;
    if (family === undefined || tokenizers.has(family)) return loading.then(() => undefined);
    return Promise.all([loading, loadTokenizer(family).then((t) => void tokenizers.set(family, t))]).then(() => undefined);
  };

  const refused = (error: GuardError): GuardError => {
    refusedCalls += 1;
    options.onRefused?.(error);
    return error;
  };

  /** Everything before the call, synchronous once the tokenizers are loaded: so the SDK's own promise goes back. */
  /**
   * Everything before the call, synchronous once the tokenizers are loaded: the body to send and
   * how to book its answer, or the error that refuses it (counted as refused).
   */
  const prepare = (adapter: ApiAdapter, body: Record<string, unknown>): PreparedCall | GuardError => {
    let request;
    let model;
    try {
      request = adapter.read(body);
      model = modelOf(request.model);
    } catch (error) {
      return refused(error instanceof GuardError ? error : new GuardError(error instanceof Error ? error.message : String(error)));
    }
    const tokenizer = tokenizers.get(model.encoding)!;
    const count = tokenizer.count;
    const rule = formatRuleForModel(model);
    const estimate = model.estimate === true || adapter.api === 'responses';
    let sent = body;
    let fit: FitResult | undefined;
    let tokens: number;
    if (options.strategy) {
      const reserve = options.settings?.reserve ?? request.maxOutputTokens;
      fit = fitMessages(
        { messages: request.messages, model, count, rule, toolTokens: toolsTokens(request.tools, request.toolChoice, count, request.messages) },
        { ...options.settings, ...(reserve !== undefined && { reserve }), strategy: options.strategy },
      );
      tokens = fit.tokens;
      if (fit.dropped.length > 0 || fit.summary) {
        sent = adapter.applyFit(body, fit);
        // Counted again as sent: the API's own rules (Anthropic's user-first) may take a little more out.
        tokens = requestTokensOf(adapter.read(sent), count, rule);
      }
    } else {
      tokens = requestTokensOf(request, count, rule);
    }
    const limit = model.contextWindow;
    if (exceedsWindow(tokens, limit)) return refused(new ContextLimitError({ model: model.id, tokens, limit, estimate }));
    const user = options.user ? options.user(body) : request.user;
    const scopes = scopesOf(options.budgets ?? {}, session, user, utcDay(options.now?.() ?? new Date()));
    const projected = quoteCall(model, { inputTokens: tokens, outputTokens: request.maxOutputTokens ?? 0, prefixTokens: 0, cache: false }).cost;
    try {
      checkBudgets(scopes, store, projected, estimate);
    } catch (error) {
      return refused(error as GuardError);
    }
    const counted: CountedRequest = { tokens, limit, estimate, notes: [...request.countNotes, ...(model.countsApproximate ? [model.countsApproximate] : [])] };
    const book = (usageRaw: unknown, reply: ChatMessage | undefined) => {
      const usage = usageRaw === undefined || usageRaw === null ? undefined : readUsage(usageRaw);
      const reported = usage ? { ...usage, shape: undefined } : undefined;
      const price = reported
        ? priceReportedUsage(model, reported)
        : priceReportedUsage(model, { inputTokens: tokens, outputTokens: 0, cachedTokens: 0, cacheWriteTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 0 });
      for (const event of bookSpend(scopes, store, price.cost, thresholds)) options.onThreshold?.(event);
      const call: GuardedCall = {
        api: adapter.api,
        model: model.id,
        stream: request.stream,
        ...(user !== undefined && { user }),
        counted,
        ...(fit && { fit }),
        ...(usage && { usage: withoutShape(usage) }),
        price,
        estimate: estimate || usage === undefined,
      };
      booked = addBooked(booked, price);
      lastCall = call;
      if (options.journal) {
        const place = typeof options.journal === 'object' ? options.journal : {};
        journal ??= guardJournal({ source: place.source ?? `guard (${adapter.api})`, commit, ...(place.dir !== undefined && { dir: place.dir }) });
        journal.record(model.id, reply ? [...request.messages, reply] : request.messages, request.tools);
      }
      options.onCall?.(call);
    };

    return { body: sent, stream: request.stream, model: model.id, counted, book };
  };

  const callNow = (adapter: ApiAdapter, send: (body: Record<string, unknown>) => SdkPromise, body: Record<string, unknown>): SdkPromise => {
    const prepared = prepare(adapter, body);
    if (prepared instanceof GuardError) return rejected(prepared);
    if (prepared.stream) {
      const { body: streamBody, observer } = adapter.streamBody(prepared.body);
      return then(send(streamBody), (stream) => observeStream(stream, observer, () => prepared.book(observer.usage(), observer.reply())));
    }
    return then(send(prepared.body), (result) => {
      prepared.book(adapter.usageOf(result), adapter.replyOf(result));
      return result;
    });
  };

  const handle: GuardHandle = {
    status: () => ({
      session,
      ...(journal?.id() !== undefined && { journalId: journal.id()! }),
      ...withoutCost(booked),
      refusedCalls,
      spent: booked.cost,
      ...(lastCall && { lastCall }),
    }),
    ready: () => loading.then(() => undefined),
    close: () => journal?.close(),
  };

  return {
    handle,
    prepare,
    readyFor,
    journalFlushed: () => journal?.flushed() ?? Promise.resolve(),
    call(adapter: ApiAdapter, send: (body: Record<string, unknown>) => SdkPromise, body: Record<string, unknown>): SdkPromise {
      const ready = readyFor(adapter, body);
      if (ready === undefined) return callNow(adapter, send, body);
      // Before the tokenizers are loaded (an open-weight family's on its first call): wait for them, keeping withResponse() and asResponse().
      const inner = ready.then(() => ({ promise: callNow(adapter, send, body) }));
      const result = inner.then(({ promise }) => promise) as SdkPromise;
      result.withResponse = () => inner.then(({ promise }) => promise.withResponse?.() ?? promise);
      result.asResponse = () => inner.then(({ promise }) => promise.asResponse?.() ?? promise);
      return result;
    },
  };
}

function requestTokensOf(request: ReadRequest, count: CountText, rule: FormatRule): number {
  return promptTokens({ messages: request.messages, tools: request.tools, ...(request.toolChoice && { toolChoice: request.toolChoice }) }, count, rule);
}

function withoutCost({ cost: _cost, ...rest }: BookedTotals): Omit<BookedTotals, 'cost'> {
  return rest;
}

function withoutShape(usage: ReportedUsage & { readonly shape?: unknown }): ReportedUsage {
  const { shape: _shape, ...rest } = usage;
  return rest;
}

function then(promise: SdkPromise, transform: (data: unknown) => unknown): SdkPromise {
  return typeof promise._thenUnwrap === 'function' ? promise._thenUnwrap(transform) : (promise.then(transform) as SdkPromise);
}

function rejected(error: Error): SdkPromise {
  const promise = Promise.reject(error) as SdkPromise;
  promise.withResponse = () => Promise.reject(error);
  promise.asResponse = () => Promise.reject(error);
  // The caller handles the rejection of the promise it awaits; these two are only there if called.
  promise.catch(() => {});
  return promise;
}

/**
 * The SDK's stream, iterated through the observer: every way of reading it (for await, `tee()`,
 * `toReadableStream()`) goes through its `iterator`, so that is what is wrapped. Booked once, when
 * the stream ends, is cut or is left.
 */
function observeStream(stream: unknown, observer: StreamObserver, booked: () => void): unknown {
  if (typeof stream !== 'object' || stream === null) return stream;
  const target = stream as Record<string | symbol, unknown>;
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    booked();
  };
  const wrap = (inner: () => AsyncIterator<unknown>) =>
    async function* observed() {
      const iterator = inner();
      try {
        for (;;) {
          const step = await iterator.next();
          if (step.done) break;
          const seen = observer.see(step.value);
          if (seen.pass) yield seen.event;
        }
      } finally {
        await iterator.return?.();
        finish();
      }
    };
  if (typeof target.iterator === 'function') {
    const inner = (target.iterator as () => AsyncIterator<unknown>).bind(stream);
    target.iterator = wrap(inner);
  } else {
    const inner = (target[Symbol.asyncIterator] as () => AsyncIterator<unknown>).bind(stream);
    target[Symbol.asyncIterator] = wrap(inner);
  }
  return stream;
}
