import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/runCli.js';

const LOGS = fileURLToPath(new URL('../../fixtures/logs/', import.meta.url));

/** The fixtures laid out where each tool keeps its logs: a Claude config dir, a CODEX_HOME and a HOME with ~/.gemini. */
function agentHome() {
  const root = mkdtempSync(join(tmpdir(), 'ca-agents-'));
  const env = { HOME: join(root, 'home'), CLAUDE_CONFIG_DIR: join(root, 'claude'), CODEX_HOME: join(root, 'codex'), XDG_STATE_HOME: join(root, 'state') };
  cpSync(join(LOGS, 'claude-code'), join(env.CLAUDE_CONFIG_DIR, 'projects'), { recursive: true });
  cpSync(join(LOGS, 'codex'), join(env.CODEX_HOME, 'sessions'), { recursive: true });
  mkdirSync(join(env.HOME, '.gemini/tmp/4f2a'), { recursive: true });
  cpSync(join(LOGS, 'gemini/chats'), join(env.HOME, '.gemini/tmp/4f2a/chats'), { recursive: true });
  return env;
}

describe('sessions --claude / --codex / --gemini / --all', () => {
  const env = agentHome();

  it('lists the user\'s own sessions from the default locations, most recent first, with model, calls and spend', () => {
    const run = runCli(['sessions', '--all', '--json'], undefined, env);
    expect(run.status).toBe(0);
    const { sessions } = JSON.parse(run.stdout);
    // The legacy Claude Code session (2025-06-16) is the oldest: last.
    expect(sessions.map((s: { tool: string }) => s.tool)).toEqual(['gemini', 'gemini', 'codex', 'claude', 'claude']);
    expect(sessions[4]).toMatchObject({ project: '/home/dev/projects/legacy', calls: 2 });
    const claude = sessions[3];
    // The session and its subagent: $20,559 + $18,030 + $5,250 per 1M; one call on a model the catalog lacks
    expect(claude).toMatchObject({ project: '/home/dev/projects/billing', model: 'claude-sonnet-4-5-20250929', calls: 5, unpricedCalls: 1 });
    expect(claude.cost).toBeCloseTo(0.043839, 12);
    expect(sessions[2]).toMatchObject({ tool: 'codex', model: 'gpt-5.1-codex', calls: 3, date: '2026-11-30T10:12:00.000Z' });
  });

  it('lists one tool when asked, and leaves the journal listing as it was without a flag', () => {
    const codex = JSON.parse(runCli(['sessions', '--codex', '--json'], undefined, env).stdout);
    expect(codex.sessions.map((s: { tool: string }) => s.tool)).toEqual(['codex']);
    expect(runCli(['sessions'], undefined, env).stdout).toMatch(/^No sessions yet in /);
  });

  it('lets report take a session id from that list (a prefix will do)', () => {
    const { sessions } = JSON.parse(runCli(['sessions', '--codex', '--json'], undefined, env).stdout);
    const report = runCli(['report', sessions[0].id.slice(0, 8), '--json'], undefined, env);
    expect(report.status).toBe(0);
    expect(JSON.parse(report.stdout).usageTotals.calls).toBe(3);
  });

  it('says where it looked when there is nothing', () => {
    const run = runCli(['sessions', '--claude'], undefined, { HOME: '/nonexistent', CLAUDE_CONFIG_DIR: '/nonexistent/claude' });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('No claude sessions in /nonexistent/claude/projects\n');
  });
});
