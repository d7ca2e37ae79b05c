// `node bench/proxyDashboard.mjs [--seconds 30] [--concurrency 200]` (after `npm run build`): is the
// proxy's live dashboard responsive while the proxy serves 200 streams at once (issue 21)? The bin
// as a user starts it, `context-accountant proxy`, in a 120x40 pseudo-terminal (util-linux
// `script`), its journal on, in front of the local load upstream (test/support/proxyLoad.mjs);
// clients in another process stream Chat Completions requests through it in ten named sessions.
// Tab is pressed every 250 ms: key to frame is from the key written to the terminal to the first
// output holding the frame it asked for ("session k/10" of the next session), so a frame drawn
// anyway for a new call does not count. Measured idle (no load) and under load; then the same load
// through `proxy --json` (no dashboard) for the requests per second without it. Every answer is
// checked to be its own, whole (test/support/proxyLoad.mjs's checks); a failed check exits 1.
// PROXY_BIN=dist/cli.js (unbundled, for readable names) and PROXY_NODE_FLAGS="--cpu-prof" profile it.
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile, runLoad } from '../test/support/proxyLoad.mjs';

const SELF = fileURLToPath(import.meta.url);
const ROOT = join(SELF, '..', '..');
const BIN = join(ROOT, process.env.PROXY_BIN ?? 'dist/context-accountant.js');
const SESSIONS = 10;
const sessionOf = (worker) => `w${worker % SESSIONS}`;
const idle = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const flag = (name, fallback) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : fallback);

if (process.argv[2] === '--client') {
  // The load, in its own process: its outcomes back to the bench.
  process.once('message', async ({ base, concurrency, ms }) => {
    const results = await runLoad({ base, concurrency, durationMs: ms, sessionOf, requestTimeoutMs: 120_000 });
    const outcomes = {};
    for (const { outcome } of results) outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    const ok = results.filter((result) => result.outcome === 'ok');
    process.send({ requests: results.length, outcomes, p50: percentile(ok, 50), p99: percentile(ok, 99) }, () => process.exit(0));
  });
} else {
  await main();
}

