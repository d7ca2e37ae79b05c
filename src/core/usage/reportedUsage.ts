import type { ChatRequest } from '../toolDefinitions.js';
import type { TurnPart } from './turnText.js';

/**
 * What the API reported one call used, in one convention whatever the provider's: `input` is the
 * uncached part of the prompt, so `input + cacheRead + cacheWrite5m + cacheWrite1h` is the whole
 * prompt; `output` is every output token billed (reasoning included) and `reasoning` the part of
 * it that was reasoning. A cache write reported without its 5-minute / 1-hour split is a 5-minute
 * write, the API's default.
 */
export interface ReportedUsage {
  readonly input: number;
  readonly cacheRead: number;
  readonly cacheWrite5m: number;
  readonly cacheWrite1h: number;
  readonly output: number;
  readonly reasoning: number;
}

export const NO_USAGE: ReportedUsage = { input: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 0, reasoning: 0 };

export const USAGE_FIELDS = ['input', 'cacheRead', 'cacheWrite5m', 'cacheWrite1h', 'output', 'reasoning'] as const;

/** The whole prompt of a call: uncached, read from the cache and written to it. */
export function promptOf(usage: ReportedUsage): number {
  return usage.input + usage.cacheRead + usage.cacheWrite5m + usage.cacheWrite1h;
}

export function addUsage(a: ReportedUsage, b: ReportedUsage): ReportedUsage {
  return {
    input: a.input + b.input,
    cacheRead: a.cacheRead + b.cacheRead,
    cacheWrite5m: a.cacheWrite5m + b.cacheWrite5m,
    cacheWrite1h: a.cacheWrite1h + b.cacheWrite1h,
    output: a.output + b.output,
    reasoning: a.reasoning + b.reasoning,
  };
}

/** Which tool (or application) wrote the log a call was read from. */
export const USAGE_LOG_FORMATS = ['claude-code', 'codex', 'gemini-cli', 'api-log'] as const;
export type UsageLogFormat = (typeof USAGE_LOG_FORMATS)[number];

/** One API call as a log recorded it. */
export interface ReportedCall {
  /** The model the log names; undefined where it names none. */
  readonly model: string | undefined;
  /** When the call was made (ISO 8601), where the log says. */
  readonly at: string | undefined;
  /** Who made the call: "main", or the subagent / sidechain's id. */
  readonly agent: string;
  readonly usage: ReportedUsage;
  /** The window the log itself reports for the call (Codex's `model_context_window`). */
  readonly contextWindow?: number;
  /** The request as sent, where the log holds it (API logs with their request): what we count ourselves. */
  readonly request?: ChatRequest;
  /** Why the call failed (an error line, a non-200 Batch line): it billed nothing. */
  readonly failed?: string;
  /** A line of a Batch results file (OpenAI Batch API, Anthropic Message Batches), keyed by its `custom_id`: billed at the batch price. */
  readonly batchId?: string;
  /** The cost the log itself wrote for the call (older Claude Code builds' `costUSD`), shown beside ours. */
  readonly loggedCost?: number;
  /**
   * What the turn said, where the log keeps the text (Claude Code, Codex, gemini-cli): what was sent
   * new since the previous call (prompts, tool results), then the reply (thinking, text, tool calls).
   */
  readonly turn?: readonly TurnPart[];
}

/** The calls of one log file, with what reading it skipped. */
export interface UsageLog {
  readonly format: UsageLogFormat;
  readonly calls: readonly ReportedCall[];
  /** Lines of types that carry no call (`summary`, `file-history-snapshot`...), by type. */
  readonly skipped: Readonly<Record<string, number>>;
  /** What the reader passed over and the user should know: a torn last line, duplicate records. */
  readonly warnings: readonly string[];
  /** The session's id, where the log names one. */
  readonly sessionId?: string;
  /** The project (working directory) the session ran in, where the log says. */
  readonly project?: string;
}
