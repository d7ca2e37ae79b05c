// Drives programs in a real terminal, tmux, on a socket of its own (-L) so that parallel runs and a
// user's own tmux never meet, and reads what the terminal drew (capture-pane). Waiting is by
// polling the screen for what a step should show, never by a fixed sleep.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

export class Tmux {
  readonly socket = `ca-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  readonly dir = mkdtempSync(join(tmpdir(), 'ca-tmux-'));

  run(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }

  /** A window of `columns` x `rows` running `command` (a shell line) in `cwd`. */
  start(name: string, columns: number, rows: number, command: string, cwd: string): void {
    this.run('new-session', '-d', '-s', name, '-x', String(columns), '-y', String(rows), '-c', cwd, command);
    // The window keeps its size whatever client attaches (none does).
    this.run('set-option', '-t', name, 'window-size', 'manual');
  }

  /** The screen, one string per row, as the terminal holds it (trailing blanks trimmed). */
  screen(name: string): string[] {
    return this.run('capture-pane', '-p', '-t', name).replace(/\n$/, '').split('\n');
  }

  /** The screen with wrapped rows joined: fewer rows than `screen` when a row ran past the right edge. */
  joinedScreen(name: string): string[] {
    return this.run('capture-pane', '-p', '-J', '-t', name).replace(/\n$/, '').split('\n');
  }

  type(name: string, text: string): void {
    this.run('send-keys', '-t', name, '-l', text);
  }

  key(name: string, key: string): void {
    this.run('send-keys', '-t', name, key);
  }

  /** A terminal paste: bracketed (`-p`) when the program turned bracketed paste on. */
  paste(name: string, text: string): void {
    const file = join(this.dir, 'paste.txt');
    writeFileSync(file, text);
    this.run('load-buffer', '-b', 'paste', file);
    this.run('paste-buffer', '-p', '-d', '-b', 'paste', '-t', name);
  }

  /** Polls the screen until `ready` holds for it, and returns it; throws with the last screen if it never does. */
  async waitFor(name: string, ready: (screen: string[]) => boolean, what: string, timeoutMs = 20_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    let screen: string[] = [];
    while (Date.now() < deadline) {
      screen = this.screen(name);
      if (ready(screen)) return screen;
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    throw new Error(`tmux: ${what} never showed; the screen was:\n${screen.join('\n')}`);
  }

  /**
   * How many columns this terminal advances for each text: each is written at the start of a row
   * of a fresh window and the cursor's position asked (CSI 6n), by a small program inside tmux.
   */
  async measure(texts: readonly string[]): Promise<Map<string, number>> {
    const input = join(this.dir, 'measure-in.json');
    const output = join(this.dir, 'measure-out.json');
    const probe = join(this.dir, 'probe.mjs');
    writeFileSync(input, JSON.stringify(texts));
    writeFileSync(probe, PROBE);
    this.start('measure', 200, 5, `node ${probe} ${input} ${output}; sleep 30`, this.dir);
    const deadline = Date.now() + 20_000;
    while (!existsSync(output) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 40));
    if (!existsSync(output)) throw new Error(`tmux: the width probe wrote nothing; its screen:\n${this.screen('measure').join('\n')}`);
    this.run('kill-session', '-t', 'measure');
    return new Map(JSON.parse(readFileSync(output, 'utf8')) as [string, number][]);
  }

  close(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

// Runs inside tmux: writes each text at column 0 and reads back where the cursor went.
const PROBE = `
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
const texts = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const results = [];
let pending = '';
let index = -1;
process.stdin.setRawMode(true);
const next = () => {
  index++;
  if (index === texts.length) {
    writeFileSync(process.argv[3] + '.tmp', JSON.stringify(results));
    renameSync(process.argv[3] + '.tmp', process.argv[3]);
    process.exit(0);
  }
  process.stdout.write('\\r\\x1b[2K' + texts[index] + '\\x1b[6n');
};
process.stdin.on('data', (data) => {
  pending += data.toString();
  const match = /\\x1b\\[(\\d+);(\\d+)R/.exec(pending);
  if (match) {
    pending = '';
    results.push([texts[index], Number(match[2]) - 1]);
    next();
  }
});
next();
`;
