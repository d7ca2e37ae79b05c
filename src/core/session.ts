import type { ChatMessage, ToolDefinition } from './chatFormat.js';
import type { ConversationReport } from './report/conversationReport.js';

/** What the dashboard appends to its session's journal; the journal stamps each with the time (`at`). */
export type JournalEvent =
  | { readonly type: 'message'; readonly message: ChatMessage }
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
