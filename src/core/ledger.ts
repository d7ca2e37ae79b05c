import type { ModelEntry } from './catalog.js';
import { contentTokens, FORMAT_RULES, imageRuleFor, type ChatMessage, type CountText, type FormatRule, type ImageTokenRule } from './chatFormat.js';

/** What the accountant needs to price a conversation: the model, its tokenizer and the format rule. */
export interface LedgerConfig {
  readonly model: ModelEntry;
  readonly count: CountText;
  readonly rule?: FormatRule;
  /** Tokens of the tool definitions sent with every request (`toolDefinitionTokens`); none by default. */
  readonly tools?: number;
}

/** A config with its defaults filled in. `tools` may stay absent (0) so configs built before it still fit. */
export type ResolvedLedgerConfig = Required<Omit<LedgerConfig, 'tools'>> & { readonly tools?: number };

/**
 * One message and the account right after it. Entries link to the one before, so appending is
 * O(the new message) and undo is a pointer step: history is never recounted.
 */
export interface LedgerEntry {
  readonly index: number;
  readonly message: ChatMessage;
  /** Tokens this message adds to every later request (content plus its framing). */
  readonly tokens: number;
  readonly contentTokens: number;
  /** Prompt tokens the next call would bill now: every message so far plus the reply priming. */
  readonly usedTokens: number;
  /** What this message cost as a call: an assistant turn bills its prompt as input and itself as output. */
  readonly callCost: number;
  readonly cumulativeCost: number;
  readonly calls: number;
  readonly cumulativeInputTokens: number;
  readonly previous: LedgerEntry | undefined;
}

export interface Ledger {
  readonly config: ResolvedLedgerConfig;
  readonly last: LedgerEntry | undefined;
}

export interface LedgerStatus {
  readonly messages: number;
  readonly usedTokens: number;
  readonly limit: number;
  readonly percent: number;
  readonly nextCallCost: number;
  readonly overLimit: boolean;
  readonly cumulativeCost: number;
  readonly calls: number;
}

const PER_MILLION = 1_000_000;

export function createLedger(config: LedgerConfig): Ledger {
  return { config: { ...config, rule: config.rule ?? FORMAT_RULES.cookbook, tools: config.tools ?? 0 }, last: undefined };
}

/** What every request bills before its messages: the reply priming and the tool definitions. */
export function baseRequestTokens(config: ResolvedLedgerConfig): number {
  return config.rule.requestTokens + (config.tools ?? 0);
}

/** What one message adds to a request: counted once, off the ledger, so a counter can run anywhere. */
export interface MessageCounts {
  /** Tokens the message adds to every later request (content plus its framing). */
  readonly tokens: number;
  readonly contentTokens: number;
}

/** `images` prices image parts for the model (gpt-4o-mini bills them higher: `imageRuleFor`). */
export function countMessage(rule: FormatRule, count: CountText, message: ChatMessage, images?: ImageTokenRule): MessageCounts {
  // The rule counts the content too: remembering each string's count for this message keeps a big
  // paste from being counted twice.
  const countOnce = rememberCounts(count);
  return { tokens: rule.messageTokens(message, countOnce, images), contentTokens: contentTokens(message, countOnce, images) };
}

export function appendMessage(ledger: Ledger, message: ChatMessage): Ledger {
  const { rule, count, model } = ledger.config;
  return appendCounted(ledger, message, countMessage(rule, count, message, imageRuleFor(model.id)));
}

/** Appends a message whose counts were made elsewhere (the dashboard counts outside its reducer). */
export function appendCounted(ledger: Ledger, message: ChatMessage, counts: MessageCounts): Ledger {
  const { model } = ledger.config;
  const previous = ledger.last;
  const usedBefore = previous?.usedTokens ?? baseRequestTokens(ledger.config);
  const { tokens, contentTokens: ownTokens } = counts;
  const isCall = message.role === 'assistant';
  const callCost = isCall ? inputCost(model, usedBefore) + outputCost(model, ownTokens) : 0;
  const entry: LedgerEntry = {
    index: (previous?.index ?? -1) + 1,
    message,
    tokens,
    contentTokens: ownTokens,
    usedTokens: usedBefore + tokens,
    callCost,
    cumulativeCost: (previous?.cumulativeCost ?? 0) + callCost,
    calls: (previous?.calls ?? 0) + (isCall ? 1 : 0),
    cumulativeInputTokens: (previous?.cumulativeInputTokens ?? 0) + (isCall ? usedBefore : 0),
    previous,
  };
  return { config: ledger.config, last: entry };
}

function rememberCounts(count: CountText): CountText {
  const counted = new Map<string, number>();
  return (text) => {
    let tokens = counted.get(text);
    if (tokens === undefined) {
      tokens = count(text);
      counted.set(text, tokens);
    }
    return tokens;
  };
}

export function appendMessages(ledger: Ledger, messages: Iterable<ChatMessage>): Ledger {
  let result = ledger;
  for (const message of messages) result = appendMessage(result, message);
  return result;
}

/** Undo the last message; an empty ledger stays empty. */
export function dropLast(ledger: Ledger): Ledger {
  return { config: ledger.config, last: ledger.last?.previous };
}

export function ledgerEntries(ledger: Ledger): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  for (let entry = ledger.last; entry; entry = entry.previous) entries.push(entry);
  return entries.reverse();
}

export function ledgerMessages(ledger: Ledger): ChatMessage[] {
  return ledgerEntries(ledger).map((entry) => entry.message);
}

export function inputCost(model: ModelEntry, tokens: number): number {
  return (tokens * model.inputPerMillion) / PER_MILLION;
}

export function outputCost(model: ModelEntry, tokens: number): number {
  return (tokens * model.outputPerMillion) / PER_MILLION;
}

export function ledgerStatus(ledger: Ledger): LedgerStatus {
  return statusAt(ledger.config, ledger.last);
}

export function statusAt(config: ResolvedLedgerConfig, entry: LedgerEntry | undefined): LedgerStatus {
  const limit = config.model.contextWindow;
  const usedTokens = entry?.usedTokens ?? baseRequestTokens(config);
  return {
    messages: entry ? entry.index + 1 : 0,
    usedTokens,
    limit,
    percent: (usedTokens / limit) * 100,
    nextCallCost: inputCost(config.model, usedTokens),
    overLimit: usedTokens > limit,
    cumulativeCost: entry?.cumulativeCost ?? 0,
    calls: entry?.calls ?? 0,
  };
}
