import { exceedsWindow, priceCall, type CallPrice } from '../core/callPricing.js';
import { requireModel, type ModelEntry, type ModelOverrides } from '../core/catalog.js';
import { formatRuleForModel } from '../core/chatTemplates.js';
import { type ChatMessage, type FormatRule, type ToolDefinition } from '../core/chatFormat.js';
import { appendMessage, createLedger, ledgerEntries, type Ledger } from '../core/ledger.js';
import { priceReportedUsage, type ReportedPrice } from '../core/reportedUsagePrice.js';
import { runStatus, type RunStatus } from '../core/runStatus.js';
import { runStrategy, type StrategyName, type StrategySettings } from '../core/strategies/index.js';
import { loadTokenizer, type Tokenizer } from '../core/tokenizer.js';
import { promptTokens, toolsTokens, type ToolChoice } from '../core/toolDefinitions.js';
import { fitMessages, type FitOptions, type FitResult } from './fitMessages.js';
import { readUsage, type UsageShape } from './usage.js';

/** How an accountant is set up. Only `model` is needed. */
export interface AccountantOptions {
  /** A model of the catalog (`context-accountant models`): an id such as `"gpt-4o"`, a dated id or an alias. */
  readonly model: string;
  /** The context window in tokens, in place of the catalog's (the CLI's `--limit`). */
  readonly limit?: number;
  /** Input price in USD per 1M tokens, in place of the catalog's (`--price-in`). */
  readonly priceIn?: number;
  /** Output price in USD per 1M tokens, in place of the catalog's (`--price-out`). */
  readonly priceOut?: number;
  /** The strategy `status()` accounts the conversation under (default `"keep-all"`: everything sent). */
  readonly strategy?: StrategyName;
  /** The strategy's settings; the others follow the model, as on the command line. */
  readonly settings?: Partial<StrategySettings>;
  /** Bill input that repeats the previous call's prefix at the cached price (`--cache`). */
  readonly cache?: boolean;
  /** Tool definitions every call carries, as the Chat Completions API takes them. */
  readonly tools?: readonly ToolDefinition[];
  readonly toolChoice?: ToolChoice;
  /** Messages the conversation starts with. */
  readonly messages?: readonly ChatMessage[];
}

/** What `record(usage)` booked so far: the API's own figures and their real cost. */
export interface BookedTotals {
  readonly calls: number;
  readonly inputTokens: number;
  readonly cachedTokens: number;
  /** All cache writes, 1-hour ones included. */
  readonly cacheWriteTokens: number;
  readonly cacheWrite1hTokens: number;
  readonly outputTokens: number;
  readonly reasoningTokens: number;
  /** USD. */
  readonly cost: number;
}

/**
 * The conversation's figures, the ones every command shows (`report`, the dashboard, `simulate`):
 * {@link RunStatus} from the strategy engine, plus what the API reported (`booked`).
 */
export interface AccountantStatus extends RunStatus {
  readonly model: string;
  readonly strategy: StrategyName;
  /** Tokens and prices are estimates: the model's tokenizer is not public (Claude, Gemini...). */
  readonly estimate: boolean;
  readonly booked: BookedTotals;
}

/** What a call would bill, as `priceCall` prices it; `refused` when it is over the window. */
export interface CallCost extends CallPrice {
  readonly limit: number;
  readonly estimate: boolean;
}

/** One call booked by `record`. */
export interface BookedCall extends ReportedPrice {
  /** Which API's `usage` shape was read. */
  readonly shape: UsageShape;
}

/** A conversation for one model, accounted as the CLI accounts it: one engine. */
export interface Accountant {
  /** The catalog entry the model resolved to (limits, prices, where they are from). */
  readonly model: ModelEntry;
  /** Counts are a stand-in tokenizer's, so every figure is an estimate (Claude, Gemini...). */
  readonly estimate: boolean;
  /** Appends a message to the conversation; returns the status after it. */
  add(message: ChatMessage): AccountantStatus;
  /** The conversation so far. */
  messages(): readonly ChatMessage[];
  /** Prompt tokens of a request carrying `messages` (default: the conversation) and the tools. */
  count(messages?: readonly ChatMessage[]): number;
  /** Used tokens, limit, percent, next-call cost, spend, calls and refused calls, and what was booked. */
  status(): AccountantStatus;
  /** Whether a request carrying `messages` (default: the conversation) plus `reserve` tokens is within the window. */
  fits(messages?: readonly ChatMessage[], options?: { readonly reserve?: number }): boolean;
  /** What a call carrying `messages` would bill with `outputTokens` of reply (default 0). */
  costOf(messages?: readonly ChatMessage[], options?: { readonly outputTokens?: number }): CallCost;
  /** The messages a strategy would send next, what it dropped, and whether they fit. */
  fit(messages: readonly ChatMessage[] | undefined, options: FitOptions): FitResult;
  /** Books what the API reported for a call (any {@link readUsage} shape), priced from the catalog. */
  record(usage: unknown): BookedCall;
}

