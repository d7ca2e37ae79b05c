import { formatTokens, formatUsd } from '../format.js';
import { sanitizeLine } from '../sanitize.js';
import { formatTable } from './conversationReport.js';
import type { UsageReport } from './usageReport.js';

/** One of the user's own agent sessions, as `sessions --claude/--codex/--gemini` lists it. */
export interface AgentSessionRow {
  readonly tool: string;
  readonly id: string;
  readonly path: string;
  /** The last call's time, else the file's modification time. */
  readonly date: string;
  readonly project: string | null;
  /** The model of most calls. */
  readonly model: string | null;
  readonly calls: number;
  /** List-price spend of the priced calls. */
  readonly cost: number;
  readonly unpricedCalls: number;
  /** Why the file could not be read, when it could not: listed, not fatal. */
  readonly problem: string | null;
}

export interface AgentSessionsReport {
  readonly tools: readonly string[];
  /** Where the sessions were looked for. */
  readonly roots: readonly string[];
  readonly sessions: readonly AgentSessionRow[];
}

/** A session's row from its usage report. */
export function agentSessionRow(tool: string, id: string, path: string, modified: Date, report: UsageReport, project: string | undefined): AgentSessionRow {
  const lastAt = report.calls.map((call) => call.at).filter((at): at is string => at !== null && !Number.isNaN(Date.parse(at))).sort().at(-1);
  const top = [...report.byModel].filter((group) => group.name !== '(no model named)').sort((a, b) => b.calls - a.calls)[0];
  return {
    tool,
    id,
    path,
    date: lastAt ?? modified.toISOString(),
    project: project ?? null,
    model: top?.name ?? null,
    calls: report.usageTotals.calls,
    cost: report.usageTotals.cost,
    unpricedCalls: report.usageTotals.unpricedCalls,
    problem: null,
  };
}

/** Most recent first. */
export function sortSessions(rows: readonly AgentSessionRow[]): AgentSessionRow[] {
  return [...rows].sort((a, b) => Date.parse(b.date) - Date.parse(a.date) || a.id.localeCompare(b.id));
}

export function formatAgentSessions(report: AgentSessionsReport): string {
  if (report.sessions.length === 0) return `No ${report.tools.join(', ')} sessions in ${report.roots.map(sanitizeLine).join(', ')}\n`;
  const rows = report.sessions.map((s) => [
    sanitizeLine(s.tool),
    sanitizeLine(s.id),
    sanitizeLine(`${s.date.slice(0, 19).replace('T', ' ')}Z`),
    sanitizeLine(s.project ?? '-'),
    sanitizeLine(s.model ?? '-'),
    s.problem === null ? formatTokens(s.calls) : '?',
    s.problem === null ? `${formatUsd(s.cost)}${s.unpricedCalls > 0 ? ` (+${s.unpricedCalls} unpriced)` : ''}` : '?',
  ]);
  const table = formatTable(['tool', 'id', 'date', 'project', 'model', 'calls', 'spend'], rows, [false, false, false, false, false, true, true]);
  const problems = report.sessions.filter((s) => s.problem !== null).map((s) => `cannot read ${sanitizeLine(s.path)}: ${sanitizeLine(s.problem!)}`);
  const footer = `${report.sessions.length} session${report.sessions.length === 1 ? '' : 's'}; report ID prints one call by call`;
  return `${table}\n\n${[...problems, footer].join('\n')}\n`;
}
