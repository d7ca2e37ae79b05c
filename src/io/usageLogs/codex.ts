import { z } from 'zod';
import type { ReportedCall, UsageLog } from '../../core/usage/reportedUsage.js';
import { inputText, turnPart, type TurnPart } from '../../core/usage/turnText.js';
import { countSkipped, isRecord, lineError, readLogLines } from './logLines.js';
import { codexUsageSchema, fromCodex } from './usageSchemas.js';

/** A rollout line: `{timestamp, type, payload}` (codex-rs/protocol RolloutLine). */
const rolloutLine = z.object({ timestamp: z.string().optional(), type: z.string(), payload: z.unknown() });

const sessionMeta = z.object({ id: z.string().optional(), cwd: z.string().optional() });
const turnContext = z.object({ model: z.string().optional() });
const tokenCount = z.object({
  type: z.literal('token_count'),
  info: z
    .object({
      total_token_usage: codexUsageSchema.nullish(),
      last_token_usage: codexUsageSchema.nullish(),
      model_context_window: z.number().int().positive().nullish(),
    })
    .nullish(),
});

type CodexUsage = z.infer<typeof codexUsageSchema>;

export function looksLikeCodex(first: unknown): boolean {
  return isRecord(first) && typeof first.type === 'string' && 'payload' in first && ['session_meta', 'turn_context', 'response_item', 'event_msg'].includes(first.type);
}

/**
 * One call per `event_msg` `token_count` whose cumulative total moved: `last_token_usage` is that
 * request's usage (or, where a version wrote only totals, the difference from the previous total).
 * Codex repeats a token_count without a new request (the total unchanged): not a call. The model is
 * the last `turn_context`'s.
 */
export function readCodex(file: string, text: string): UsageLog {
  const { lines, warnings } = readLogLines(file, text);
  const calls: ReportedCall[] = [];
  const skipped: Record<string, number> = {};
  let model: string | undefined;
  let sessionId: string | undefined;
  let project: string | undefined;
  let previousTotal: CodexUsage | undefined;
  let repeats = 0;
  // The items recorded since the previous request (what was sent, then what came back): the next call's turn.
  let turn: TurnPart[] = [];
  const toolNames = new Map<string, string>();
  for (const { line, data } of lines) {
    const parsed = rolloutLine.safeParse(data);
    if (!parsed.success) {
      countSkipped(skipped, isRecord(data) && typeof data.type === 'string' ? data.type : 'untyped');
      continue;
    }
    const { type, payload, timestamp } = parsed.data;
    if (type === 'session_meta') {
      const meta = sessionMeta.safeParse(payload);
      if (meta.success) {
        sessionId ??= meta.data.id;
        project ??= meta.data.cwd;
      }
      countSkipped(skipped, type);
      continue;
    }
    if (type === 'turn_context') {
      const context = turnContext.safeParse(payload);
      if (context.success && context.data.model) model = context.data.model;
      countSkipped(skipped, type);
      continue;
    }
    const payloadType = isRecord(payload) && typeof payload.type === 'string' ? payload.type : undefined;
    if (type === 'response_item' && isRecord(payload)) turn.push(...itemParts(payload, toolNames));
    if (type !== 'event_msg' || payloadType !== 'token_count') {
      countSkipped(skipped, payloadType ? `${type} ${payloadType}` : type);
      continue;
    }
    const event = tokenCount.safeParse(payload);
    if (!event.success) throw lineError(file, line, 'a Codex token_count event', event.error.issues[0]);
    const info = event.data.info;
    const total = info?.total_token_usage ?? undefined;
    if (!info || (!info.last_token_usage && !total)) {
      countSkipped(skipped, 'token_count without usage');
      continue;
    }
    if (total && previousTotal && sameUsage(total, previousTotal)) {
      repeats++;
      continue;
    }
    const last = info.last_token_usage ?? difference(total!, previousTotal);
    previousTotal = total ?? previousTotal;
    calls.push({
      model,
      at: timestamp,
      agent: 'main',
      usage: fromCodex(last),
      ...(info.model_context_window && { contextWindow: info.model_context_window }),
      ...(turn.length > 0 && { turn }),
    });
    turn = [];
  }
  if (repeats > 0) warnings.push(`${repeats} token_count event${repeats === 1 ? '' : 's'} repeated the previous total (no new request): not counted as calls`);
  return { format: 'codex', calls, skipped, warnings, ...(sessionId !== undefined && { sessionId }), ...(project !== undefined && { project }) };
}

function sameUsage(a: CodexUsage, b: CodexUsage): boolean {
  return a.input_tokens === b.input_tokens && a.cached_input_tokens === b.cached_input_tokens && a.output_tokens === b.output_tokens && a.reasoning_output_tokens === b.reasoning_output_tokens;
}

/** This request's usage from two cumulative totals; a total that went down (a restarted count) is the request's own. */
function difference(total: CodexUsage, previous: CodexUsage | undefined): CodexUsage {
  if (!previous || total.input_tokens < previous.input_tokens || total.output_tokens < previous.output_tokens) return total;
  if (total.cached_input_tokens < previous.cached_input_tokens || total.reasoning_output_tokens < previous.reasoning_output_tokens) return total;
  return {
    input_tokens: total.input_tokens - previous.input_tokens,
    cached_input_tokens: total.cached_input_tokens - previous.cached_input_tokens,
    output_tokens: total.output_tokens - previous.output_tokens,
    reasoning_output_tokens: total.reasoning_output_tokens - previous.reasoning_output_tokens,
    total_tokens: total.total_tokens - previous.total_tokens,
  };
}

/** The text of a message's content items (`input_text`, `output_text`). */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.flatMap((item) => (isRecord(item) && typeof item.text === 'string' ? [item.text] : isRecord(item) && item.type === 'input_image' ? ['[image]'] : [])).join('\n');
}

/** A `response_item` (codex-rs/protocol ResponseItem) as turn parts: messages, reasoning summaries, tool calls and their outputs. */
function itemParts(item: Record<string, unknown>, toolNames: Map<string, string>): TurnPart[] {
  const callId = typeof item.call_id === 'string' ? item.call_id : undefined;
  const name = typeof item.name === 'string' ? item.name : undefined;
  switch (item.type) {
    case 'message': {
      const text = contentText(item.content);
      if (text === '') return [];
      return item.role === 'assistant' ? [turnPart('assistant', text)] : [turnPart('user', text, item.role === 'user' ? undefined : String(item.role))];
    }
    case 'reasoning': {
      const text = Array.isArray(item.summary) ? item.summary.flatMap((part) => (isRecord(part) && typeof part.text === 'string' ? [part.text] : [])).join('\n') : '';
      return text === '' ? [] : [turnPart('thinking', text)];
    }
    case 'function_call':
    case 'custom_tool_call':
      if (callId && name) toolNames.set(callId, name);
      return [turnPart('toolCall', inputText(item.arguments ?? item.input), name ?? 'tool')];
    case 'local_shell_call': {
      const action = isRecord(item.action) ? item.action : undefined;
      if (callId) toolNames.set(callId, 'shell');
      return [turnPart('toolCall', inputText(action?.command), 'shell')];
    }
    case 'function_call_output':
    case 'custom_tool_call_output': {
      const output = isRecord(item.output) ? item.output.content : item.output;
      return [turnPart('toolResult', typeof output === 'string' ? output : contentText(output), callId ? toolNames.get(callId) : undefined)];
    }
    case 'web_search_call':
      return [turnPart('toolCall', isRecord(item.action) ? inputText(item.action.query) : '', 'web_search')];
    default:
      return [];
  }
}
