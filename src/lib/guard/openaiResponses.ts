import type { ChatMessage, ContentPart, ToolDefinition } from '../../core/chatFormat.js';
import type { ToolChoice } from '../../core/toolDefinitions.js';
import { asArray, asCount, asString, assistantMessage, isRecord, type ApiAdapter, type StreamObserver, readRequest } from './adapter.js';

/** Where each counted message came from: an input item, or the `instructions` (-1). */
const SOURCES = new WeakMap<readonly ChatMessage[], readonly number[]>();

const NOT_PUBLISHED =
  "the Responses API's framing is not published: counted as the same messages sent to Chat Completions";

/**
 * OpenAI's Responses API (`client.responses.create`). Its input items are read as the chat messages
 * they correspond to (instructions as a system message, function calls and their outputs as tool
 * calls and tool messages); OpenAI publishes no per-item framing for it, so the count is labelled
 * an estimate. Items that carry no text we can count (reasoning, references) are noted.
 */
export const openAiResponses: ApiAdapter = {
  api: 'responses',
  read(body) {
    const countNotes = [NOT_PUBLISHED];
    const messages: ChatMessage[] = [];
    const sources: number[] = [];
    const instructions = asString(body.instructions);
    if (instructions !== undefined) {
      messages.push({ role: 'system', content: instructions });
      sources.push(-1);
    }
    if (typeof body.input === 'string') {
      messages.push({ role: 'user', content: body.input });
      sources.push(0);
    } else {
      asArray(body.input).forEach((item, index) => {
        const message = itemMessage(item);
        if (message) {
          messages.push(message);
          sources.push(index);
        } else countNotes.push(`input item ${index + 1} (${isRecord(item) ? String(item.type) : typeof item}) is not counted`);
      });
    }
    if (body.previous_response_id !== undefined) countNotes.push('previous_response_id: the stored conversation it continues is not counted');
    SOURCES.set(messages, sources);
    const tools = asArray(body.tools).flatMap((tool): ToolDefinition[] =>
      isRecord(tool) && tool.type === 'function' && typeof tool.name === 'string'
        ? [{ type: 'function', function: { name: tool.name, ...(typeof tool.description === 'string' && { description: tool.description }), ...(isRecord(tool.parameters) && { parameters: tool.parameters }) } }]
        : [],
    );
    return readRequest(
      body,
      { messages, tools, toolChoice: readToolChoice(body.tool_choice), countNotes },
      asCount(body.max_output_tokens),
      asString(body.safety_identifier) ?? asString(body.user),
    );
  },
  applyFit(body, fit) {
    const read = openAiResponses.read(body);
    const sources = SOURCES.get(read.messages) ?? [];
    const original = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : asArray(body.input);
    const items: unknown[] = [];
    fit.messages.forEach((message, position) => {
      if (fit.summary && position === fit.summaryAt) items.push({ role: 'system', content: message.content });
      else {
        const kept = fit.kept[fit.summaryAt !== undefined && position > fit.summaryAt ? position - 1 : position]!;
        const source = sources[kept]!;
        if (source >= 0) items.push(original[source]);
      }
    });
    return { ...body, input: items };
  },
  streamBody(body) {
    return { body, observer: responsesStreamObserver() };
  },
  usageOf: (result) => (isRecord(result) ? result.usage : undefined),
  replyOf: (result) => replyOf(result),
};

function readToolChoice(choice: unknown): ToolChoice | undefined {
  if (choice === 'auto' || choice === 'none' || choice === 'required') return choice;
  if (isRecord(choice) && choice.type === 'function' && typeof choice.name === 'string') return { name: choice.name };
  return undefined;
}

function itemMessage(item: unknown): ChatMessage | undefined {
  if (!isRecord(item)) return undefined;
  if (item.type === 'function_call') {
    return assistantMessage('', [{ id: asString(item.call_id) ?? '', name: asString(item.name) ?? '', arguments: asString(item.arguments) ?? '' }]);
  }
  if (item.type === 'function_call_output') {
    const output = typeof item.output === 'string' ? item.output : textOf(asArray(item.output));
    return { role: 'tool', tool_call_id: asString(item.call_id) ?? '', content: output };
  }
  if (item.type !== undefined && item.type !== 'message') return undefined;
  const role = item.role;
  if (role !== 'user' && role !== 'assistant' && role !== 'system' && role !== 'developer') return undefined;
  if (typeof item.content === 'string') return { role, content: item.content };
  const parts = asArray(item.content).flatMap((part): ContentPart[] => {
    if (!isRecord(part)) return [];
    if (part.type === 'input_text' || part.type === 'output_text') return [{ type: 'text', text: asString(part.text) ?? '' }];
    if (part.type === 'refusal') return [{ type: 'text', text: asString(part.refusal) ?? '' }];
    if (part.type === 'input_image' && typeof part.image_url === 'string') {
      const detail = part.detail === 'low' || part.detail === 'high' || part.detail === 'auto' ? part.detail : undefined;
      return [{ type: 'image_url', image_url: { url: part.image_url, ...(detail && { detail }) } }];
    }
    return [];
  });
  return { role, content: parts };
}

function textOf(parts: readonly unknown[]): string {
  return parts.map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : '')).join('');
}

function replyOf(response: unknown): ChatMessage | undefined {
  if (!isRecord(response)) return undefined;
  let text = '';
  const calls: { id: string; name: string; arguments: string }[] = [];
  for (const item of asArray(response.output)) {
    if (!isRecord(item)) continue;
    if (item.type === 'message') text += textOf(asArray(item.content).filter((part) => isRecord(part) && part.type === 'output_text'));
    if (item.type === 'function_call') calls.push({ id: asString(item.call_id) ?? '', name: asString(item.name) ?? '', arguments: asString(item.arguments) ?? '' });
  }
  return assistantMessage(text, calls);
}

/** The stream's last event (`response.completed`, or `.incomplete` / `.failed`) carries the whole response, usage included. */
function responsesStreamObserver(): StreamObserver {
  let final: unknown;
  return {
    see(event) {
      if (isRecord(event) && typeof event.type === 'string' && /^response\.(completed|incomplete|failed)$/.test(event.type)) final = event.response;
      return { pass: true, event };
    },
    usage: () => (isRecord(final) ? final.usage : undefined),
    reply: () => replyOf(final),
  };
}
