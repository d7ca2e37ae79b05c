import type { ChatMessage, ToolDefinition } from '../../core/chatFormat.js';
import type { JournalEvent } from '../../core/session.js';
import type { CommitMode } from '../../io/journalWriter.js';
import { newSessionRecorder, type DurableRecorder } from '../../io/sessionRecorder.js';

/**
 * A guarded session in the dashboard's journal format, so `context-accountant --resume ID` shows
 * it turn by turn. Each call's conversation is the request's messages and the reply; what the
 * journal already holds is kept, what changed is undone and appended, as the dashboard records it.
 */
export interface GuardJournal {
  id(): string | undefined;
  record(model: string, messages: readonly ChatMessage[], tools: readonly ToolDefinition[]): void;
  /** Resolves once what was recorded so far is on disk. */
  flushed(): Promise<void>;
  close(): void;
}

export function guardJournal(options: { readonly dir?: string; readonly source: string; readonly commit?: CommitMode }): GuardJournal {
  let recorder: DurableRecorder | undefined;
  let journalled: string[] = [];
  let model: string | undefined;
  let tools = '[]';
  return {
    id: () => recorder?.id(),
    record(callModel, messages, callTools) {
      recorder ??= newSessionRecorder({ model: callModel, source: options.source, ...(options.commit !== undefined && { commit: options.commit }), ...(options.dir !== undefined && { dir: options.dir }) });
      model ??= callModel;
      const events: JournalEvent[] = [];
      if (callModel !== model) {
        events.push({ type: 'model', id: callModel });
        model = callModel;
      }
      const toolsText = JSON.stringify(callTools);
      if (toolsText !== tools) {
        events.push({ type: 'tools', tools: callTools });
        tools = toolsText;
      }
      const stored = messages.map(journalMessage);
      const texts = stored.map((message) => JSON.stringify(message));
      let same = 0;
      while (same < journalled.length && same < texts.length && journalled[same] === texts[same]) same++;
      for (let undo = journalled.length; undo > same; undo--) events.push({ type: 'undo' });
      for (const message of stored.slice(same)) events.push({ type: 'message', message });
      for (const event of events) recorder.record(event);
      journalled = texts;
    },
    flushed: () => recorder?.flushed() ?? Promise.resolve(),
    close: () => recorder?.close(),
  };
}

/** The journal keeps the chat roles the dashboard has; a legacy function result is kept as a tool message. */
function journalMessage(message: ChatMessage): ChatMessage {
  const { function_call: _legacy, ...rest } = message;
  return rest.role === 'function' ? { ...rest, role: 'tool' } : rest;
}
