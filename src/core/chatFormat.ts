import { imageSizeFromDataUrl, type ImageSize } from './imageSize.js';
import type { EncodingName } from './splitPattern.js';

/**
 * What a chat request bills, per OpenAI's cookbook ("How to count tokens with tiktoken"):
 * every message costs 3 framing tokens plus the tokens of each of its string fields (role and
 * name included), plus 1 when it has a name; every request costs 3 more to prime the reply.
 *
 * The lesson's script used a simpler rule (content + 4 per message, no priming); `lesson` keeps it
 * selectable so its printed output can be reproduced.
 */
export type Role = 'system' | 'user' | 'assistant' | 'tool' | 'developer';

export interface TextPart {
  readonly type: 'text';
  readonly text: string;
}

export interface ImagePart {
  readonly type: 'image_url';
  readonly image_url: { readonly url: string; readonly detail?: 'low' | 'high' | 'auto' };
}

export type ContentPart = TextPart | ImagePart;

/** A tool the request offers the model (`{"tools": [...]}` beside the messages). */
export interface ToolDefinition {
  readonly type: 'function';
  readonly function: {
    readonly name: string;
    readonly description?: string;
    readonly parameters?: { readonly properties?: Readonly<Record<string, ToolProperty>> };
  };
}

export interface ToolProperty {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly enum?: readonly unknown[];
}

/** An assistant's request to run a tool; a later `tool` message answers it by `tool_call_id`. */
export interface ToolCall {
  readonly id: string;
  readonly type: 'function';
  readonly function: { readonly name: string; readonly arguments: string };
}

export interface ChatMessage {
  readonly role: Role;
  /** null where an assistant message carries only tool calls. */
  readonly content: string | readonly ContentPart[] | null;
  readonly name?: string;
  readonly tool_calls?: readonly ToolCall[];
  readonly tool_call_id?: string;
}

export type OverheadRule = 'cookbook' | 'lesson';

export type CountText = (text: string) => number;

export interface FormatRule {
  readonly name: OverheadRule;
  /** Tokens a message adds to every request that carries it; images priced by `images` (default 85 + 170 per tile). */
  messageTokens(message: ChatMessage, count: CountText, images?: ImageTokenRule): number;
  /** Tokens a request adds once, whatever it carries. */
  readonly requestTokens: number;
}

const COOKBOOK: FormatRule = {
  name: 'cookbook',
  messageTokens(message, count, images) {
    let tokens = 3 + count(message.role) + contentTokens(message, count, images);
    if (message.name !== undefined) tokens += count(message.name) + 1;
    return tokens;
  },
  requestTokens: 3,
};

const LESSON: FormatRule = {
  name: 'lesson',
  messageTokens: (message, count, images) => contentTokens(message, count, images) + 4,
  requestTokens: 0,
};

export const FORMAT_RULES: Readonly<Record<OverheadRule, FormatRule>> = { cookbook: COOKBOOK, lesson: LESSON };

/** The message's text: a string content, or its text parts joined. */
export function contentText(message: ChatMessage): string {
  if (message.content === null) return '';
  if (typeof message.content === 'string') return message.content;
  return message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

/**
 * The tokens of what the message says: its text, its images (when their size is known, see
 * `uncountedParts`) and its tool calls. The tool call id is not counted.
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
 * An approximation: the API renders tool calls in a format it does not publish. We count each
 * call's function name and its arguments (a JSON string) as text, with no framing of their own.
 */
export function toolCallTokens(message: ChatMessage, count: CountText): number {
  return (message.tool_calls ?? []).reduce((sum, call) => sum + count(call.function.name) + count(call.function.arguments), 0);
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

/**
 * The cookbook's rule for tool definitions ("How to count tokens with tiktoken",
 * `num_tokens_for_tools`): per function a start constant, its "name:description" (description
 * without a final period), and per top-level property "key:type:description" and its enum items;
 * once per request an end constant. Nested schemas are not looked into, as in the cookbook.
 */
export interface ToolTokenConstants {
  readonly functionStart: number;
  readonly propertiesStart: number;
  readonly propertyKey: number;
  readonly enumStart: number;
  readonly enumItem: number;
  readonly functionsEnd: number;
}

export const TOOL_CONSTANTS: Readonly<Record<EncodingName, ToolTokenConstants>> = {
  cl100k_base: { functionStart: 10, propertiesStart: 3, propertyKey: 3, enumStart: -3, enumItem: 3, functionsEnd: 12 },
  o200k_base: { functionStart: 7, propertiesStart: 3, propertyKey: 3, enumStart: -3, enumItem: 3, functionsEnd: 12 },
};

export function toolDefinitionTokens(tools: readonly ToolDefinition[], count: CountText, constants: ToolTokenConstants): number {
  if (tools.length === 0) return 0;
  let tokens = constants.functionsEnd;
  for (const { function: fn } of tools) {
    tokens += constants.functionStart + count(`${fn.name}:${withoutFinalPeriod(fn.description ?? '')}`);
    const properties = Object.entries(fn.parameters?.properties ?? {});
    if (properties.length > 0) tokens += constants.propertiesStart;
    for (const [key, property] of properties) {
      tokens += constants.propertyKey;
      if (property.enum !== undefined) {
        tokens += constants.enumStart;
        for (const item of property.enum) tokens += constants.enumItem + count(String(item));
      }
      const type = Array.isArray(property.type) ? property.type.join(',') : (property.type ?? '');
      tokens += count(`${key}:${type}:${withoutFinalPeriod(property.description ?? '')}`);
    }
  }
  return tokens;
}

function withoutFinalPeriod(text: string): string {
  return text.endsWith('.') ? text.slice(0, -1) : text;
}
