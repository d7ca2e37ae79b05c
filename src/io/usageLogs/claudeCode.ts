import { z } from 'zod';
import { NO_USAGE, type ReportedCall, type UsageLog } from '../../core/usage/reportedUsage.js';
import { countSkipped, isRecord, lineError, readLogLines } from './logLines.js';
import { anthropicUsageSchema, fromAnthropic } from './usageSchemas.js';

/** An `assistant` line of a Claude Code transcript: the part of it a call's bill is read from. */
const assistantLine = z.object({
  type: z.literal('assistant'),
  timestamp: z.string().optional(),
  sessionId: z.string().optional(),
  cwd: z.string().optional(),
  requestId: z.string().optional(),
  isSidechain: z.boolean().optional(),
  agentId: z.string().optional(),
  isApiErrorMessage: z.boolean().optional(),
  /** What Claude Code itself priced the call at (older builds; ccusage's "display" cost mode reads it). */
  costUSD: z.number().nonnegative().nullish(),
  message: z.object({
    id: z.string().optional(),
    model: z.string().optional(),
    usage: anthropicUsageSchema.optional(),
  }),
});

/** Claude Code marks the messages it wrote itself (API errors, interruptions) with this model: no call was billed. */
const SYNTHETIC_MODEL = '<synthetic>';

/** A transcript line: `{"type": "user" | "assistant" | "summary" | ..., ...}`, assistant lines with `message.usage`. */
export function looksLikeClaudeCode(first: unknown): boolean {
  if (!isRecord(first) || typeof first.type !== 'string') return false;
  if (first.type === 'summary' && 'leafUuid' in first) return true;
  return ('sessionId' in first || 'uuid' in first) && ('parentUuid' in first || 'leafUuid' in first || 'isSidechain' in first);
}

/**
 * One call per `message.id` (+ `requestId`): Claude Code writes a call as one line per content
 * block, each repeating the usage, and streaming leaves placeholder output counts on the early
 * ones, so the last line of a call is its bill. Lines of other types are counted, not read.
 * `agent` is the subagent's id when the file is a subagent's (`<session>/subagents/agent-*.jsonl`).
 */
export function readClaudeCode(file: string, text: string, fileAgent?: string): UsageLog {
  const { lines, warnings } = readLogLines(file, text);
  const calls = new Map<string, ReportedCall>();
  const skipped: Record<string, number> = {};
  let sessionId: string | undefined;
  let project: string | undefined;
  let anonymous = 0;
  let repeated = 0;
  for (const { line, data } of lines) {
    const type = isRecord(data) && typeof data.type === 'string' ? data.type : 'untyped';
    if (type !== 'assistant') {
      if (isRecord(data) && typeof data.sessionId === 'string') sessionId ??= data.sessionId;
      countSkipped(skipped, type);
      continue;
    }
    const parsed = assistantLine.safeParse(data);
    if (!parsed.success) throw lineError(file, line, 'a Claude Code assistant line', parsed.error.issues[0]);
    const entry = parsed.data;
    sessionId ??= entry.sessionId;
    project ??= entry.cwd;
    const synthetic = entry.message.model === SYNTHETIC_MODEL || entry.isApiErrorMessage === true;
    if (!entry.message.usage && !synthetic) {
      countSkipped(skipped, 'assistant without usage');
      continue;
    }
    const key = entry.message.id ? `${entry.message.id}\u0000${entry.requestId ?? ''}` : `line ${line} ${anonymous++}`;
    if (calls.has(key)) repeated++;
    const agent = fileAgent ?? (entry.isSidechain ? entry.agentId ?? 'sidechain' : 'main');
    const call: ReportedCall =
      synthetic || !entry.message.usage
        ? { model: undefined, at: entry.timestamp, agent, usage: NO_USAGE, failed: 'an error Claude Code wrote itself (no call billed)' }
        : { model: entry.message.model, at: entry.timestamp, agent, usage: fromAnthropic(entry.message.usage) };
    // A Map keeps a key where it was first set: the call stays in the order it began, with its first timestamp and last usage.
    const earlier = calls.get(key);
    const loggedCost = entry.costUSD ?? earlier?.loggedCost;
    calls.set(key, { ...call, ...(earlier?.at !== undefined && { at: earlier.at }), ...(loggedCost !== undefined && loggedCost !== null && { loggedCost }) });
  }
  if (repeated > 0) warnings.push(`${repeated} line${repeated === 1 ? '' : 's'} repeated a call already read (same message.id): the last usage of each call is kept`);
  return {
    format: 'claude-code',
    calls: [...calls.values()],
    skipped,
    warnings,
    ...(sessionId !== undefined && { sessionId }),
    ...(project !== undefined && { project }),
  };
}
