import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import type { UsageLogFormat } from '../../core/usage/reportedUsage.js';

/** Which agents' own logs `sessions` looks for. */
export const AGENT_TOOLS = ['claude', 'codex', 'gemini'] as const;
export type AgentTool = (typeof AGENT_TOOLS)[number];

export const TOOL_FORMATS: Readonly<Record<AgentTool, UsageLogFormat>> = { claude: 'claude-code', codex: 'codex', gemini: 'gemini-cli' };

/** One session file an agent wrote, where it is. */
export interface AgentSessionFile {
  readonly tool: AgentTool;
  readonly path: string;
  /** The id the file name carries (Claude Code's session id, Codex's rollout id, gemini-cli's session-… name). */
  readonly id: string;
  readonly modified: Date;
}

type Env = Readonly<Record<string, string | undefined>>;

const home = (env: Env) => env.HOME ?? homedir();

/**
 * Where each tool keeps its sessions: Claude Code in `$CLAUDE_CONFIG_DIR` (a comma-separated list
 * is allowed) or `~/.config/claude` and `~/.claude`, each with `projects/`; Codex in
 * `${CODEX_HOME:-~/.codex}/sessions` and `archived_sessions`; gemini-cli in `~/.gemini/tmp/<hash>/chats`.
 */
export function agentLogRoots(tool: AgentTool, env: Env = process.env): string[] {
  switch (tool) {
    case 'claude': {
      const configured = env.CLAUDE_CONFIG_DIR?.split(',').map((dir) => dir.trim()).filter((dir) => dir !== '');
      const dirs = configured && configured.length > 0 ? configured : [join(env.XDG_CONFIG_HOME ?? join(home(env), '.config'), 'claude'), join(home(env), '.claude')];
      return dirs.map((dir) => join(dir, 'projects'));
    }
    case 'codex': {
      const codexHome = env.CODEX_HOME ?? join(home(env), '.codex');
      return [join(codexHome, 'sessions'), join(codexHome, 'archived_sessions')];
    }
    case 'gemini':
      return [join(home(env), '.gemini', 'tmp')];
  }
}

/** Every session file of a tool under its default locations (Claude Code subagents stay with their session). */
export function findAgentSessions(tool: AgentTool, env: Env = process.env): AgentSessionFile[] {
  const found: AgentSessionFile[] = [];
  for (const root of agentLogRoots(tool, env)) {
    if (!isDirectory(root)) continue;
    for (const path of sessionFiles(tool, root)) found.push({ tool, path, id: idOf(tool, path), modified: statSync(path).mtime });
  }
  return found;
}

function sessionFiles(tool: AgentTool, root: string): string[] {
  switch (tool) {
    case 'claude':
      // <root>/<project>/<session>.jsonl; the <session>/subagents/ files are read with their session.
      return children(root).filter(isDirectory).flatMap((project) => children(project).filter((file) => file.endsWith('.jsonl') && isFile(file)));
    case 'codex':
      return walk(root).filter((file) => /rollout-.*\.jsonl$/.test(basename(file)));
    case 'gemini':
      return children(root)
        .filter(isDirectory)
        .flatMap((project) => (isDirectory(join(project, 'chats')) ? children(join(project, 'chats')) : []))
        .filter((file) => /^session-.*\.jsonl?$/.test(basename(file)) && isFile(file));
  }
}

/** Codex names a rollout `rollout-<time>-<uuid>.jsonl`: the uuid is the session's id. */
function idOf(tool: AgentTool, path: string): string {
  const stem = basename(path).replace(/\.jsonl?$/, '');
  if (tool === 'codex') return /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(stem)?.[1] ?? stem;
  return stem;
}

function children(dir: string): string[] {
  try {
    return readdirSync(dir).sort().map((name) => join(dir, name));
  } catch {
    return []; // unreadable: nothing to list there
  }
}

function walk(dir: string): string[] {
  return children(dir).flatMap((path) => (isDirectory(path) ? walk(path) : isFile(path) ? [path] : []));
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** The session files an id (or a prefix of one) names, among the tools' sessions: by the id their file name carries, as `sessions` lists it. */
export function findSessionById(id: string, tools: readonly AgentTool[] = AGENT_TOOLS, env: Env = process.env): AgentSessionFile[] {
  return tools.flatMap((tool) => findAgentSessions(tool, env)).filter((session) => session.id === id || session.id.startsWith(id));
}
