import { exceedsWindow, windowPercent } from './callPricing.js';
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
 * One message and the context right after it. Entries link to the one before, so appending is
 * O(the new message) and undo is a pointer step: history is never recounted. The ledger counts; it
 * never prices: money comes from the one engine (`runStrategy` and `priceCall`) over these counts.
 */
export interface LedgerEntry {
  /** 0-based position (the output numbers messages from 1: `index + 1`). */
  readonly index: number;
  readonly message: ChatMessage;
  /** Tokens this message adds to every later request (content plus its framing). */
  readonly tokens: number;
  readonly contentTokens: number;
  /** Prompt tokens the next call would send now: every message so far plus the reply priming. */
  readonly usedTokens: number;
  readonly previous: LedgerEntry | undefined;
}

export interface Ledger {
  readonly config: ResolvedLedgerConfig;
  readonly last: LedgerEntry | undefined;
}

/** The window after the last message: token figures only (money: `runStatus`). */
export interface LedgerStatus {
  readonly messages: number;
  readonly usedTokens: number;
  readonly limit: number;
  readonly percent: number;
  readonly overLimit: boolean;
}

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
  const previous = ledger.last;
  const usedBefore = previous?.usedTokens ?? baseRequestTokens(ledger.config);
  const entry: LedgerEntry = {
    index: (previous?.index ?? -1) + 1,
    message,
    tokens: counts.tokens,
    contentTokens: counts.contentTokens,
    usedTokens: usedBefore + counts.tokens,
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

/**
 * The entries `ledger` holds after `last` (one of its own entries, or undefined: all of them),
 * oldest first, in time linear in those entries; undefined when `ledger` is not grown from `last`
 * (an undo, another model). What a view kept for `last`'s ledger extends by.
 */
export function entriesAfter(last: LedgerEntry | undefined, ledger: Ledger): LedgerEntry[] | undefined {
  const added: LedgerEntry[] = [];
  let entry = ledger.last;
  for (; entry && entry !== last; entry = entry.previous) {
    if (last && entry.index <= last.index) return undefined;
    added.push(entry);
  }
  return entry === last ? added.reverse() : undefined;
}

export function ledgerMessages(ledger: Ledger): ChatMessage[] {
  return ledgerEntries(ledger).map((entry) => entry.message);
}

export function ledgerStatus(ledger: Ledger): LedgerStatus {
  const limit = ledger.config.model.contextWindow;
  const usedTokens = ledger.last?.usedTokens ?? baseRequestTokens(ledger.config);
  return {
    messages: ledger.last ? ledger.last.index + 1 : 0,
    usedTokens,
    limit,
    percent: windowPercent(usedTokens, limit),
    overLimit: exceedsWindow(usedTokens, limit),
  };
}
