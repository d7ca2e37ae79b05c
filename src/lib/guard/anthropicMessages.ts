import type { ChatMessage, ContentPart, ToolDefinition } from '../../core/chatFormat.js';
import type { ToolChoice } from '../../core/toolDefinitions.js';
import { asArray, asCount, asString, assistantMessage, isRecord, type ApiAdapter, type StreamObserver, readRequest } from './adapter.js';

/** Each counted message's source: the system prompt (-1), or a message and the content blocks it stands for. */
interface Source {
  readonly message: number;
  readonly blocks: readonly number[] | 'all';
}
const SOURCES = new WeakMap<readonly ChatMessage[], readonly Source[]>();

/**
 * Anthropic's Messages API (`client.messages.create`, and `messages.stream`, which calls it). A
 * message's blocks are read as chat messages: a user message's `tool_result` blocks as tool
 * messages answering the assistant's `tool_use` blocks (so a strategy removes a call and its
 * results together), the rest as one message. Claude's tokenizer is not public: the count is the
 * catalog's stand-in's, an estimate, and so labelled.
 */
export const anthropicMessages: ApiAdapter = {
  api: 'messages',
  read(body) {
    const countNotes: string[] = [];
    const messages: ChatMessage[] = [];
    const sources: Source[] = [];
    const system = typeof body.system === 'string' ? body.system : textOf(asArray(body.system));
    if (body.system !== undefined) {
      messages.push({ role: 'system', content: system });
      sources.push({ message: -1, blocks: 'all' });
    }
    asArray(body.messages).forEach((message, index) => {
      if (!isRecord(message)) return;
      const role = message.role === 'assistant' ? 'assistant' : 'user';
      if (typeof message.content === 'string') {
        messages.push({ role, content: message.content });
        sources.push({ message: index, blocks: 'all' });
        return;
      }
      const blocks = asArray(message.content);
      const rest: number[] = [];
      const parts: ContentPart[] = [];
      const calls: { id: string; name: string; arguments: string }[] = [];
      blocks.forEach((block, at) => {
        if (!isRecord(block)) return;
        if (block.type === 'tool_result') {
          const content = typeof block.content === 'string' ? block.content : textOf(asArray(block.content));
          messages.push({ role: 'tool', tool_call_id: asString(block.tool_use_id) ?? '', content });
          sources.push({ message: index, blocks: [at] });
          return;
        }
        rest.push(at);
        if (block.type === 'text') parts.push({ type: 'text', text: asString(block.text) ?? '' });
        else if (block.type === 'tool_use') calls.push({ id: asString(block.id) ?? '', name: asString(block.name) ?? '', arguments: JSON.stringify(block.input ?? {}) });
        else if (block.type === 'image' && isRecord(block.source) && block.source.type === 'base64') {
          parts.push({ type: 'image_url', image_url: { url: `data:${String(block.source.media_type)};base64,${String(block.source.data)}` } });
        } else countNotes.push(`message ${index + 1}: a ${String(block.type)} block is not counted`);
      });
      if (rest.length === 0) return;
      if (role === 'assistant') messages.push(calls.length > 0 ? { ...assistantMessage(joinText(parts), calls) } : { role, content: parts });
      else messages.push({ role, content: parts });
      sources.push({ message: index, blocks: rest.length === blocks.length ? 'all' : rest });
    });
    SOURCES.set(messages, sources);
    const tools = asArray(body.tools).flatMap((tool): ToolDefinition[] =>
      isRecord(tool) && typeof tool.name === 'string' && isRecord(tool.input_schema)
        ? [{ type: 'function', function: { name: tool.name, ...(typeof tool.description === 'string' && { description: tool.description }), parameters: tool.input_schema } }]
        : [],
    );
    return readRequest(
      body,
      { messages, tools, toolChoice: readToolChoice(body.tool_choice), countNotes },
      asCount(body.max_tokens),
      isRecord(body.metadata) ? asString(body.metadata.user_id) : undefined,
    );
  },
  applyFit(body, fit) {
    const read = anthropicMessages.read(body);
    const sources = SOURCES.get(read.messages) ?? [];
    const original = asArray(body.messages);
    const keptBlocks = new Map<number, Set<number> | 'all'>();
    for (const index of fit.kept) {
      const source = sources[index]!;
      if (source.message < 0) continue;
      const known = keptBlocks.get(source.message);
      if (source.blocks === 'all' || known === 'all') keptBlocks.set(source.message, 'all');
      else keptBlocks.set(source.message, new Set([...(known ?? []), ...source.blocks]));
    }
    const messages = original.flatMap((message, index) => {
      const kept = keptBlocks.get(index);
      if (kept === undefined || !isRecord(message)) return [];
      if (kept === 'all') return [message];
      // Blocks no counted message stands for (thinking, documents) go with the rest of their message.
      const counted = new Set(sources.filter((s) => s.message === index && s.blocks !== 'all').flatMap((s) => s.blocks as readonly number[]));
      return [{ ...message, content: asArray(message.content).filter((_, at) => kept.has(at) || !counted.has(at)) }];
    });
    startWithUser(messages);
    // Messages have no system role: a summary joins the system prompt.
    if (!fit.summary) return { ...body, messages };
    const summary = typeof fit.summary.content === 'string' ? fit.summary.content : '';
    const system =
      body.system === undefined ? summary : typeof body.system === 'string' ? `${body.system}\n\n${summary}` : [...asArray(body.system), { type: 'text', text: summary }];
    return { ...body, system, messages };
  },
  streamBody(body) {
    return { body, observer: anthropicStreamObserver() };
  },
  usageOf: (result) => (isRecord(result) ? result.usage : undefined),
  replyOf: (result) => (isRecord(result) ? replyOf(asArray(result.content)) : undefined),
};

