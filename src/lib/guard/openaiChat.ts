import type { ChatMessage } from '../../core/chatFormat.js';
import { conversationSchema, requestToolChoice, requestTools, toChatMessage } from '../../io/openaiChat.js';
import { UncountableRequestError } from '../errors.js';
import type { FitResult } from '../fitMessages.js';
import { asArray, asCount, asString, assistantMessage, isRecord, type ApiAdapter, type StreamObserver, readRequest } from './adapter.js';

/**
 * OpenAI's Chat Completions (`client.chat.completions.create`). The request is read by the same
 * schema `report` reads a conversation file with, so the guard's count is `report`'s; content
 * parts the count cannot price (audio, files) are left out of it, and said so.
 */
export const openAiChat: ApiAdapter = {
  api: 'chat.completions',
  read(body) {
    const countNotes: string[] = [];
    const messages = asArray(body.messages).map((message, index) => countable(message, index, countNotes));
    const tools = asArray(body.tools).filter((tool) => isRecord(tool) && tool.type === 'function');
    if (tools.length < asArray(body.tools).length) countNotes.push('tools other than functions are not counted');
    const choice = isRecord(body.tool_choice) && body.tool_choice.type !== 'function' ? undefined : body.tool_choice;
    const parsed = conversationSchema.safeParse({
      messages,
      ...(tools.length > 0 && { tools }),
      ...(body.functions !== undefined && { functions: body.functions }),
      ...(choice !== undefined && { tool_choice: choice }),
      ...(body.function_call !== undefined && { function_call: body.function_call }),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UncountableRequestError(`chat.completions request: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
    }
    return readRequest(
      body,
      { messages: parsed.data.messages.map(toChatMessage), tools: requestTools(parsed.data), toolChoice: requestToolChoice(parsed.data), countNotes },
      asCount(body.max_completion_tokens) ?? asCount(body.max_tokens),
      asString(body.safety_identifier) ?? asString(body.user),
    );
  },
  applyFit(body, fit) {
    const original = asArray(body.messages);
    return { ...body, messages: fittedList(fit, (index) => original[index], (summary) => ({ role: summary.role, content: summary.content })) };
  },
  streamBody(body) {
    const options = isRecord(body.stream_options) ? body.stream_options : {};
    // Usage comes on a stream only when asked for (in a last chunk with no choices). Asked for on
    // the caller's behalf, it is taken out again, so the caller sees the stream it asked for.
    const strip = options.include_usage !== true;
    const sent = strip ? { ...body, stream_options: { ...options, include_usage: true } } : body;
    return { body: sent, observer: chatStreamObserver(strip) };
  },
  usageOf: (result) => (isRecord(result) ? result.usage : undefined),
  replyOf(result) {
    const message = isRecord(result) ? asArray(result.choices).map((choice) => (isRecord(choice) ? choice.message : undefined))[0] : undefined;
    if (!isRecord(message)) return undefined;
    const calls = asArray(message.tool_calls).flatMap((call) =>
      isRecord(call) && isRecord(call.function)
        ? [{ id: asString(call.id) ?? '', name: asString(call.function.name) ?? '', arguments: asString(call.function.arguments) ?? '' }]
        : [],
    );
    return assistantMessage(asString(message.content) ?? '', calls);
  },
};

/** The kept messages (originals, untouched) and the summary in its place. */
export function fittedList(fit: FitResult, original: (index: number) => unknown, summaryItem: (summary: ChatMessage) => unknown): unknown[] {
  const items = fit.kept.map(original);
  if (fit.summary && fit.summaryAt !== undefined) items.splice(fit.summaryAt, 0, summaryItem(fit.summary));
  return items;
}

/** One request message as the schema takes it: parts it cannot count left out (and noted). */
function countable(message: unknown, index: number, notes: string[]): unknown {
  if (!isRecord(message)) return message;
  let { content } = message;
  if (Array.isArray(content)) {
    const parts = content.flatMap((part) => {
      if (!isRecord(part)) return [part];
      if (part.type === 'refusal') return [{ type: 'text', text: asString(part.refusal) ?? '' }];
      return part.type === 'text' || part.type === 'image_url' ? [part] : [];
    });
    if (parts.length < content.length) notes.push(`message ${index + 1}: parts other than text and images are not counted`);
    content = parts;
  }
  const calls = asArray(message.tool_calls).filter((call) => isRecord(call) && (call.type === undefined || call.type === 'function'));
  if (calls.length < asArray(message.tool_calls).length) notes.push(`message ${index + 1}: custom tool calls are not counted`);
  const hasCalls = calls.length > 0 || message.function_call !== undefined;
  return {
    ...message,
    content: content === undefined || (content === null && !hasCalls) ? (hasCalls ? null : '') : content,
    ...(message.tool_calls !== undefined && { tool_calls: calls }),
  };
}

function chatStreamObserver(strip: boolean): StreamObserver {
  let usage: unknown;
  let text = '';
  const calls: { id: string; name: string; arguments: string }[] = [];
  return {
    see(chunk) {
      if (!isRecord(chunk)) return { pass: true, event: chunk };
      if (chunk.usage !== undefined && chunk.usage !== null) usage = chunk.usage;
      const choices = asArray(chunk.choices);
      for (const choice of choices) {
        if (!isRecord(choice) || choice.index !== 0 || !isRecord(choice.delta)) continue;
        text += asString(choice.delta.content) ?? '';
        for (const call of asArray(choice.delta.tool_calls)) {
          if (!isRecord(call)) continue;
          const at = asCount(call.index) ?? 0;
          const entry = (calls[at] ??= { id: '', name: '', arguments: '' });
          if (typeof call.id === 'string') entry.id = call.id;
          if (isRecord(call.function)) {
            entry.name += asString(call.function.name) ?? '';
            entry.arguments += asString(call.function.arguments) ?? '';
          }
        }
      }
      if (!strip) return { pass: true, event: chunk };
      if (choices.length === 0 && chunk.usage !== undefined && chunk.usage !== null) return { pass: false };
      if (!('usage' in chunk)) return { pass: true, event: chunk };
      const { usage: _asked, ...rest } = chunk;
      return { pass: true, event: rest };
    },
    usage: () => usage,
    reply: () => assistantMessage(text, calls.filter((call) => call !== undefined)),
  };
}
