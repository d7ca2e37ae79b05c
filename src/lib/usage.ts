import { z } from 'zod';
import type { ReportedUsage } from '../core/reportedUsagePrice.js';

export type { ReportedUsage } from '../core/reportedUsagePrice.js';

/**
 * The `usage` objects the APIs report, validated where they enter (a proxy or an old SDK may leave
 * fields out; counts must be whole numbers). Field names are the APIs' own:
 * - Chat Completions: `prompt_tokens` includes the cached ones (`prompt_tokens_details.cached_tokens`);
 *   `completion_tokens` includes `completion_tokens_details.reasoning_tokens`.
 * - Responses: `input_tokens` includes `input_tokens_details.cached_tokens`; `output_tokens` includes
 *   `output_tokens_details.reasoning_tokens`.
 * - Anthropic Messages: `input_tokens` is only the input after the last cache breakpoint; cache
 *   reads (`cache_read_input_tokens`) and writes (`cache_creation_input_tokens`, split by
 *   `cache_creation` into 5-minute and 1-hour writes) come on top.
 */
const count = z.number().int().nonnegative();
const optionalCount = count.nullish().transform((value) => value ?? 0);

const chatUsage = z.object({
  prompt_tokens: count,
  completion_tokens: count,
  prompt_tokens_details: z.object({ cached_tokens: optionalCount, cache_write_tokens: optionalCount }).nullish(),
  completion_tokens_details: z.object({ reasoning_tokens: optionalCount }).nullish(),
});

const responsesUsage = z.object({
  input_tokens: count,
  output_tokens: count,
  input_tokens_details: z.object({ cached_tokens: optionalCount, cache_write_tokens: optionalCount }),
  output_tokens_details: z.object({ reasoning_tokens: optionalCount }).nullish(),
});

const anthropicUsage = z.object({
  input_tokens: optionalCount,
  output_tokens: count,
  cache_read_input_tokens: optionalCount,
  cache_creation_input_tokens: optionalCount,
  cache_creation: z.object({ ephemeral_5m_input_tokens: optionalCount, ephemeral_1h_input_tokens: optionalCount }).nullish(),
  output_tokens_details: z.object({ thinking_tokens: optionalCount }).nullish(),
});

const ownUsage = z.object({
  inputTokens: count,
  outputTokens: count,
  cachedTokens: optionalCount,
  cacheWriteTokens: optionalCount,
  cacheWrite1hTokens: optionalCount,
  reasoningTokens: optionalCount,
});

/** Which API a usage object came from. */
export type UsageShape = 'chat' | 'responses' | 'anthropic' | 'own';

/** A usage object that is none of the shapes above, or has a count that is not a whole number. */
export class UsageShapeError extends Error {
  override readonly name = 'UsageShapeError';
}

/**
 * Reads what an API reported into one shape: an OpenAI Chat Completions or Responses `usage`, an
 * Anthropic `usage` (a stream's `message_start` and `message_delta` usage merged), or our own
 * {@link ReportedUsage} (camelCase). Throws {@link UsageShapeError} for anything else.
 */
export function readUsage(raw: unknown): ReportedUsage & { readonly shape: UsageShape } {
  const value = (raw ?? {}) as Record<string, unknown>;
  if ('prompt_tokens' in value) {
    const u = parse(chatUsage, raw, 'chat');
    const details = u.prompt_tokens_details;
    return {
      shape: 'chat',
      inputTokens: u.prompt_tokens,
      outputTokens: u.completion_tokens,
      cachedTokens: details?.cached_tokens ?? 0,
      cacheWriteTokens: details?.cache_write_tokens ?? 0,
      cacheWrite1hTokens: 0,
      reasoningTokens: u.completion_tokens_details?.reasoning_tokens ?? 0,
    };
  }
  if ('input_tokens_details' in value) {
    const u = parse(responsesUsage, raw, 'responses');
    return {
      shape: 'responses',
      inputTokens: u.input_tokens,
      outputTokens: u.output_tokens,
      cachedTokens: u.input_tokens_details.cached_tokens,
      cacheWriteTokens: u.input_tokens_details.cache_write_tokens,
      cacheWrite1hTokens: 0,
      reasoningTokens: u.output_tokens_details?.reasoning_tokens ?? 0,
    };
  }
  if ('input_tokens' in value || 'cache_read_input_tokens' in value) {
    const u = parse(anthropicUsage, raw, 'anthropic');
    const written1h = u.cache_creation?.ephemeral_1h_input_tokens ?? 0;
    const written = u.cache_creation_input_tokens;
    return {
      shape: 'anthropic',
      inputTokens: u.input_tokens + u.cache_read_input_tokens + written,
      outputTokens: u.output_tokens,
      cachedTokens: u.cache_read_input_tokens,
      cacheWriteTokens: Math.max(0, written - written1h),
      cacheWrite1hTokens: Math.min(written, written1h),
      reasoningTokens: u.output_tokens_details?.thinking_tokens ?? 0,
    };
  }
  return { shape: 'own', ...parse(ownUsage, raw, 'own') };
}

function parse<T>(schema: z.ZodType<T>, raw: unknown, shape: UsageShape): T {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'usage';
  throw new UsageShapeError(`usage (${shape === 'own' ? 'no known API shape' : `${shape} shape`}): ${where}: ${issue?.message ?? 'invalid'}`);
}
