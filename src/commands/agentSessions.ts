import { agentSessionRow, sortSessions, type AgentSessionRow, type AgentSessionsReport } from '../core/report/agentSessionsReport.js';
import { catalogPricesOn, usageReport } from '../core/report/usageReport.js';
import { InputError } from '../core/errors.js';
import { sanitizeLine } from '../core/sanitize.js';
import { agentLogRoots, findAgentSessions, findSessionById, TOOL_FORMATS, type AgentTool } from '../io/usageLogs/agentSessions.js';

export { AGENT_TOOLS } from '../io/usageLogs/agentSessions.js';

/** Every session of the tools asked for, read and priced; a file that cannot be read is listed with its problem. */
export async function agentSessionsReport(tools: readonly AgentTool[], env: NodeJS.ProcessEnv = process.env): Promise<AgentSessionsReport> {
  const { readUsageLogs } = await import('../io/usageLogs/usageLogFile.js');
  const rows: AgentSessionRow[] = [];
  for (const tool of tools) {
    for (const session of findAgentSessions(tool, env)) {
      try {
        const { logs, warnings } = readUsageLogs(session.path, { format: TOOL_FORMATS[tool] });
        const report = usageReport({ logs, pricesOn: catalogPricesOn, warnings });
        rows.push(agentSessionRow(tool, session.id, session.path, session.modified, report, logs[0]?.project));
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        rows.push({ tool, id: session.id, path: session.path, date: session.modified.toISOString(), project: null, model: null, calls: 0, cost: 0, unpricedCalls: 0, problem: error.message });
      }
    }
  }
  return { tools, roots: tools.flatMap((tool) => agentLogRoots(tool, env)), sessions: sortSessions(rows) };
}

/**
 * A path as given, the call log of a proxy session an id from `sessions` names, or the session
 * file an id from `sessions --all` names (a unique prefix will do). A name that is none of these
 * is left as it is: the reader says it does not exist.
 */
export async function sessionPathFor(file: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const { existsSync } = await import('node:fs');
  if (existsSync(file) || file.includes('/') || !/^[\w.-]{6,}$/.test(file)) return file;
  const { findCallLogs } = await import('../io/callLog.js');
  const { stateDirectory } = await import('../io/journal.js');
  const logs = findCallLogs(file, stateDirectory(env));
  if (logs.length === 1) return logs[0]!;
  if (logs.length > 1) throw new InputError(`session id "${sanitizeLine(file)}" matches ${logs.length} proxy sessions: give more of it (see: context-accountant sessions)`);
  const found = findSessionById(file, undefined, env);
  if (found.length === 1) return found[0]!.path;
  if (found.length > 1) throw new InputError(`session id "${sanitizeLine(file)}" matches ${found.length} sessions: give more of it (see: context-accountant sessions --all)`);
  return file;
}
