import { imageSizeFromDataUrl, type ImageSize } from './imageSize.js';

/**
 * What a chat request bills, per OpenAI's cookbook ("How to count tokens with tiktoken"):
 * every message costs 3 framing tokens plus the tokens of each of its string fields (role and
 * name included), plus 1 when it has a name; every request costs 3 more to prime the reply.
 * Function calling adds what the API bills for it (see `functionCallTokens`, `FUNCTION_RESULT`);
 * tool definitions are in toolDefinitions.ts.
 *
 * gpt-3.5-turbo-0301 framed messages differently (4 per message, and a name replacing the role:
 * -1); the lesson's script used a simpler rule (content + 4 per message, no priming). Both stay
 * selectable (`--overhead 0301`, `--overhead 4`) so that their figures can be reproduced.
 */
export type Role = 'system' | 'user' | 'assistant' | 'tool' | 'developer' | 'function';

export interface TextPart {
  readonly type: 'text';
  readonly text: string;
}

export interface ImagePart {
  readonly type: 'image_url';
  readonly image_url: { readonly url: string; readonly detail?: 'low' | 'high' | 'auto' };
}

export type ContentPart = TextPart | ImagePart;

/** The part of JSON Schema a tool's parameters are rendered from (see renderToolDefinitions). */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly enum?: readonly unknown[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
}

/** A function the request offers the model: in `{"tools": [...]}`, or in the legacy `{"functions": [...]}`. */
export interface FunctionDefinition {
  readonly name: string;
  readonly description?: string;
  readonly parameters?: JsonSchema;
}

export interface ToolDefinition {
  readonly type: 'function';
  readonly function: FunctionDefinition;
}

/** A function the assistant calls: one of its `tool_calls`, or the legacy `function_call`. */
export interface FunctionCall {
  readonly name: string;
  readonly arguments: string;
}

/** An assistant's request to run a tool; a later `tool` message answers it by `tool_call_id`. */
export interface ToolCall {
  readonly id: string;
  readonly type: 'function';
  readonly function: FunctionCall;
}

export interface ChatMessage {
  readonly role: Role;
  /** null where an assistant message carries only tool calls (or a function call). */
  readonly content: string | readonly ContentPart[] | null;
  readonly name?: string;
  readonly tool_calls?: readonly ToolCall[];
  /** Which call a `tool` message answers: never shown to the model, so not billed. */
  readonly tool_call_id?: string;
  /** Legacy function calling: the assistant's one call, answered by a `function` message named after it. */
  readonly function_call?: FunctionCall;
}

export type OverheadRule = 'cookbook' | '0301' | 'lesson';
/** The open-weight families' chat templates (chatTemplates.ts). */
export type TemplateRule = 'llama3' | 'llama3.1' | 'qwen' | 'gemma3' | 'deepseek_v3';

export type CountText = (text: string) => number;

export interface FormatRule {
  readonly name: OverheadRule | TemplateRule;
  /** Tokens a message adds to every request that carries it; images priced by `images` (default 85 + 170 per tile). */
  messageTokens(message: ChatMessage, count: CountText, images?: ImageTokenRule): number;
  /** Tokens a request adds once, whatever it carries. */
  readonly requestTokens: number;
}

/**
 * A function's result (a `function` message, or a `tool` message that names its function) is
 * framed under the function's name in place of the role: 2 tokens fewer than another message
 * (hmarr/openai-chat-tokens' cases, measured on gpt-3.5-turbo).
 */
export const FUNCTION_RESULT = -2;

const COOKBOOK: FormatRule = {
  name: 'cookbook',
  messageTokens(message, count, images) {
    let tokens = 3 + count(message.role) + contentTokens(message, count, images) + callFraming(message);
    if (message.name !== undefined) tokens += count(message.name) + 1;
    if (isFunctionResult(message)) tokens += FUNCTION_RESULT;
    return tokens;
  },
  requestTokens: 3,
};

/** gpt-3.5-turbo-0301: `<|start|>{role or name}\n{content}<|end|>\n`, 4 per message; a name takes the role's place (-1). */
const GPT_35_TURBO_0301: FormatRule = {
  name: '0301',
  messageTokens(message, count, images) {
    let tokens = 4 + count(message.role) + contentTokens(message, count, images) + callFraming(message);
    if (message.name !== undefined) tokens += count(message.name) - 1;
    return tokens;
  },
  requestTokens: 3,
};

const LESSON: FormatRule = {
  name: 'lesson',
  messageTokens: (message, count, images) => contentTokens(message, count, images) + 4,
  requestTokens: 0,
};

export const FORMAT_RULES: Readonly<Record<OverheadRule, FormatRule>> = { cookbook: COOKBOOK, '0301': GPT_35_TURBO_0301, lesson: LESSON };

/**
 * The rule a model id implies: gpt-3.5-turbo-0301 (also Azure's gpt-35-turbo-0301) its own, every
 * later chat model the cookbook's.
 */
export function formatRuleFor(modelId: string): FormatRule {
  return /^(?:openai:)?gpt-3\.?5-turbo-0301\b/i.test(modelId.trim()) ? GPT_35_TURBO_0301 : COOKBOOK;
}

function isFunctionResult(message: ChatMessage): boolean {
  return message.role === 'function' || (message.role === 'tool' && message.name !== undefined);
}

