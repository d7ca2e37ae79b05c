import { z } from 'zod';
import type { ReportedCall, UsageLog } from '../../core/usage/reportedUsage.js';
import { inputText, turnPart, type TurnPart } from '../../core/usage/turnText.js';
import { countSkipped, isRecord, lineError, readLogLines, type LogLine } from './logLines.js';
import { fromGemini, geminiTokensSchema } from './usageSchemas.js';

/** A message record (chatRecordingTypes.ts MessageRecord): `gemini` ones carry `tokens` and `model`. */
const messageRecord = z.object({
  id: z.string().optional(),
  timestamp: z.string().optional(),
  type: z.string(),
  model: z.string().optional(),
  tokens: geminiTokensSchema.nullish(),
  content: z.unknown().optional(),
  thoughts: z.unknown().optional(),
  toolCalls: z.unknown().optional(),
});
type MessageRecord = z.infer<typeof messageRecord>;

/** The whole-session JSON (a ConversationRecord). */
const conversationRecord = z.object({
  sessionId: z.string().optional(),
  projectHash: z.string().optional(),
  kind: z.enum(['main', 'subagent']).optional(),
  messages: z.array(z.unknown()),
});

export function looksLikeGeminiJson(data: unknown): boolean {
  return isRecord(data) && 'projectHash' in data && Array.isArray(data.messages);
}

/** The JSONL form's first line is the session's metadata (sessionId, projectHash). */
export function looksLikeGeminiJsonl(first: unknown): boolean {
  return isRecord(first) && 'sessionId' in first && 'projectHash' in first && !('messages' in first);
}

/** A gemini-cli chat saved whole (`session-*.json`): each `gemini` message with tokens is a call. */
export function readGeminiJson(file: string, data: unknown): UsageLog {
  const parsed = conversationRecord.safeParse(data);
  if (!parsed.success) throw lineError(file, 1, 'a gemini-cli chat', parsed.error.issues[0]);
  const agent = parsed.data.kind === 'subagent' ? 'subagent' : 'main';
  const records = parsed.data.messages.map((message, index) => {
    const record = messageRecord.safeParse(message);
    if (!record.success) throw lineError(file, 1, `a gemini-cli chat, message ${index}`, record.error.issues[0]);
    return record.data;
  });
  return fromRecords(records, agent, [], parsed.data.sessionId, parsed.data.projectHash);
}

/**
 * The JSONL form: metadata, then one record per line; a record whose id was seen replaces it (an
 * update as the reply streams), `{"$rewindTo": id}` drops that message and every later one, and
 * `{"$set": {...}}` updates the metadata.
 */
export function readGeminiJsonl(file: string, text: string): UsageLog {
  const { lines, warnings } = readLogLines(file, text);
  const records = new Map<string, MessageRecord>();
  const skipped: Record<string, number> = {};
  let sessionId: string | undefined;
  let project: string | undefined;
  let kind: string | undefined;
  lines.forEach(({ line, data }: LogLine, index) => {
    if (!isRecord(data)) throw lineError(file, line, 'a gemini-cli record', { path: [], message: 'expected a JSON object' });
    if (typeof data.$rewindTo === 'string') {
      const ids = [...records.keys()];
      const from = ids.indexOf(data.$rewindTo);
      if (from >= 0) for (const id of ids.slice(from)) records.delete(id);
      countSkipped(skipped, '$rewindTo');
      return;
    }
    const meta = isRecord(data.$set) ? data.$set : index === 0 && !('type' in data) ? data : undefined;
    if (meta) {
      if (typeof meta.sessionId === 'string') sessionId = meta.sessionId;
      if (typeof meta.projectHash === 'string') project = meta.projectHash;
      if (typeof meta.kind === 'string') kind = meta.kind;
      countSkipped(skipped, index === 0 && !isRecord(data.$set) ? 'metadata' : '$set');
      return;
    }
    const record = messageRecord.safeParse(data);
    if (!record.success) throw lineError(file, line, 'a gemini-cli message record', record.error.issues[0]);
    records.set(record.data.id ?? `line ${line}`, record.data);
  });
  const log = fromRecords([...records.values()], kind === 'subagent' ? 'subagent' : 'main', warnings, sessionId, project);
  return { ...log, skipped: { ...skipped, ...log.skipped } };
}

function fromRecords(records: readonly MessageRecord[], agent: string, warnings: readonly string[], sessionId?: string, project?: string): UsageLog {
  const calls: ReportedCall[] = [];
  const skipped: Record<string, number> = {};
  // The user's messages since the previous call: the next call's turn begins with them.
  let sent: TurnPart[] = [];
  for (const record of records) {
    if (record.type === 'user') {
      const text = partsText(record.content);
      if (text !== '') sent.push(turnPart('user', text));
    }
    if (record.type !== 'gemini' || !record.tokens) {
      countSkipped(skipped, record.type === 'gemini' ? 'gemini without tokens' : record.type);
      continue;
    }
    const turn = [...sent, ...replyParts(record)];
    sent = [];
    calls.push({ model: record.model, at: record.timestamp, agent, usage: fromGemini(record.tokens), ...(turn.length > 0 && { turn }) });
  }
  return { format: 'gemini-cli', calls, skipped, warnings, ...(sessionId !== undefined && { sessionId }), ...(project !== undefined && { project }) };
}

/** A PartListUnion's text (a string, a part, or parts; a function response's output). */
function partsText(content: unknown): string {
  if (typeof content === 'string') return content;
  const parts = Array.isArray(content) ? content : [content];
  return parts
    .flatMap((part) => {
      if (typeof part === 'string') return [part];
      if (!isRecord(part)) return [];
      if (typeof part.text === 'string') return [part.text];
      const response = isRecord(part.functionResponse) ? part.functionResponse.response : undefined;
      return response === undefined ? [] : [isRecord(response) && typeof response.output === 'string' ? response.output : inputText(response)];
    })
    .join('\n');
}

/** A `gemini` message as turn parts: its thoughts (subject: description), its text, its tool calls and their results. */
function replyParts(record: MessageRecord): TurnPart[] {
  const parts: TurnPart[] = [];
  if (Array.isArray(record.thoughts)) {
    for (const thought of record.thoughts) {
      if (!isRecord(thought)) continue;
      const text = [thought.subject, thought.description].filter((part): part is string => typeof part === 'string' && part !== '').join(': ');
      if (text !== '') parts.push(turnPart('thinking', text));
    }
  }
  const text = partsText(record.content);
  if (text !== '') parts.push(turnPart('assistant', text));
  if (Array.isArray(record.toolCalls)) {
    for (const call of record.toolCalls) {
      if (!isRecord(call)) continue;
      const name = typeof call.name === 'string' ? call.name : 'tool';
      parts.push(turnPart('toolCall', inputText(call.args), name));
      const result = call.result !== undefined && call.result !== null ? partsText(call.result) : typeof call.resultDisplay === 'string' ? call.resultDisplay : '';
      if (result !== '') parts.push(turnPart('toolResult', result, name));
    }
  }
  return parts;
}
