import type { Command } from 'commander';
import { sanitizeLine } from '../core/sanitize.js';
import type { SessionSummary } from '../io/journal.js';
import { printReport, withExample, type OutputFlags } from './commandKit.js';
import { formatTable } from '../core/report/conversationReport.js';
import { formatAgentSessions } from '../core/report/agentSessionsReport.js';
import { AGENT_TOOLS, agentSessionsReport } from './agentSessions.js';

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

interface AgentFlags extends OutputFlags {
  readonly claude?: boolean;
  readonly codex?: boolean;
  readonly gemini?: boolean;
  readonly all?: boolean;
}

export function registerSessions(program: Command): void {
  withExample(program.command('sessions'), 'context-accountant sessions --json', 'context-accountant sessions --claude')
    .description('saved dashboard sessions (journals), most recent first; with --claude, --codex, --gemini or --all, your agents\' own session logs')
    .option('--json', 'print the list as JSON')
    .option('--claude', "Claude Code's sessions ($CLAUDE_CONFIG_DIR, ~/.config/claude, ~/.claude)")
    .option('--codex', "Codex CLI's rollouts (${CODEX_HOME:-~/.codex}/sessions)")
    .option('--gemini', "gemini-cli's chats (~/.gemini/tmp/*/chats)")
    .option('--all', 'every agent above')
    .action(async (flags: AgentFlags) => {
      const tools = AGENT_TOOLS.filter((tool) => flags.all || flags[tool]);
      if (tools.length === 0) return printReport(await sessionsReport(), formatSessions, flags);
      printReport(await agentSessionsReport(tools), formatAgentSessions, flags);
    });
}
