import type { Command } from 'commander';
import { sanitizeLine } from '../core/sanitize.js';
import type { SessionSummary } from '../io/journal.js';
import { printReport, withExample, type OutputFlags } from './commandKit.js';
import { formatTable } from '../core/report/conversationReport.js';

export interface SessionsReport {
  readonly directory: string;
  readonly sessions: readonly SessionSummary[];
}

/** The journal reader (and zod, which validates it) is loaded by this command only, not at every start. */
export async function sessionsReport(directory?: string): Promise<SessionsReport> {
  const { listSessions, stateDirectory } = await import('../io/journal.js');
  const dir = directory ?? stateDirectory();
  return { directory: dir, sessions: listSessions({ dir }) };
}

/** "2026-11-25 18:24:55Z": UTC, to the second (the journal reader has checked it is an ISO time; sanitized all the same). */
function when(iso: string | undefined): string {
  return iso === undefined ? '-' : sanitizeLine(`${iso.slice(0, 19).replace('T', ' ')}Z`);
}

export function formatSessions({ directory, sessions }: SessionsReport): string {
  const where = sanitizeLine(directory);
  if (sessions.length === 0) return `No sessions yet in ${where}\n`;
  // Every field comes from a file in the state directory: each is sanitized, whatever checked it before.
  const rows = sessions.map((s) => [
    sanitizeLine(s.id),
    when(s.started),
    sanitizeLine(s.model ?? '-'),
    s.problem === undefined && s.messages !== null ? String(s.messages) : '?',
    when(s.lastActivity),
  ]);
  const table = formatTable(['id', 'started', 'model', 'messages', 'last activity'], rows, [false, false, false, true, false]);
  // Journals are files: their problems quote them, so they are sanitized like any other input.
  const notes = sessions.flatMap((s) => (s.problem === undefined ? s.warnings : [`cannot load: ${s.problem}`]).map(sanitizeLine));
  const count = `${sessions.length} session${sessions.length === 1 ? '' : 's'} in ${where}`;
  return `${table}\n\n${[...notes, count].join('\n')}\n`;
}

export function registerSessions(program: Command): void {
  withExample(program.command('sessions'), 'context-accountant sessions --json')
    .description('saved dashboard sessions (journals), most recent first')
    .option('--json', 'print the list as JSON')
    .action(async (flags: OutputFlags) => printReport(await sessionsReport(), formatSessions, flags));
}