/** The message's text: a string content, or its text parts joined. */
export function contentText(message: ChatMessage): string {
  if (message.content === null) return '';
  if (typeof message.content === 'string') return message.content;
  return message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

/**
 * The tokens of what the message says: its text, its images (when their size is known, see
 * `uncountedParts`) and its function or tool calls. The tool call id is not counted.
 */
export function contentTokens(message: ChatMessage, count: CountText, images: ImageTokenRule = IMAGE_RULES.standard): number {
  return partsTokens(message, count, images) + toolCallTokens(message, count);
}

function partsTokens(message: ChatMessage, count: CountText, images: ImageTokenRule): number {
  if (message.content === null) return 0;
  if (typeof message.content === 'string') return count(message.content);
  return message.content.reduce(
    (sum, part) => sum + (part.type === 'text' ? count(part.text) : (imagePartTokens(part, images) ?? 0)),
    0,
  );
}

/**
 * The framing of one function call beyond its name and arguments (hmarr/openai-chat-tokens' cases,
 * measured on gpt-3.5-turbo). Framing, not content: a reply's own tokens leave it out.
 */
export const FUNCTION_CALL_FRAMING = 3;

/**
 * The calls' own tokens: each function's name and its arguments (a JSON string) as written; their
 * framing is the rule's (`callFraming`). The legacy `function_call` is billed so (gpt-3.5-turbo);
 * each of `tool_calls` alike. For one tool call that is what the API bills (35 on gpt-4 for a
 * call and its result, forestwanglin/openai-java#5); for several it is a reconstruction (see
 * `countingNotes`).
 */
export function toolCallTokens(message: ChatMessage, count: CountText): number {
  return calls(message).reduce((sum, call) => sum + count(call.name) + count(call.arguments), 0);
}

export function callFraming(message: ChatMessage): number {
  return FUNCTION_CALL_FRAMING * calls(message).length;
}

function calls(message: ChatMessage): FunctionCall[] {
  const toolCalls = (message.tool_calls ?? []).map((call) => call.function);
  return message.function_call ? [...toolCalls, message.function_call] : toolCalls;
}

/** The prompt tokens of one request carrying `messages`. */
export function requestTokens(messages: readonly ChatMessage[], count: CountText, rule: FormatRule = COOKBOOK): number {
  return messages.reduce((sum, message) => sum + rule.messageTokens(message, count), rule.requestTokens);
}

/**
 * OpenAI's published image rule: a low-detail image costs `base`; a high-detail one `base` plus
 * `perTile` for every 512 px tile after scaling to fit 2048 x 2048 and then the short side to 768.
 * gpt-4o-mini bills the same tiles at a larger rate.
 */
export interface ImageTokenRule {
  readonly base: number;
  readonly perTile: number;
}

export const IMAGE_RULES: Readonly<Record<'standard' | 'gpt4oMini', ImageTokenRule>> = {
  standard: { base: 85, perTile: 170 },
  gpt4oMini: { base: 2833, perTile: 5667 },
};

export function imageRuleFor(modelId: string): ImageTokenRule {
  return modelId === 'gpt-4o-mini' ? IMAGE_RULES.gpt4oMini : IMAGE_RULES.standard;
}

export type { ImageSize } from './imageSize.js';

/** 512 px tiles of a high-detail image, after the two downscaling steps (images are never enlarged). */
export function imageTiles({ width, height }: ImageSize): number {
  const fit = Math.min(1, 2048 / Math.max(width, height));
  let w = width * fit;
  let h = height * fit;
  const shorten = Math.min(1, 768 / Math.min(w, h));
  w = Math.floor(w * shorten);
  h = Math.floor(h * shorten);
  return Math.ceil(w / 512) * Math.ceil(h / 512);
}

export function imageTokens(size: ImageSize | undefined, detail: 'low' | 'high' | 'auto' | undefined, rule: ImageTokenRule): number | undefined {
  if (detail === 'low') return rule.base;
  if (size === undefined) return undefined;
  return rule.base + rule.perTile * imageTiles(size);
}

/** Tokens of one image part; undefined when its size cannot be known (a URL rather than inline data). */
export function imagePartTokens(part: ImagePart, rule: ImageTokenRule = IMAGE_RULES.standard): number | undefined {
  const { url, detail } = part.image_url;
  return imageTokens(detail === 'low' ? undefined : imageSizeFromDataUrl(url), detail, rule);
}

/** A part the counts leave out, so that a report can say so instead of silently ignoring it. */
export interface UncountedPart {
  /** 1-based, as every output numbers messages (and parts). */
  readonly message: number;
  readonly part: number;
  readonly kind: 'image';
  readonly reason: string;
}

export function uncountedParts(messages: readonly ChatMessage[]): UncountedPart[] {
  return messages.flatMap((message, index) =>
    typeof message.content === 'string' || message.content === null
      ? []
      : message.content.flatMap((part, partIndex): UncountedPart[] =>
          part.type === 'image_url' && imagePartTokens(part) === undefined
            ? [{ message: index + 1, part: partIndex + 1, kind: 'image', reason: 'image size unknown (a URL, not inline PNG, JPEG, GIF or WebP data)' }]
            : [],
        ),
  );
}
