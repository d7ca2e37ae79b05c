import { findModel } from '../core/catalog.js';
import type { ChatMessage, ToolDefinition } from '../core/chatFormat.js';
import { sanitizeLine } from '../core/sanitize.js';
import type { LoadedSession } from '../io/journal.js';
import type { JournalEvent } from '../io/journalEvents.js';
import { journalRecorder, newSessionRecorder, type SessionRecorder } from '../io/sessionRecorder.js';
import { mergeTools } from '../core/toolDefinitions.js';

/** `--resume [ID]` and `--no-journal`, as commander hands them over. */
export interface SessionFlags {
  /** true for a bare `--resume` (the latest session). */
  readonly resume?: string | boolean;
  /** false with --no-journal. */
  readonly journal?: boolean;
}

/** The session a dashboard starts with: what it resumes, and where it records. */
export interface DashboardSession {
  /** Where every turn is recorded; undefined with --no-journal (or without a terminal). */
  readonly recorder: SessionRecorder | undefined;
  /** A resumed session's messages. */
  readonly history: readonly ChatMessage[];
  /** For each of them, whether it was a queued turn replayed (the replay goes on after it). */
  readonly historyReplayed: readonly boolean[];
  /** The resumed session's tool definitions and those of the file, merged. */
  readonly tools: readonly ToolDefinition[];
  /** The resumed session's model, when the catalog knows it and --model was not given. */
  readonly model: string | undefined;
  /** To show in the dashboard: the resumed journal's warnings, one line each. */
  readonly warnings: readonly string[];
  /** The id of the session resumed. */
  readonly resumed?: string;
}

export interface SessionStart {
  /** The model the command line asked for, and whether it asked (else the resumed session's wins). */
  readonly model: string;
  readonly modelGiven: boolean;
  /** The conversation file replayed, if any: kept in the journal's header. */
  readonly source?: string;
  readonly fileTools: readonly ToolDefinition[];
  /** Where journals live (tests); default the state directory. */
  readonly dir?: string;
}

export function resumeWanted(flags: SessionFlags): string | undefined {
  if (flags.resume === undefined || flags.resume === false) return undefined;
  return flags.resume === true ? 'latest' : flags.resume;
}

/**
 * Resumes the session asked for (writable, or read only with --no-journal, or when `record` is
 * false: no terminal), or prepares a new one whose journal is created by its first turn. The
 * journal reader (and zod, which validates what it reads) loads only to resume: a new session's
 * dashboard draws its first frame without them.
 */
export async function startDashboardSession(flags: SessionFlags, start: SessionStart, record = true): Promise<DashboardSession> {
  const recording = record && flags.journal !== false;
  const wanted = resumeWanted(flags);
  const place = start.dir === undefined ? {} : { dir: start.dir };
  if (wanted === undefined) {
    const preamble: JournalEvent[] = start.fileTools.length > 0 ? [{ type: 'tools', tools: start.fileTools }] : [];
    const recorder = recording
      ? newSessionRecorder({ model: start.model, ...(start.source !== undefined && { source: start.source }), preamble, ...place })
      : undefined;
    return { recorder, history: [], historyReplayed: [], tools: start.fileTools, model: undefined, warnings: [] };
  }
  const { loadSession, resumeJournal } = await import('../io/journal.js');
  let session: LoadedSession;
  let recorder: SessionRecorder | undefined;
  if (recording) {
    const resumed = resumeJournal(wanted, { model: start.model, ...place });
    session = resumed.session;
    recorder = journalRecorder(resumed.journal);
  } else {
    session = loadSession(wanted, place);
  }
  try {
    return resumed(session, start, recorder);
  } catch (error) {
    recorder?.close();
    throw error;
  }
}

function resumed(session: LoadedSession, start: SessionStart, recorder: SessionRecorder | undefined): DashboardSession {
  const warnings = [...session.warnings];
  const known = session.model !== undefined && findModel(session.model) !== undefined;
  if (session.model !== undefined && !known) {
    warnings.push(`the session's model "${sanitizeLine(session.model)}" is not in the catalog; using ${start.model}`);
  }
  const model = start.modelGiven || !known ? undefined : session.model;
  const tools = mergeTools(session.tools, start.fileTools);
  // What differs from the journal is recorded now, so a later resume starts where this one does.
  if (model === undefined && session.model !== start.model) recorder?.record({ type: 'model', id: start.model });
  if (tools !== session.tools) recorder?.record({ type: 'tools', tools });
  return { recorder, history: session.messages, historyReplayed: session.replayed, tools, model, warnings, resumed: session.id };
}
