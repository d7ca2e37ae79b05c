import type { ChatMessage } from '../chatFormat.js';
import type { ConversationShape } from './conversationShape.js';
import type { ContextView, IndexRanges } from './types.js';

interface SummaryInContext {
  readonly key: number;
  readonly message: ChatMessage;
  readonly tokens: number;
}

/** A call's context: its first `length` keys, read with `at` (see `SentContext.markSent`). */
export interface CallKeys {
  readonly length: number;
  at(position: number): number;
}

/** A summary call's keys, an array of its own. */
export function callKeysOf(keys: readonly number[]): CallKeys {
  return { length: keys.length, at: (position) => keys[position]! };
}

/**
 * The context a reply sent, kept without copying: its keys are the context's own array up to
 * `shared`; before the context changes a position below that in place, it hands the snapshot the
 * old keys from there (`detach`), so a snapshot costs what is changed, not the whole context.
 */
class SentSnapshot implements CallKeys {
  private tail: number[] = [];
  private shared: number;

  constructor(
    readonly base: readonly number[],
    readonly length: number,
  ) {
    this.shared = length;
  }

  at(position: number): number {
    return position < this.shared ? this.base[position]! : this.tail[position - this.shared]!;
  }

  /** The base is about to change at `position`: keep its keys from there up to `shared`. */
  detach(position: number): void {
    if (position >= this.shared) return;
    const kept = this.base.slice(position, this.shared);
    for (const key of this.tail) kept.push(key);
    this.tail = kept;
    this.shared = position;
  }
}

/**
 * The context a strategy would send next: message indices in order, plus at most one simulated
 * summary (a negative key, new for every summary, so a new summary breaks the cached prefix).
 * Units (a tool call and its results) leave whole, and a removed unit's later members never enter.
 * Every change is made in place from the first position it touches, so a long context that loses
 * a recent message costs the few keys after it, not a copy of all of them (evict-large on a
 * million turns).
 */
