import type { ChatMessage } from '../chatFormat.js';
import type { ConversationShape } from './conversationShape.js';
import type { ContextView, IndexRanges } from './types.js';

interface SummaryInContext {
  readonly key: number;
  readonly message: ChatMessage;
  readonly tokens: number;
}

/** The first `length` keys of `keys`: a call's context, kept without copying (see `snapshot`). */
export interface CallKeys {
  readonly keys: readonly number[];
  readonly length: number;
}

/**
 * The context a strategy would send next: message indices in order, plus at most one simulated
 * summary (a negative key, new for every summary, so a new summary breaks the cached prefix).
 * Units (a tool call and its results) leave whole, and a removed unit's later members never enter.
 */
export class SentContext implements ContextView {
  // Only ever appended to in place; a removal or a new summary builds a new array, so a snapshot's
  // first `length` keys never change.
  keys: number[] = [];
  private ranges: [number, number][] = [];
  private readonly inContext = new Set<number>();
  private readonly removedUnits = new Set<number>();
  private readonly summaryTokensByKey = new Map<number, number>();
  private contentTokens = 0;
  /** The tokens of the last reply call's context, while this context has only grown since. */
  private unchangedSince: number | undefined;
  summary: SummaryInContext | undefined;

  constructor(private readonly shape: ConversationShape) {}

  get usedTokens(): number {
    return this.shape.baseTokens + this.contentTokens;
  }

  get sentMessages(): number {
    return this.inContext.size;
  }

  has(index: number): boolean {
    return this.inContext.has(index);
  }

  tokensOf(key: number): number {
    return key >= 0 ? this.shape.tokens[key]! : this.summaryTokensByKey.get(key)!;
  }

  /** Appends a message unless its unit was already removed; returns whether it entered. */
  append(index: number): boolean {
    if (this.removedUnits.has(this.shape.unitOf[index]!)) return false;
    this.keys.push(index);
    const last = this.ranges[this.ranges.length - 1];
    if (last && last[1] === index - 1) last[1] = index;
    else this.ranges.push([index, index]);
    this.inContext.add(index);
    this.contentTokens += this.shape.tokens[index]!;
    return true;
  }

  /** The context as it is now, in O(1). */
  snapshot(): CallKeys {
    return { keys: this.keys, length: this.keys.length };
  }

  /** The original messages now in the context, as ranges (a copy). */
  sentRanges(): IndexRanges {
    return this.ranges.map(([from, to]) => [from, to] as const);
  }

  /** Call after a reply sent this context: until something is removed or replaced, the next call repeats all of it. */
  markSent(): void {
    this.unchangedSince = this.contentTokens;
  }

  /** Tokens the next call would repeat from the last call (`previous` its keys), message by message. */
  prefixWithLastCall(previous: CallKeys | undefined): number {
    return this.unchangedSince ?? this.commonPrefixTokens(previous);
  }

  /** Removes the whole units of `indices`; returns the removed message indices in context order and where the first one was. */
  removeUnits(indices: readonly number[]): { removed: number[]; position: number } {
    this.unchangedSince = undefined;
    const units = new Set(indices.map((index) => this.shape.unitOf[index]!));
    for (const unit of units) this.removedUnits.add(unit);
    const removed: number[] = [];
    const kept: number[] = [];
    let position = -1;
    for (const key of this.keys) {
      if (key >= 0 && units.has(this.shape.unitOf[key]!)) {
        if (position < 0) position = kept.length;
        removed.push(key);
        this.inContext.delete(key);
        this.contentTokens -= this.shape.tokens[key]!;
      } else kept.push(key);
    }
    this.keys = kept;
    this.ranges = toRanges(kept).map(([from, to]) => [from, to]);
    return { removed, position };
  }

  /** Puts a new summary where the previous one was, or at `position`. */
  setSummary(message: ChatMessage, position: number): void {
    this.unchangedSince = undefined;
    const key = -(this.summaryTokensByKey.size + 1);
    const tokens = this.shape.rule.messageTokens(message, this.shape.count);
    this.summaryTokensByKey.set(key, tokens);
    const previous = this.summary;
    if (previous) {
      this.keys = this.keys.map((k) => (k === previous.key ? key : k));
      this.contentTokens -= previous.tokens;
    } else this.keys = [...this.keys.slice(0, Math.max(0, position)), key, ...this.keys.slice(Math.max(0, position))];
    this.contentTokens += tokens;
    this.summary = { key, message, tokens };
  }

  /** Tokens at the start of `current` that repeat `previous` exactly, message by message. */
  commonPrefixTokens(previous: CallKeys | undefined, current: CallKeys = this.snapshot()): number {
    if (!previous) return 0;
    const length = Math.min(previous.length, current.length);
    let tokens = 0;
    for (let i = 0; i < length && current.keys[i] === previous.keys[i]; i++) tokens += this.tokensOf(current.keys[i]!);
    return tokens;
  }
}

/** Message indices (negative summary keys left out) as inclusive ranges. */
export function toRanges(keys: readonly number[]): IndexRanges {
  const ranges: [number, number][] = [];
  for (const key of keys) {
    if (key < 0) continue;
    const last = ranges[ranges.length - 1];
    if (last && key === last[1] + 1) last[1] = key;
    else ranges.push([key, key]);
  }
  return ranges;
}

export function expandRanges(ranges: IndexRanges): number[] {
  const indices: number[] = [];
  for (const [from, to] of ranges) for (let i = from; i <= to; i++) indices.push(i);
  return indices;
}
