import type { ChatMessage, ToolDefinition } from './chatFormat.js';
import type { ConversationReport } from './report/conversationReport.js';

/** What the dashboard appends to its session's journal; the journal stamps each with the time (`at`). */
export type JournalEvent =
  /** `replayed`: a queued turn applied (Ctrl+N, autoplay), not typed: a resume goes on after it in the queue. */
  | { readonly type: 'message'; readonly message: ChatMessage; readonly replayed?: true }
  | { readonly type: 'undo' }
  | { readonly type: 'model'; readonly id: string }
  /** The tool definitions every later call carries (a file with tools was read), replacing any before. */
  | { readonly type: 'tools'; readonly tools: readonly ToolDefinition[] };

/**
 * What the dashboard records its session through (io's journal implements it). A new session's
 * journal is created by its first event, so opening the dashboard and quitting leaves no empty
 * session behind (which `--resume` would otherwise take for the latest).
 */
export interface SessionRecorder {
  /** The session's id; undefined until the first event has created the journal. */
  id(): string | undefined;
  /** Writes and flushes one event; throws an InputError if the journal cannot be created or written. */
  record(event: JournalEvent): void;
  close(): void;
}

/** A session to export: its messages and the per-turn ledger built from them (one turn per message). */
export interface SessionExport {
  readonly messages: readonly ChatMessage[];
  readonly report: ConversationReport;
}

/**
 * Where a resumed session's replay stands: how many of `queue`'s first turns its history already
 * holds as replayed turns (in order), and which history messages they are. A replayed turn that
 * does not match the queue (another file was replayed) stays in the history as a typed one.
 */
export function resumedReplay(
  history: readonly ChatMessage[],
  replayed: readonly boolean[],
  queue: readonly ChatMessage[],
): { readonly applied: number; readonly fromQueue: readonly boolean[] } {
  let applied = 0;
  const fromQueue = history.map((message, i) => {
    if (!replayed[i] || applied >= queue.length || !sameMessage(message, queue[applied]!)) return false;
    applied++;
    return true;
  });
  return { applied, fromQueue };
}

/** The same message, whatever the key order or absent keys (a journal's copy against the file's). */
function sameMessage(a: ChatMessage, b: ChatMessage): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).filter(([, v]) => v !== undefined).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : inner,
  );
}
