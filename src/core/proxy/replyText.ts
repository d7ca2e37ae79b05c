import type { ProxiedApi } from './proxyRoute.js';

/**
 * The reply text one parsed stream event adds, as each API streams it (what the dashboard shows of
 * a reply as it arrives): Chat Completions' `choices[0].delta.content`, the Responses API's
 * `response.output_text.delta`, Anthropic's `content_block_delta` with a `text_delta`. Anything
 * else (roles, tool calls, usage, the end) adds none. The text is the network's: shown only sanitised.
 */
export function streamedTextOf(api: ProxiedApi, event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const data = event as Record<string, unknown>;
  if (api === 'chat.completions') {
    const choice = Array.isArray(data.choices) ? (data.choices[0] as { delta?: { content?: unknown } } | undefined) : undefined;
    return textOrUndefined(choice?.delta?.content);
  }
  if (api === 'responses') return data.type === 'response.output_text.delta' ? textOrUndefined(data.delta) : undefined;
  const delta = data.delta as { type?: unknown; text?: unknown } | undefined;
  return data.type === 'content_block_delta' && delta?.type === 'text_delta' ? textOrUndefined(delta.text) : undefined;
}

/** A whole reply's text (an answer that did not stream): its string content, or its text parts joined. */
export function replyTextOf(content: unknown): string | undefined {
  if (typeof content === 'string') return textOrUndefined(content);
  if (!Array.isArray(content)) return undefined;
  const texts = content.flatMap((part: unknown) => {
    const text = typeof part === 'object' && part !== null ? (part as { text?: unknown }).text : undefined;
    return typeof text === 'string' ? [text] : [];
  });
  return textOrUndefined(texts.join(''));
}

function textOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
