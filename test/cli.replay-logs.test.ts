import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/runCli.js';

/** `replay LOG` with no terminal: the bin spawned with pipes prints `report LOG`'s bill, the same figures. */
const LOGS = fileURLToPath(new URL('../fixtures/logs/', import.meta.url));
const CLAUDE_DIR = join(LOGS, 'claude-code/-home-dev-projects-billing');
const CLAUDE = join(CLAUDE_DIR, readdirSync(CLAUDE_DIR).find((name) => name.endsWith('.jsonl'))!);
const CODEX = join(LOGS, 'codex/2026/11/30', readdirSync(join(LOGS, 'codex/2026/11/30'))[0]!);

describe('replay LOG without a terminal', () => {
  it.each([
    ['a Claude Code session', CLAUDE],
    ['a Codex rollout', CODEX],
    ['an API log', join(LOGS, 'api/anthropic-messages.jsonl')],
  ])('prints the same totals as report LOG --json for %s', (_, log) => {
    const replayed = runCli(['replay', log, '--json']);
    const reported = runCli(['report', log, '--json']);
    expect(replayed.status).toBe(0);
    expect(replayed.stderr).toBe('');
    const replay = JSON.parse(replayed.stdout);
    expect(replay.usageTotals).toEqual(JSON.parse(reported.stdout).usageTotals);
    expect(replay.usageTotals.calls).toBeGreaterThan(0);
  });

  it('says on stderr there is no dashboard, and prints the bill as text: $0.043839 for the Claude Code session (fixtures README)', () => {
    const run = runCli(['replay', CLAUDE]);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('not a terminal, so no dashboard');
    expect(run.stdout).toEqual(runCli(['report', CLAUDE]).stdout);
    expect(run.stdout).toContain('$0.044');
  });

  it('refuses a conversation-only flag with one line and exit 2', () => {
    const run = runCli(['replay', CLAUDE, '--budget', '1']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('--budget is for conversation files');
  });
});
