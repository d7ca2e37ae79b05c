import type { ChatMessage, ToolDefinition } from '../../core/chatFormat.js';
import type { ToolChoice } from '../../core/toolDefinitions.js';
import type { FitResult } from '../fitMessages.js';

/** Which SDK method a call went through. */
export type GuardedApi = 'chat.completions' | 'responses' | 'messages';

/** A request as the accountant reads it: the messages it bills, in our chat shape. */
export interface ReadRequest {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly tools: readonly ToolDefinition[];
  readonly toolChoice?: ToolChoice;
  /** `max_tokens` (or the API's name for it), when the request sets it. */
  readonly maxOutputTokens?: number;
  /** The user key the request names (`user`, `safety_identifier`, `metadata.user_id`). */
  readonly user?: string;
  readonly stream: boolean;
  /** Why the count is not the API's to the token, beyond the model's own estimate (parts not counted, a framing not published). */
  readonly countNotes: readonly string[];
}

/** What a stream observer makes of one event: passed on (perhaps without a field we asked for), or held back. */
export type Seen = { readonly pass: true; readonly event: unknown } | { readonly pass: false };

export interface StreamObserver {
  see(event: unknown): Seen;
  /** The usage the stream reported (undefined if it ended before it). */
  usage(): unknown;
  reply(): ChatMessage | undefined;
}

/** One API's request and reply shapes: how to read, fit and observe them. */
export interface ApiAdapter {
  readonly api: GuardedApi;
  read(body: Record<string, unknown>): ReadRequest;
  /** The body with only the fitted messages (and the summary, if any). */
  applyFit(body: Record<string, unknown>, fit: FitResult): Record<string, unknown>;
  /** The body as sent for a stream (asking for usage where the API needs asking), and its observer. */
  streamBody(body: Record<string, unknown>): { readonly body: Record<string, unknown>; readonly observer: StreamObserver };
  usageOf(result: unknown): unknown;
  replyOf(result: unknown): ChatMessage | undefined;
}

/** What every API's request says alike: its model, the counted parts, and the optional fields only where set. */
export function readRequest(
  body: Record<string, unknown>,
  counted: Pick<ReadRequest, 'messages' | 'tools' | 'toolChoice' | 'countNotes'>,
  maxOutputTokens: number | undefined,
  user: string | undefined,
): ReadRequest {
  const { toolChoice, ...rest } = counted;
  return {
    model: asString(body.model) ?? '',
    ...rest,
    ...(toolChoice && { toolChoice }),
    ...(maxOutputTokens !== undefined && { maxOutputTokens }),
    ...(user !== undefined && { user }),
    stream: body.stream === true,
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** An assistant reply in our shape: its text and its function calls. */
export function assistantMessage(text: string, calls: readonly { id: string; name: string; arguments: string }[]): ChatMessage {
  return {
    role: 'assistant',
    content: text === '' && calls.length > 0 ? null : text,
    ...(calls.length > 0 && {
      tool_calls: calls.map((call) => ({ id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.arguments } })),
    }),
  };
}
