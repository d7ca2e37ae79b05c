import { z } from 'zod';
import { NO_USAGE, type ReportedCall, type ReportedUsage, type UsageLog } from '../../core/usage/reportedUsage.js';
import type { ChatRequest } from '../../core/toolDefinitions.js';
import { conversationSchema, requestToolChoice, requestTools, toChatMessage } from '../openaiChat.js';
import { countSkipped, isRecord, lineError, type LogLine } from './logLines.js';
import {
  anthropicUsageSchema,
  chatCompletionsUsageSchema,
  fromAnthropic,
  fromChatCompletions,
  fromResponses,
  responsesUsageSchema,
} from './usageSchemas.js';

/** Which API wrote a response body, by its own marks (`object`, `type`) or its usage's field names. */
type ResponseKind = 'chat' | 'responses' | 'anthropic';

function kindOf(body: Record<string, unknown>): ResponseKind | undefined {
  const usage = isRecord(body.usage) ? body.usage : undefined;
  if (body.object === 'chat.completion' || body.object === 'chat.completion.chunk' || (usage && 'prompt_tokens' in usage)) return 'chat';
  if (body.object === 'response' || (usage && 'input_tokens_details' in usage)) return 'responses';
  if (body.type === 'message' || (usage && ('cache_read_input_tokens' in usage || 'cache_creation_input_tokens' in usage))) return 'anthropic';
  if (usage && 'input_tokens' in usage) return 'choices' in body ? 'chat' : 'anthropic' in body ? 'anthropic' : 'responses';
  return undefined;
}

/** A record of an API log: a response body, a request/response pair, or a line of an OpenAI Batch output or Anthropic Message Batches results file. */
export function looksLikeApiRecord(record: unknown): boolean {
  if (!isRecord(record)) return false;
  if ('custom_id' in record && ('response' in record || isRecord(record.result))) return true;
  const body = isRecord(record.response) ? record.response : record;
  return kindOf(body) !== undefined || (isRecord(body.error) && 'request' in record);
}


function usageOf(kind: ResponseKind, usage: unknown): z.ZodSafeParseResult<ReportedUsage> {
  switch (kind) {
    case 'chat':
      return chatCompletionsUsageSchema.transform(fromChatCompletions).safeParse(usage);
    case 'responses':
      return responsesUsageSchema.transform(fromResponses).safeParse(usage);
    case 'anthropic':
      return anthropicUsageSchema.transform(fromAnthropic).safeParse(usage);
  }
}

/**
 * API logs: JSON (one record or an array) or JSONL of responses, of `{request, response}` pairs,
 * of OpenAI Batch output lines (`{custom_id, response: {status_code, body}, error}`) or of Anthropic
 * Message Batches results (`{custom_id, result: {type, message}}`); batch lines are unordered:
 * kept in `custom_id` order, and billed at the batch price. A response without usage (a stream chunk before the last) is counted and
 * skipped; an error response or failed Batch line is a failed call that billed nothing.
 */
export function readApiLog(file: string, records: readonly LogLine[], warnings: string[]): UsageLog {
  const calls: { call: ReportedCall; order: string | undefined }[] = [];
  const skipped: Record<string, number> = {};
  for (const { line, data } of records) {
    if (!isRecord(data)) throw lineError(file, line, 'an API log record', { path: [], message: 'expected a JSON object' });
    const batchId = typeof data.custom_id === 'string' ? data.custom_id : undefined;
    const request = isRecord(data.request) ? (isRecord(data.request.body) ? data.request.body : data.request) : undefined;
    const { body, failure } = batchId !== undefined && isRecord(data.result) ? messageBatchResult(data.result) : responseOf(data, batchId !== undefined);
    const model = modelOf(body) ?? (request && typeof request.model === 'string' ? request.model : undefined);
    const at = timeOf(body);
    if (failure) {
      calls.push({ call: { model, at, agent: 'main', usage: NO_USAGE, failed: failure, ...(batchId !== undefined && { batchId }) }, order: batchId });
      continue;
    }
    const kind = body && kindOf(body);
    if (!body || !kind) {
      countSkipped(skipped, 'record without usage');
      continue;
    }
    if (body.usage === undefined || body.usage === null) {
      countSkipped(skipped, body.object === 'chat.completion.chunk' ? 'stream chunk without usage' : 'response without usage');
      continue;
    }
    const usage = usageOf(kind, body.usage);
    if (!usage.success) throw lineError(file, line, `${KIND_NAMES[kind]} usage`, { ...usage.error.issues[0]!, path: ['usage', ...usage.error.issues[0]!.path] });
    const sent = kind === 'chat' ? chatRequestOf(request) : undefined;
    calls.push({
      call: { model, at, agent: 'main', usage: usage.data, ...(sent && { request: sent }), ...(batchId !== undefined && { batchId }) },
      order: batchId,
    });
  }
  const batch = calls.some((entry) => entry.order !== undefined);
  if (batch) calls.sort((a, b) => (a.order ?? '').localeCompare(b.order ?? '', 'en', { numeric: true }));
  return { format: 'api-log', calls: calls.map((entry) => entry.call), skipped, warnings };
}

