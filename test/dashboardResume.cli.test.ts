import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI } from './support/runCli.js';

// The built bin in a real terminal (tmux), killed with SIGKILL mid-replay and resumed.
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const socket = `ca-resume-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });

async function screenUntil(check: (screen: string) => boolean, what: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const screen = tmux('capture-pane', '-p', '-t', 'dash');
    if (check(screen)) return screen;
    if (Date.now() > deadline) throw new Error(`waited 20 s for ${what}; screen:\n${screen}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function open(state: string, ...args: string[]) {
  const command = [`XDG_STATE_HOME=${state}`, 'NO_COLOR=1', process.execPath, CLI, ...args].map((part) => `'${part}'`).join(' ');
  tmux('new-session', '-d', '-s', 'dash', '-x', '120', '-y', '40', `exec env ${command}`);
}

afterEach(() => {
  spawnSync('tmux', ['-L', socket, 'kill-server']);
});

describe.skipIf(!hasTmux)('--demo --resume after kill -9 (the built bin in tmux)', () => {
  it('opens at the turn the replay had reached, 2/12, not 0/12', async () => {
    const state = mkdtempSync(join(tmpdir(), 'ca-resume-cli-'));
    open(state, '--demo');
    await screenUntil((s) => s.includes('turn 0/12'), 'the dashboard');
    tmux('send-keys', '-t', 'dash', 'C-n');
    await screenUntil((s) => s.includes('turn 1/12') && s.includes('#1 user') && !s.includes('counting'), 'turn 1');
    tmux('send-keys', '-t', 'dash', 'C-n');
    await screenUntil((s) => s.includes('turn 2/12') && s.includes('#2 user') && !s.includes('counting'), 'turn 2');
    // The journal's lock holds the writer's pid: the dashboard, not tmux.
    const sessions = join(state, 'context-accountant');
    const lock = readdirSync(sessions).find((name) => name.endsWith('.lock'))!;
    const pid = Number(readFileSync(join(sessions, lock), 'utf8').split(/\s/)[0]);
    process.kill(pid, 'SIGKILL');
    spawnSync('tmux', ['-L', socket, 'kill-server']);
    // Until it is reaped, a killed process still holds its pid (and the lock).
    for (const deadline = Date.now() + 10_000; existsSync(`/proc/${pid}`) && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 50));

    open(state, '--demo', '--resume');
    const resumed = await screenUntil((s) => s.includes('#2 user') && !s.includes('counting'), 'the resumed session');
    expect(resumed).toContain('turn 2/12 · paused');
    expect(resumed).not.toContain('#3 ');
    // Ctrl+N goes on with the third turn, not the first again.
    tmux('send-keys', '-t', 'dash', 'C-n');
    const next = await screenUntil((s) => s.includes('turn 3/12') && !s.includes('counting'), 'turn 3');
    expect(next).toContain('#3 assistant');
  });
});
