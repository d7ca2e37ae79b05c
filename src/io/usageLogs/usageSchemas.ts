import { z } from 'zod';
import { NO_USAGE, type ReportedUsage } from '../../core/usage/reportedUsage.js';

const count = z.number().int().nonnegative();
const optionalCount = count.nullish().transform((value) => value ?? 0);

/**
 * Anthropic Messages usage (also Claude Code's `message.usage`): input, cache writes and cache reads
 * are separate and add up to the prompt. A write without the 5m / 1h split is a 5-minute write.
 */
export const anthropicUsageSchema = z.object({
  input_tokens: optionalCount,
  output_tokens: optionalCount,
  cache_creation_input_tokens: optionalCount,
  cache_read_input_tokens: optionalCount,
  cache_creation: z.object({ ephemeral_5m_input_tokens: optionalCount, ephemeral_1h_input_tokens: optionalCount }).nullish(),
});

export function fromAnthropic(usage: z.infer<typeof anthropicUsageSchema>): ReportedUsage {
  const oneHour = usage.cache_creation?.ephemeral_1h_input_tokens ?? 0;
  const written = Math.max(usage.cache_creation_input_tokens, (usage.cache_creation?.ephemeral_5m_input_tokens ?? 0) + oneHour);
  return { ...NO_USAGE, input: usage.input_tokens, cacheRead: usage.cache_read_input_tokens, cacheWrite5m: written - oneHour, cacheWrite1h: oneHour, output: usage.output_tokens };
}

/** OpenAI Chat Completions usage: the prompt includes its cached tokens, the completion its reasoning. */
export const chatCompletionsUsageSchema = z.object({
  prompt_tokens: count,
  completion_tokens: optionalCount,
  prompt_tokens_details: z.object({ cached_tokens: optionalCount }).nullish(),
  completion_tokens_details: z.object({ reasoning_tokens: optionalCount }).nullish(),
});

export function fromChatCompletions(usage: z.infer<typeof chatCompletionsUsageSchema>): ReportedUsage {
  const cached = Math.min(usage.prompt_tokens_details?.cached_tokens ?? 0, usage.prompt_tokens);
  return { ...NO_USAGE, input: usage.prompt_tokens - cached, cacheRead: cached, output: usage.completion_tokens, reasoning: usage.completion_tokens_details?.reasoning_tokens ?? 0 };
}

/** OpenAI Responses usage: the same convention as Chat Completions, other names. */
export const responsesUsageSchema = z.object({
  input_tokens: count,
  output_tokens: optionalCount,
  input_tokens_details: z.object({ cached_tokens: optionalCount }).nullish(),
  output_tokens_details: z.object({ reasoning_tokens: optionalCount }).nullish(),
});

export function fromResponses(usage: z.infer<typeof responsesUsageSchema>): ReportedUsage {
  const cached = Math.min(usage.input_tokens_details?.cached_tokens ?? 0, usage.input_tokens);
  return { ...NO_USAGE, input: usage.input_tokens - cached, cacheRead: cached, output: usage.output_tokens, reasoning: usage.output_tokens_details?.reasoning_tokens ?? 0 };
}

/** Codex CLI's TokenUsage (codex-rs/protocol): input includes cached, output includes reasoning. */
export const codexUsageSchema = z.object({
  input_tokens: optionalCount,
  cached_input_tokens: optionalCount,
  output_tokens: optionalCount,
  reasoning_output_tokens: optionalCount,
  total_tokens: optionalCount,
});

export function fromCodex(usage: z.infer<typeof codexUsageSchema>): ReportedUsage {
  const cached = Math.min(usage.cached_input_tokens, usage.input_tokens);
  return { ...NO_USAGE, input: usage.input_tokens - cached, cacheRead: cached, output: usage.output_tokens, reasoning: usage.reasoning_output_tokens };
}

/**
 * gemini-cli's TokensSummary (chatRecordingTypes.ts): `input` is promptTokenCount (cached included),
 * `output` candidatesTokenCount, `thoughts` and `tool` (toolUsePromptTokenCount) apart, each billed
 * (thoughts as output, tool-use prompt as input), as totalTokenCount adds them.
 */
export const geminiTokensSchema = z.object({
  input: optionalCount,
  output: optionalCount,
  cached: optionalCount,
  thoughts: optionalCount,
  tool: optionalCount,
  total: optionalCount,
});

export function fromGemini(tokens: z.infer<typeof geminiTokensSchema>): ReportedUsage {
  const cached = Math.min(tokens.cached, tokens.input);
  return { ...NO_USAGE, input: tokens.input - cached + tokens.tool, cacheRead: cached, output: tokens.output + tokens.thoughts, reasoning: tokens.thoughts };
}