function forkRole(script, args) {
  const child = fork(script, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return { child, first: new Promise((resolve) => child.once('message', resolve)) };
}

async function load(base, concurrency, seconds) {
  const { child, first } = forkRole(SELF, ['--client']);
  child.send({ base, concurrency, ms: seconds * 1000 });
  return first;
}

/** The bin in a pseudo-terminal: its screen output (escapes taken out) and a way to type. */
function terminal(args, env) {
  const child = spawn('script', ['-qfec', `stty rows 40 cols 120; exec node ${process.env.PROXY_NODE_FLAGS ?? ''} ${BIN} ${args.join(' ')}`, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
  let raw = '';
  /** Characters dropped off the front of `raw`: marks count from the start of the output. */
  let dropped = 0;
  const watchers = [];
  child.stdout.on('data', (chunk) => {
    raw += chunk.toString('utf8');
    // Only the recent output is kept (a frame is a few kilobytes).
    if (raw.length > 400_000) {
      dropped += raw.length - 200_000;
      raw = raw.slice(-200_000);
    }
    const at = performance.now();
    for (const watcher of [...watchers]) watcher(at);
  });
  const text = (from = 0) => raw.slice(Math.max(0, from - dropped)).replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g, '');
  return {
    child,
    text,
    mark: () => dropped + raw.length,
    /** Resolves with the time the output after `from` first holds `wanted`. */
    until(wanted, from, ms = 20_000) {
      return new Promise((resolve, reject) => {
        const check = (at) => {
          if (!text(from).includes(wanted)) return;
          watchers.splice(watchers.indexOf(check), 1);
          clearTimeout(timer);
          resolve(at);
        };
        const timer = setTimeout(() => {
          watchers.splice(watchers.indexOf(check), 1);
          reject(new Error(`no "${wanted}" within ${ms} ms; screen:\n${text().slice(-3000)}`));
        }, ms);
        watchers.push(check);
        check(performance.now());
      });
    },
    type: (key) => child.stdin.write(key),
  };
}

/** Presses Tab every 250 ms until `done` resolves (or `count` presses): each one's key-to-frame ms. */
async function pressTabs(term, { done, count = Infinity }) {
  const times = [];
  let finished = false;
  void done?.then(() => (finished = true));
  const shown = () => Number([...term.text(term.mark() - 20_000).matchAll(/session (\d+)\/10/g)].at(-1)?.[1] ?? 1);
  let current = shown();
  while (!finished && times.length < count) {
    const next = (current % SESSIONS) + 1;
    const from = term.mark();
    const at = performance.now();
    term.type('\t');
    times.push((await term.until(`session ${next}/10`, from)) - at);
    current = next;
    await idle(250);
  }
  return times;
}

async function main() {
  const seconds = flag('--seconds', 30);
  const concurrency = flag('--concurrency', 200);
  const failures = [];
  const state = mkdtempSync(join(os.tmpdir(), 'ca-proxy-dash-'));
  const upstream = forkRole(join(ROOT, 'bench/proxyLoad.mjs'), ['--upstream', '0']);
  const { url: upstreamUrl } = await upstream.first;
  const port = 18000 + Math.floor(Math.random() * 2000);
  const base = `http://127.0.0.1:${port}`;
  const env = { ...process.env, XDG_STATE_HOME: join(state, 'dashboard'), TERM: 'xterm-256color' };
  const rows = [];
  try {
    const term = terminal(['proxy', '--port', String(port), '--openai-upstream', upstreamUrl], env);
    await term.until('live · 0 calls', 0, 30_000);
    // Every session calls once (so Tab goes round ten), and the process warms up.
    await load(base, concurrency, 2);
    await term.until('session 1/10', 0);
    const loadBefore = os.loadavg()[0];
    const quiet = await pressTabs(term, { count: 40 });
    rows.push({ run: 'dashboard idle (no requests)', keys: quiet, load: [loadBefore, os.loadavg()[0]] });
    const loadStart = os.loadavg()[0];
    const served = load(base, concurrency, seconds);
    const busy = await pressTabs(term, { done: served });
    const withDashboard = await served;
    rows.push({ run: `dashboard while ${concurrency} clients stream for ${seconds} s`, keys: busy, load: [loadStart, os.loadavg()[0]], served: withDashboard });
    term.type('\x03');
    await new Promise((resolve) => term.child.once('exit', resolve));
    if (withDashboard.requests !== withDashboard.outcomes.ok) failures.push(`with the dashboard: ${JSON.stringify(withDashboard.outcomes)}`);

    // The same load, the proxy without its dashboard (`--json`, its lines drained).
    const plain = spawn('node', [BIN, 'proxy', '--json', '--port', String(port + 1), '--openai-upstream', upstreamUrl], { env: { ...env, XDG_STATE_HOME: join(state, 'json') }, stdio: ['ignore', 'pipe', 'pipe'] });
    plain.stdout.resume();
    await new Promise((resolve) => plain.stderr.on('data', (chunk) => String(chunk).includes('listening') && resolve()));
    await load(`http://127.0.0.1:${port + 1}`, concurrency, 2);
    const jsonStart = os.loadavg()[0];
    const without = await load(`http://127.0.0.1:${port + 1}`, concurrency, seconds);
    rows.push({ run: `proxy --json (no dashboard), ${concurrency} clients for ${seconds} s`, keys: [], load: [jsonStart, os.loadavg()[0]], served: without });
    plain.kill('SIGINT');
    if (without.requests !== without.outcomes.ok) failures.push(`--json: ${JSON.stringify(without.outcomes)}`);
  } finally {
    upstream.child.send('stop');
    rmSync(state, { recursive: true, force: true });
  }
  const ms = (n) => (Number.isFinite(n) ? n.toFixed(1) : '-');
  const pct = (values, p) => percentile(values.map((v) => ({ ms: v })), p);
  console.log(`${new Date().toISOString()}, ${os.cpus()[0]?.model} x${os.cpus().length}, Node ${process.version}\n`);
  console.log('| run | Tab presses | key to frame p50 / p99 / max ms | requests | req/s | whole-answer p50 / p99 ms | load avg (start, end) |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const { run, keys, load: avg, served } of rows) {
    const keyCell = keys.length > 0 ? `${ms(pct(keys, 50))} / ${ms(pct(keys, 99))} / ${ms(pct(keys, 100))}` : '-';
    const req = served ? `${served.requests} | ${(served.requests / seconds).toFixed(0)} | ${ms(served.p50)} / ${ms(served.p99)}` : '- | - | -';
    console.log(`| ${run} | ${keys.length || '-'} | ${keyCell} | ${req} | ${avg.map((l) => l.toFixed(2)).join(', ')} |`);
  }
  console.log(failures.length === 0 ? '\nEvery answer its own and whole.' : `\nFAILED:\n${failures.join('\n')}`);
  if (failures.length > 0) process.exitCode = 1;
  process.exit();
}
