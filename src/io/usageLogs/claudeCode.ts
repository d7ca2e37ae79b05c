import { z } from 'zod';
import { NO_USAGE, type ReportedCall, type UsageLog } from '../../core/usage/reportedUsage.js';
import { inputText, turnPart, type TurnPart } from '../../core/usage/turnText.js';
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
    content: z.unknown().optional(),
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
  // What was sent since the previous call (prompts, tool results): the next call's turn begins with it.
  let sent: TurnPart[] = [];
  const toolNames = new Map<string, string>();
  // A resumed session copies earlier lines (same uuid): their text is shown once.
  const seen = new Set<string>();
  const firstTime = (data: Record<string, unknown>) => {
    if (typeof data.uuid !== 'string') return true;
    if (seen.has(data.uuid)) return false;
    seen.add(data.uuid);
    return true;
  };
  for (const { line, data } of lines) {
    const type = isRecord(data) && typeof data.type === 'string' ? data.type : 'untyped';
    if (type !== 'assistant') {
      if (isRecord(data) && typeof data.sessionId === 'string') sessionId ??= data.sessionId;
      if (type === 'user' && isRecord(data) && isRecord(data.message) && firstTime(data)) sent.push(...userParts(data.message.content, toolNames));
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
    // Each line of a call carries one more block of the reply: the turn gathers them.
    const reply = firstTime(data as Record<string, unknown>) ? replyParts(entry.message.content, toolNames) : [];
    const turn = earlier ? [...(earlier.turn ?? []), ...reply] : [...sent, ...reply];
    if (!earlier) sent = [];
    calls.set(key, {
      ...call,
      ...(earlier?.at !== undefined && { at: earlier.at }),
      ...(loggedCost !== undefined && loggedCost !== null && { loggedCost }),
      ...(turn.length > 0 && { turn }),
    });
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

/** A content block's text: a string, or the text blocks of an array (tool results hold either). */
function blocksText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .flatMap((block) => (isRecord(block) && typeof block.text === 'string' ? [block.text] : isRecord(block) && block.type === 'image' ? ['[image]'] : []))
    .join('\n');
}

/** A user line's content: the prompt typed, or the tool results sent back (named by the call they answer). */
function userParts(content: unknown, toolNames: ReadonlyMap<string, string>): TurnPart[] {
  if (typeof content === 'string') return content === '' ? [] : [turnPart('user', content)];
  if (!Array.isArray(content)) return [];
  return content.flatMap((block): TurnPart[] => {
    if (!isRecord(block)) return [];
    if (block.type === 'tool_result') {
      const name = typeof block.tool_use_id === 'string' ? toolNames.get(block.tool_use_id) : undefined;
      return [turnPart('toolResult', blocksText(block.content), name)];
    }
    if (block.type === 'text' && typeof block.text === 'string') return [turnPart('user', block.text)];
    if (block.type === 'image') return [turnPart('user', '[image]')];
    return [];
  });
}

/** An assistant line's content blocks: thinking, text, tool calls (their ids kept to name the results). */
function replyParts(content: unknown, toolNames: Map<string, string>): TurnPart[] {
  if (typeof content === 'string') return content === '' ? [] : [turnPart('assistant', content)];
  if (!Array.isArray(content)) return [];
  return content.flatMap((block): TurnPart[] => {
    if (!isRecord(block)) return [];
    if (block.type === 'text' && typeof block.text === 'string') return [turnPart('assistant', block.text)];
    if (block.type === 'thinking' && typeof block.thinking === 'string') return [turnPart('thinking', block.thinking)];
    if (block.type === 'tool_use') {
      const name = typeof block.name === 'string' ? block.name : 'tool';
      if (typeof block.id === 'string') toolNames.set(block.id, name);
      return [turnPart('toolCall', inputText(block.input), name)];
    }
    return [];
  });
}