const KIND_NAMES: Readonly<Record<ResponseKind, string>> = { chat: 'Chat Completions', responses: 'Responses API', anthropic: 'Anthropic Messages' };

interface RecordBody {
  /** The response body that carries the usage. */
  readonly body: Record<string, unknown> | undefined;
  /** Why the call failed (it billed nothing). */
  readonly failure: string | undefined;
}

/** A response, a `{request, response}` pair, or an OpenAI Batch output line (`response.body`, `status_code`). */
function responseOf(data: Record<string, unknown>, batch: boolean): RecordBody {
  const wrapper = isRecord(data.response) ? data.response : undefined;
  const body = batch ? (wrapper && isRecord(wrapper.body) ? wrapper.body : undefined) : wrapper ?? data;
  return { body, failure: failureOf(data, wrapper, body, batch) };
}

/**
 * An Anthropic Message Batches result (`{custom_id, result: {type, message | error}}`): a
 * `succeeded` result carries the message and its usage; `errored`, `canceled` and `expired` ones
 * billed nothing.
 */
function messageBatchResult(result: Record<string, unknown>): RecordBody {
  if (result.type === 'succeeded' && isRecord(result.message)) return { body: result.message, failure: undefined };
  const outer = isRecord(result.error) ? result.error : undefined;
  const inner = outer && isRecord(outer.error) ? outer.error : outer;
  const detail = inner ? `${typeof inner.type === 'string' ? `${inner.type}: ` : ''}${typeof inner.message === 'string' ? inner.message : 'error'}` : undefined;
  const type = typeof result.type === 'string' ? result.type : 'no result type';
  return { body: undefined, failure: detail ? `${type}: ${detail}` : type };
}

function failureOf(record: Record<string, unknown>, wrapper: Record<string, unknown> | undefined, body: Record<string, unknown> | undefined, batch: boolean): string | undefined {
  const error = isRecord(record.error) ? record.error : body && isRecord(body.error) ? body.error : undefined;
  if (error) return `${typeof error.code === 'string' ? `${error.code}: ` : ''}${typeof error.message === 'string' ? error.message : 'error'}`;
  if (batch && wrapper && typeof wrapper.status_code === 'number' && wrapper.status_code !== 200) return `HTTP ${wrapper.status_code}`;
  if (batch && !body) return 'no response body';
  return undefined;
}

function modelOf(body: Record<string, unknown> | undefined): string | undefined {
  return body && typeof body.model === 'string' ? body.model : undefined;
}

/** Chat Completions' `created` and Responses' `created_at` are Unix seconds. */
function timeOf(body: Record<string, unknown> | undefined): string | undefined {
  const seconds = body ? (typeof body.created === 'number' ? body.created : typeof body.created_at === 'number' ? body.created_at : undefined) : undefined;
  return seconds === undefined ? undefined : new Date(seconds * 1000).toISOString();
}

/** The request's messages and tools, where the log kept them in the form we count. */
function chatRequestOf(request: Record<string, unknown> | undefined): ChatRequest | undefined {
  if (!request) return undefined;
  const parsed = conversationSchema.safeParse(request);
  if (!parsed.success) return undefined;
  const toolChoice = requestToolChoice(parsed.data);
  return { messages: parsed.data.messages.map(toChatMessage), tools: requestTools(parsed.data), ...(toolChoice && { toolChoice }) };
}