export const NOTHING_BOOKED: BookedTotals = {
  calls: 0,
  inputTokens: 0,
  cachedTokens: 0,
  cacheWriteTokens: 0,
  cacheWrite1hTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
  cost: 0,
};

/** The totals with one more call booked. */
export function addBooked(booked: BookedTotals, price: ReportedPrice): BookedTotals {
  return {
    calls: booked.calls + 1,
    inputTokens: booked.inputTokens + price.inputTokens,
    cachedTokens: booked.cachedTokens + price.cachedTokens,
    cacheWriteTokens: booked.cacheWriteTokens + price.cacheWriteTokens,
    cacheWrite1hTokens: booked.cacheWrite1hTokens + price.cacheWrite1hTokens,
    outputTokens: booked.outputTokens + price.outputTokens,
    reasoningTokens: booked.reasoningTokens + price.reasoningTokens,
    cost: booked.cost + price.cost,
  };
}

/**
 * An accountant for a model of the catalog. Async once, to load the model's tokenizer (ranks are
 * shared by every accountant of the process); everything after is synchronous.
 *
 * @example
 * ```ts
 * const accountant = await createAccountant({ model: 'gpt-4o' });
 * accountant.add({ role: 'user', content: 'Hello there.' });
 * accountant.status(); // { usedTokens: 12, limit: 128000, nextCallCost: 0.00003, ... }
 * ```
 */
export async function createAccountant(options: AccountantOptions): Promise<Accountant> {
  const model = requireModel(options.model, overridesOf(options));
  const tokenizer = await loadTokenizer(model.encoding);
  return accountantFor(model, tokenizer, options);
}

export function overridesOf(options: Pick<AccountantOptions, 'limit' | 'priceIn' | 'priceOut'>): ModelOverrides {
  return {
    ...(options.limit !== undefined && { limit: options.limit }),
    ...(options.priceIn !== undefined && { priceIn: options.priceIn }),
    ...(options.priceOut !== undefined && { priceOut: options.priceOut }),
  };
}

/** An accountant over a loaded tokenizer (the guard makes one per call). */
export function accountantFor(model: ModelEntry, tokenizer: Tokenizer, options: Omit<AccountantOptions, 'model'> = {}): Accountant {
  const count = tokenizer.count;
  const rule: FormatRule = formatRuleForModel(model);
  const tools = options.tools ?? [];
  const strategy = options.strategy ?? 'keep-all';
  let ledger: Ledger = createLedger({ model, count, rule });
  let booked = NOTHING_BOOKED;
  for (const message of options.messages ?? []) ledger = appendMessage(ledger, message);

  const history = () => ledgerEntries(ledger).map((entry) => entry.message);
  const toolTokensFor = (messages: readonly ChatMessage[]) => toolsTokens(tools, options.toolChoice, count, messages);
  const countRequest = (messages: readonly ChatMessage[]) =>
    promptTokens({ messages, tools, ...(options.toolChoice && { toolChoice: options.toolChoice }) }, count, rule);
  const estimate = model.estimate === true;

  const status = (): AccountantStatus => {
    const entries = ledgerEntries(ledger);
    const messages = entries.map((entry) => entry.message);
    const run = runStrategy({
      messages,
      counts: entries,
      model,
      count,
      rule,
      strategy,
      cache: options.cache ?? false,
      toolTokens: toolTokensFor(messages),
      ...(options.settings && { settings: options.settings }),
    });
    return { ...runStatus(run), model: model.id, strategy, estimate, booked };
  };

  return {
    model,
    estimate,
    add(message) {
      ledger = appendMessage(ledger, message);
      return status();
    },
    messages: history,
    count: (messages = history()) => countRequest(messages),
    status,
    fits: (messages = history(), { reserve = 0 } = {}) => !exceedsWindow(countRequest(messages) + reserve, model.contextWindow),
    costOf(messages = history(), { outputTokens = 0 } = {}) {
      const price = priceCall(model, { inputTokens: countRequest(messages), outputTokens, prefixTokens: 0, cache: false }, model.contextWindow);
      return { ...price, limit: model.contextWindow, estimate };
    },
    fit(messages = history(), fitOptions) {
      return fitMessages({ messages, model, count, rule, toolTokens: toolTokensFor(messages) }, { ...options.settings, ...fitOptions });
    },
    record(usage) {
      const { shape, ...reported } = readUsage(usage);
      const price = priceReportedUsage(model, reported);
      booked = addBooked(booked, price);
      return { ...price, shape };
    },
  };
}
