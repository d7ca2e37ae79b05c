import type { ChatMessage, CountText, FormatRule, ImageTokenRule, Role } from '../chatFormat.js';
import { IMAGE_RULES } from '../chatFormat.js';
import { countMessage } from '../ledger.js';

/**
 * What every strategy needs to know about a conversation, computed once: each message's tokens,
 * which messages must go together (an assistant tool call and the tool results answering it) and
 * which user turn each message belongs to.
 */
export interface ConversationShape {
  readonly messages: readonly ChatMessage[];
  readonly count: CountText;
  readonly rule: FormatRule;
  /** What every reply call bills before its messages: the reply priming and the tool definitions. */
  readonly baseTokens: number;
  /** Tokens each message adds to a request (content plus framing). */
  readonly tokens: readonly number[];
  readonly contentTokens: readonly number[];
  /** The first message of the unit a message belongs to; a unit is removed whole, never split. */
  readonly unitOf: readonly number[];
  /** All members of each unit, by its first message. */
  readonly members: ReadonlyMap<number, readonly number[]>;
  /** User messages at or before each message: turn 1 starts at the first user message, turn 0 is before it. */
  readonly turnOf: readonly number[];
  /** System and developer messages: no strategy removes them. */
  readonly pinned: readonly boolean[];
}

const MEMO_MAX_CHARS = 4096;
const MEMO_MAX_ENTRIES = 50_000;

/**
 * `count` with a memo for short strings: summaries re-count the same words and the same summary
 * text many times in a long conversation. Bounded, and cleared when full.
 */
export function memoizeCount(count: CountText): CountText {
  const memo = new Map<string, number>();
  return (text) => {
    if (text.length > MEMO_MAX_CHARS) return count(text);
    let tokens = memo.get(text);
    if (tokens === undefined) {
      if (memo.size >= MEMO_MAX_ENTRIES) memo.clear();
      tokens = count(text);
      memo.set(text, tokens);
    }
    return tokens;
  };
}

/** What one message adds to a request, counted elsewhere (the dashboard's ledger already has it). */
export interface KnownCounts {
  /** Content plus framing, as `rule.messageTokens` counts it. */
  readonly tokens: number;
  readonly contentTokens: number;
}

export interface ShapeOptions {
  readonly toolTokens?: number;
  readonly images?: ImageTokenRule;
  /**
   * Each message's counts, made with the same rule and encoding: the messages are then not counted
   * again (only simulated summaries are), so replaying a long history costs no tokenizing.
   */
  readonly counts?: readonly KnownCounts[];
}

/**
 * Every message's counts, each message counted once (a paste over the memo's 4,096 chars too):
 * made once and handed to every strategy (`counts`), so `compare` tokenizes the conversation once.
 */
export function countConversation(
  messages: readonly ChatMessage[],
  count: CountText,
  rule: FormatRule,
  images: ImageTokenRule = IMAGE_RULES.standard,
): KnownCounts[] {
  return messages.map((message) => countMessage(rule, count, message, images));
}

export function conversationShape(
  messages: readonly ChatMessage[],
  rawCount: CountText,
  rule: FormatRule,
  { toolTokens = 0, images = IMAGE_RULES.standard, counts }: ShapeOptions = {},
): ConversationShape {
  if (counts && counts.length !== messages.length) {
    throw new Error(`conversationShape: ${counts.length} counts for ${messages.length} messages`);
  }
  const shape = growingShape(rawCount, rule, { toolTokens, images });
  messages.forEach((message, index) => shape.add(message, counts?.[index]));
  return shape.shape;
}

/**
 * A shape that grows one message at a time (what the dashboard's incremental runs hold): `add`
 * appends to its arrays in place, so a planner holding `shape` sees each new message. Adding the
 * messages one by one gives exactly `conversationShape` of them all (it is built this way).
 */
export interface GrowingShape {
  readonly shape: ConversationShape;
  add(message: ChatMessage, known?: KnownCounts): void;
}

export function growingShape(rawCount: CountText, rule: FormatRule, { toolTokens = 0, images = IMAGE_RULES.standard }: Omit<ShapeOptions, 'counts'> = {}): GrowingShape {
  const count = memoizeCount(rawCount);
  const messages: ChatMessage[] = [];
  const tokens: number[] = [];
  const ownTokens: number[] = [];
  const unitOf: number[] = [];
  const members = new Map<number, number[]>();
  const turnOf: number[] = [];
  const pinned: boolean[] = [];
  const callers = new Map<string, number>();
  let turn = 0;
  const shape: ConversationShape = { messages, count, rule, baseTokens: rule.requestTokens + toolTokens, tokens, contentTokens: ownTokens, unitOf, members, turnOf, pinned };
  const add = (message: ChatMessage, known?: KnownCounts) => {
    const index = messages.length;
    messages.push(message);
    const counted = known ?? countMessage(rule, count, message, images);
    tokens.push(counted.tokens);
    ownTokens.push(counted.contentTokens);
    if (message.role === 'user') turn += 1;
    turnOf.push(turn);
    pinned.push(isPinned(message.role));
    for (const call of message.role === 'assistant' ? message.tool_calls ?? [] : []) callers.set(call.id, index);
    const caller = message.role === 'tool' && message.tool_call_id !== undefined ? callers.get(message.tool_call_id) : undefined;
    const unit = caller ?? index;
    unitOf.push(unit);
    const list = members.get(unit);
    if (list) list.push(index);
    else members.set(unit, [index]);
  };
  return { shape, add };
}

/** System and developer messages stay whatever a strategy removes. */
export function isPinned(role: Role): boolean {
  return role === 'system' || role === 'developer';
}
