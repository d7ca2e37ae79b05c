import type { JournalEvent, SessionRecorder } from '../core/session.js';
import { openJournal, type Journal, type JournalOptions } from './journalWriter.js';

export type { SessionRecorder } from '../core/session.js';

export interface NewSessionOptions extends JournalOptions {
  /** Written right after the header when the journal is created (the tool definitions of the file replayed). */
  readonly preamble?: readonly JournalEvent[];
}

/** A recorder that can say when what it recorded is on disk (group commit: later than `record`). */
export interface DurableRecorder extends SessionRecorder {
  flushed(): Promise<void>;
}

/** A new session, its journal created on the first event. */
export function newSessionRecorder({ preamble = [], ...options }: NewSessionOptions): DurableRecorder {
  let journal: Journal | undefined;
  let closed = false;
  return {
    id: () => journal?.id,
    record(event) {
      if (closed) throw new Error('session recorder used after close');
      if (!journal) {
        const opened = openJournal(options);
        try {
          for (const early of preamble) opened.append(early);
        } catch (error) {
          opened.close();
          throw error;
        }
        journal = opened;
      }
      journal.append(event);
    },
    flushed: () => journal?.flushed() ?? Promise.resolve(),
    close() {
      closed = true;
      journal?.close();
    },
  };
}

/** An open journal (a resumed session). */
export function journalRecorder(journal: Journal): SessionRecorder {
  return { id: () => journal.id, record: (event) => journal.append(event), close: () => journal.close() };
}