export class SentContext implements ContextView {
  // Message indices ascend; at most one negative key (the summary) among them.
  readonly keys: number[] = [];
  private readonly inContext = new Set<number>();
  private readonly removedUnits = new Set<number>();
  private readonly summaryTokensByKey = new Map<number, number>();
  private contentTokens = 0;
  /** The last reply's context (`markSent`), and how much of the current one still repeats it. */
  private lastSent: SentSnapshot | undefined;
  private sharedLength = 0;
  private sharedTokens = 0;
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
    // A new key never equals a key of the last call at its position, so what repeats it stays.
    this.keys.push(index);
    this.inContext.add(index);
    this.contentTokens += this.shape.tokens[index]!;
    return true;
  }

  /** The original messages now in the context, as ranges (a copy). */
  sentRanges(): IndexRanges {
    return toRanges(this.keys);
  }

  /**
   * Call after a reply sent this context; returns that context's keys, which stay exact until the
   * next `markSent` (only the latest one is kept so).
   */
  markSent(): CallKeys {
    this.lastSent = new SentSnapshot(this.keys, this.keys.length);
    this.sharedLength = this.keys.length;
    this.sharedTokens = this.contentTokens;
    return this.lastSent;
  }

  /** Tokens the next call would repeat from the last call (`previous` its keys), message by message. */
  prefixWithLastCall(previous: CallKeys | undefined): number {
    return previous !== undefined && previous === this.lastSent ? this.sharedTokens : this.commonPrefixTokens(previous);
  }

  /** Removes the whole units of `indices`; returns the removed message indices in context order and where the first one was. */
  removeUnits(indices: readonly number[]): { removed: number[]; position: number } {
    const units = new Set(indices.map((index) => this.shape.unitOf[index]!));
    let firstUnit = Infinity;
    for (const unit of units) {
      this.removedUnits.add(unit);
      firstUnit = Math.min(firstUnit, unit);
    }
    if (this.summary === undefined) return this.removeSorted(units);
    // Every member of a unit is at or after its first message, and message keys ascend: nothing
    // before the last key below `firstUnit` goes.
    let from = this.keys.length;
    while (from > 0 && (this.keys[from - 1]! < 0 || this.keys[from - 1]! >= firstUnit)) from--;
    this.changingAt(from);
    const removed: number[] = [];
    let position = -1;
    let write = from;
    for (let read = from; read < this.keys.length; read++) {
      const key = this.keys[read]!;
      if (key >= 0 && units.has(this.shape.unitOf[key]!)) {
        if (position < 0) position = write;
        this.leave(key, removed);
      } else this.keys[write++] = key;
    }
    this.keys.length = write;
    return { removed, position };
  }

  /**
   * Without a summary every key is a message index, in ascending order: each member's place is
   * found by binary search, and a block of neighbours (window's oldest turns) leaves in one
   * splice, so dropping from the front of a long context does not walk all of it.
   */
  private removeSorted(units: ReadonlySet<number>): { removed: number[]; position: number } {
    const members: number[] = [];
    for (const unit of units) for (const member of this.shape.members.get(unit) ?? []) if (this.inContext.has(member)) members.push(member);
    if (members.length === 0) return { removed: [], position: -1 };
    members.sort((a, b) => a - b);
    const first = lowerBound(this.keys, members[0]!);
    const last = lowerBound(this.keys, members[members.length - 1]!);
    this.changingAt(first);
    const removed: number[] = [];
    if (last - first + 1 === members.length) {
      for (const member of members) this.leave(member, removed);
      this.keys.splice(first, members.length);
      return { removed, position: first };
    }
    let write = first;
    let next = 0;
    for (let read = first; read < this.keys.length; read++) {
      const key = this.keys[read]!;
      if (key === members[next]) {
        next++;
        this.leave(key, removed);
      } else this.keys[write++] = key;
    }
    this.keys.length = write;
    return { removed, position: first };
  }

  private leave(key: number, removed: number[]): void {
    removed.push(key);
    this.inContext.delete(key);
    this.contentTokens -= this.shape.tokens[key]!;
  }

  /** Puts a new summary where the previous one was, or at `position`. */
  setSummary(message: ChatMessage, position: number): void {
    const key = -(this.summaryTokensByKey.size + 1);
    const tokens = this.shape.rule.messageTokens(message, this.shape.count);
    this.summaryTokensByKey.set(key, tokens);
    const previous = this.summary;
    if (previous) {
      const at = this.keys.indexOf(previous.key);
      this.changingAt(at);
      this.keys[at] = key;
      this.contentTokens -= previous.tokens;
    } else {
      const at = Math.max(0, Math.min(position, this.keys.length));
      this.changingAt(at);
      this.keys.splice(at, 0, key);
    }
    this.contentTokens += tokens;
    this.summary = { key, message, tokens };
  }

  /** Tokens at the start of `current` that repeat `previous` exactly, message by message. */
  commonPrefixTokens(previous: CallKeys | undefined, current: CallKeys = callKeysOf(this.keys)): number {
    if (!previous) return 0;
    const length = Math.min(previous.length, current.length);
    let tokens = 0;
    for (let i = 0; i < length; i++) {
      const key = current.at(i);
      if (key !== previous.at(i)) break;
      tokens += this.tokensOf(key);
    }
    return tokens;
  }

  /** The keys from `position` on are about to change in place. */
  private changingAt(position: number): void {
    if (this.lastSent?.base === this.keys) this.lastSent.detach(position);
    if (this.sharedLength <= position) return;
    // Whichever side of `position` is shorter: the front when window drops the oldest turns, the
    // back when evict-large drops a recent paste.
    if (position < this.sharedLength - position) {
      this.sharedTokens = 0;
      for (let i = 0; i < position; i++) this.sharedTokens += this.tokensOf(this.keys[i]!);
    } else for (let i = position; i < this.sharedLength; i++) this.sharedTokens -= this.tokensOf(this.keys[i]!);
    this.sharedLength = position;
  }
}

/**
 * When each message left the context (or was kept from entering it), so every reply call's sent
 * messages can be told later without each call keeping its own copy: the copies grew with the
 * square of the conversation (a call per reply, a range per eviction). Linear in the messages.
 */
export class SentHistory {
  // The step at which each message left; a message that never left has no entry.
  private readonly leftAt: number[] = [];

  /** Message `index` left the context (or never entered it) at step `step`. */
  leave(index: number, step: number): void {
    this.leftAt[index] = step;
  }

  /** The original messages a reply at message `step` sent: those before it that had not left by then (removals come after a step's reply). */
  sentBefore(step: number): IndexRanges {
    const ranges: [number, number][] = [];
    for (let index = 0; index < step; index++) {
      const left = this.leftAt[index];
      if (left !== undefined && left < step) continue;
      const last = ranges[ranges.length - 1];
      if (last && index === last[1] + 1) last[1] = index;
      else ranges.push([index, index]);
    }
    return ranges;
  }
}

/** The first position of `sorted` whose key is at least `key`. */
function lowerBound(sorted: readonly number[], key: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! < key) low = middle + 1;
    else high = middle;
  }
  return low;
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
