// The first frame as a user gets it: the bin (dist/context-accountant.js, the bundle `npm start`
// runs) started with --demo in a real pseudo-terminal of 160x48, timed from spawn to the first
// output holding the frame's "Conversation" panel title. util-linux `script` provides the
// terminal, so the figure includes starting `script` and a shell (`bare node` times that harness
// around a Node that only prints the marker). Ctrl+C then ends each run, as a user would.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const MARK = 'Conversation';

/** Whether util-linux `script` (with -e and -c) is here. */
export function canRunInTerminal() {
  const probe = spawnSync('script', ['-qec', 'true', '/dev/null'], { stdio: 'ignore' });
  return probe.status === 0;
}

function timeToMark(command, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('script', ['-qfec', `stty rows 48 cols 160; exec ${command}`, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
    let seen = '';
    let at;
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      if (at === undefined && seen.includes(MARK)) {
        at = performance.now() - started;
        child.stdin.write('\x03');
      }
    });
    child.on('exit', () => {
      clearTimeout(guard);
      if (at === undefined) reject(new Error(`no frame from: ${command}\n${seen.slice(-500)}`));
      else resolve(at);
    });
  });
}

/**
 * Spawn-to-first-frame times (ms), `runs` of each, interleaved: the bin with --demo, the bin with
 * `conversation` (a file of turns to replay, read and validated before the first frame), and a
 * bare Node in the same harness.
 */
export async function binFirstFrame({ root, runs, conversation }) {
  const state = mkdtempSync(join(os.tmpdir(), 'ca-bench-state-'));
  // Its own state folder: the demo's journal never lands in the user's sessions.
  const env = { ...process.env, XDG_STATE_HOME: state, TERM: 'xterm-256color' };
  delete env.CI;
  delete env.NO_COLOR;
  const node = JSON.stringify(process.execPath);
  const bin = `${node} ${JSON.stringify(join(root, 'dist/context-accountant.js'))}`;
  const commands = {
    demo: `${bin} --demo`,
    file: `${bin} ${JSON.stringify(conversation)} --model gpt-4.1`,
    bare: `${node} -e "process.stdout.write('${MARK}'); process.stdin.setRawMode(true); process.stdin.on('data', () => process.exit())"`,
  };
  const times = { demo: [], file: [], bare: [] };
  try {
    for (let i = 0; i < runs; i++) {
      for (const [name, command] of Object.entries(commands)) times[name].push(await timeToMark(command, env));
    }
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
  return { times, runs };
}