/**
 * The Messages API takes a conversation that starts with a user message, and a tool result only
 * after its tool use: a trim that leaves an assistant message first drops it too, and the results
 * answering its tool uses.
 */
function startWithUser(messages: unknown[]): void {
  const gone = new Set<string>();
  for (;;) {
    const first = messages[0];
    if (first === undefined) return;
    if (isRecord(first) && first.role === 'user') {
      if (gone.size === 0 || !Array.isArray(first.content)) return;
      const content = first.content.filter((block) => !(isRecord(block) && block.type === 'tool_result' && gone.has(String(block.tool_use_id))));
      if (content.length > 0) {
        messages[0] = { ...first, content };
        return;
      }
    } else if (isRecord(first)) {
      for (const block of asArray(first.content)) if (isRecord(block) && block.type === 'tool_use') gone.add(String(block.id));
    }
    messages.shift();
  }
}

function readToolChoice(choice: unknown): ToolChoice | undefined {
  if (!isRecord(choice)) return undefined;
  if (choice.type === 'none') return 'none';
  if (choice.type === 'any') return 'required';
  if (choice.type === 'tool' && typeof choice.name === 'string') return { name: choice.name };
  return undefined;
}

function textOf(blocks: readonly unknown[]): string {
  return blocks.map((block) => (isRecord(block) && typeof block.text === 'string' ? block.text : '')).join('');
}

function joinText(parts: readonly ContentPart[]): string {
  return parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

function replyOf(blocks: readonly unknown[]): ChatMessage {
  const calls = blocks.flatMap((block) =>
    isRecord(block) && block.type === 'tool_use'
      ? [{ id: asString(block.id) ?? '', name: asString(block.name) ?? '', arguments: JSON.stringify(block.input ?? {}) }]
      : [],
  );
  return assistantMessage(textOf(blocks.filter((block) => isRecord(block) && block.type === 'text')), calls);
}

/**
 * A stream reports usage twice: `message_start` carries the input (and cache) figures, each
 * `message_delta` the output so far (and, from some API versions, input figures again): the
 * fields a later event gives replace the earlier ones.
 */
function anthropicStreamObserver(): StreamObserver {
  let usage: Record<string, unknown> | undefined;
  const blocks: Record<string, unknown>[] = [];
  const json: string[] = [];
  return {
    see(event) {
      if (!isRecord(event)) return { pass: true, event };
      if (event.type === 'message_start' && isRecord(event.message) && isRecord(event.message.usage)) usage = { ...event.message.usage };
      if (event.type === 'message_delta' && isRecord(event.usage)) {
        usage = { ...usage, ...Object.fromEntries(Object.entries(event.usage).filter(([, value]) => value !== null && value !== undefined)) };
      }
      const at = asCount(event.index);
      if (event.type === 'content_block_start' && at !== undefined && isRecord(event.content_block)) blocks[at] = { ...event.content_block };
      if (event.type === 'content_block_delta' && at !== undefined && isRecord(event.delta) && blocks[at]) {
        if (event.delta.type === 'text_delta') blocks[at].text = `${asString(blocks[at].text) ?? ''}${asString(event.delta.text) ?? ''}`;
        if (event.delta.type === 'input_json_delta') json[at] = `${json[at] ?? ''}${asString(event.delta.partial_json) ?? ''}`;
      }
      return { pass: true, event };
    },
    usage: () => usage,
    reply: () =>
      replyOf(
        blocks.map((block, at) => {
          if (block?.type !== 'tool_use' || json[at] === undefined) return block;
          try {
            return { ...block, input: JSON.parse(json[at]) as unknown };
          } catch {
            return block;
          }
        }),
      ),
  };
}
