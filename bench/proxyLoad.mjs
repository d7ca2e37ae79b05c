// `node bench/proxyLoad.mjs [--quick]` (after `npm run build`): the proxy (issue 21) under load.
// 200 clients (50 with --quick) each stream one Chat Completions request after another for 30 s
// (3 s), to a local upstream directly and then through the proxy (journal and call logs on, ten
// named sessions), each in its own process; then the same through the proxy with a tenth of the
// requests dealt a fault by the upstream (reset half-way, silent half-way, a 503, no answer).
// Checked, not just timed: every answer carries its own request's id and is whole (or is the
// fault it was dealt), every request reached the upstream once, every call is in its session's
// call log once. Prints requests per second, latency to the last byte p50/p99 and what the proxy
// adds, the proxy's CPU per call, and the load average; a check that fails exits 1.
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXPECTED_THROUGH_PROXY, percentile, runLoad, startLoadUpstream } from '../test/support/proxyLoad.mjs';

const SELF = fileURLToPath(import.meta.url);
const ROOT = join(SELF, '..', '..');
const role = process.argv[2];

/** A child process (this script in a role) and its first message. */
async function start(args, env = {}) {
  const child = fork(SELF, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const first = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`${args[0]} exited ${code}`)));
  });
  const stop = () => {
    const last = new Promise((resolve) => child.once('message', resolve));
    child.send('stop');
    return last;
  };
  return { url: first.url, stop };
}

const failures = [];
const WARM_UP_MS = 2000;
/** A request without its answer after this long is lost (a slow one is counted in the latencies). */
const CLIENT_TIMEOUT_MS = 120_000;
function check(what, ok) {
  if (!ok) failures.push(what);
}

/** One timed run against `base`; the figures, and the results to check. */
async function timed(label, base, concurrency, seconds, sessionOf, idPrefix = '') {
  const load = os.loadavg()[0];
  process.stderr.write(`${label}...\n`);
  // Warmed up first (a fresh process compiles as it goes), in a session of its own that the checks leave out.
  await runLoad({ base, concurrency, durationMs: WARM_UP_MS, sessionOf: sessionOf && (() => 'warm-up'), idPrefix: `warm-${idPrefix}`, requestTimeoutMs: CLIENT_TIMEOUT_MS });
  const results = await runLoad({ base, concurrency, durationMs: seconds * 1000, sessionOf, idPrefix, requestTimeoutMs: CLIENT_TIMEOUT_MS });
  const ok = results.filter((result) => result.outcome === 'ok');
  return { label, results, ok, rps: results.length / seconds, p50: percentile(ok, 50), p99: percentile(ok, 99), max: percentile(ok, 100), load: [load, os.loadavg()[0]] };
}

/** The checks of one run through the proxy: own answers, each call once upstream and once in a call log. */
function checkThroughProxy(label, run, upstreamEnd, proxyEnd) {
  const dealt = new Map(upstreamEnd.dealt);
  const seen = new Map(upstreamEnd.seen);
  const { results } = run;
  check(`${label}: ids unique`, new Set(results.map((r) => r.id)).size === results.length);
  const wrong = results.filter((r) => r.outcome !== EXPECTED_THROUGH_PROXY[dealt.get(r.id) ?? 'none']);
  check(`${label}: every answer its own, whole, or its fault (${wrong.length} not: ${JSON.stringify(wrong.slice(0, 3))})`, wrong.length === 0);
  const own = results.map((r) => seen.get(r.id));
  check(`${label}: each request reached the upstream once`, own.every((n) => n === 1));
  if (!proxyEnd.journal) return faultsOf(dealt, results);
  const records = proxyEnd.sessions.filter((s) => s.client !== 'warm-up').flatMap((s) => (s.callLog ? readFileSync(s.callLog, 'utf8').trim().split('\n').map((line) => JSON.parse(line)) : []));
  const billed = records.filter((r) => r.response).map((r) => r.response.id).sort();
  const okIds = run.ok.map((r) => `chatcmpl-${r.id}`).sort();
  check(`${label}: the call logs hold every call once (${records.length} lines for ${results.length} calls)`, records.length === results.length);
  check(`${label}: every whole answer billed once`, JSON.stringify(billed) === JSON.stringify(okIds));
  return faultsOf(dealt, results);
}

function faultsOf(dealt, results) {
  const faults = {};
  for (const { id } of results) faults[dealt.get(id) ?? 'none'] = (faults[dealt.get(id) ?? 'none'] ?? 0) + 1;
  return faults;
}

async function main() {
  const quick = process.argv.includes('--quick');
  const flag = (name, fallback) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : fallback);
  const concurrency = flag('--concurrency', quick ? 50 : 200);
  const seconds = flag('--seconds', quick ? 3 : 30);
  const state = mkdtempSync(join(os.tmpdir(), 'ca-proxy-load-'));
  const sessions = (worker) => `w${worker % 10}`;
  const rows = [];
  const runs = [];
  try {
    // Per call, one client at a time (what the proxy adds to one request); then all the clients.
    // --faults-only: the run with faults alone (what finding a fault's cause needs, without the rest).
    for (const [clients, time] of process.argv.includes('--faults-only') ? [] : [
      [1, quick ? 2 : 5],
      [concurrency, seconds],
    ]) {
      const upstream = await start(['--upstream', '0']);
      const direct = await timed(`${clients} client${clients === 1 ? '' : 's'}, direct`, upstream.url, clients, time, undefined, 'direct-');
      rows.push([direct]);
      for (const journal of ['journal', 'no-journal']) {
        const proxy = await start(['--proxy', upstream.url, '600000', journal], { XDG_STATE_HOME: join(state, `${clients}-${journal}`) });
        const through = await timed(`${clients} client${clients === 1 ? '' : 's'}, through the proxy (${journal === 'journal' ? 'journal and call logs' : '--no-journal'})`, proxy.url, clients, time, sessions, `${journal}-`);
        const proxyEnd = await proxy.stop();
        rows.push([through, direct, proxyEnd]);
        runs.push([`${clients} clients, ${journal}`, through, proxyEnd]);
      }
      const upstreamEnd = await upstream.stop();
      for (const [label, through, proxyEnd] of runs.splice(0)) checkThroughProxy(label, through, upstreamEnd, proxyEnd);
    }
    {
      const upstream = await start(['--upstream', '0.1']);
      const proxy = await start(['--proxy', upstream.url, '10000', 'journal'], { XDG_STATE_HOME: join(state, 'faults') });
      const through = await timed(`${concurrency} clients through the proxy, 10% faults (timeout 10 s)`, proxy.url, concurrency, seconds, sessions);
      const proxyEnd = await proxy.stop();
      const faults = checkThroughProxy('with faults', through, await upstream.stop(), proxyEnd);
      rows.push([through, undefined, proxyEnd, faults]);
    }
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
  const ms = (n) => (Number.isFinite(n) ? n.toFixed(2) : '-');
  console.log(`${new Date().toISOString()}, ${os.cpus()[0]?.model} x${os.cpus().length}, Node ${process.version}\n`);
  console.log('| run | requests | req/s | p50 ms | p99 ms | max ms | added p50 / p99 ms | inside the proxy p50 / p99 / max ms | proxy CPU per call | load avg (start, end) |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [run, direct, proxyEnd, faults] of rows) {
    const added = direct ? `${ms(run.p50 - direct.p50)} / ${ms(run.p99 - direct.p99)}` : '-';
    const cpu = proxyEnd ? `${ms(proxyEnd.cpuMs / run.results.length)} ms` : '-';
    const label = faults ? `${run.label}: ${Object.entries(faults).map(([k, v]) => `${k} ${v}`).join(', ')}` : run.label;
    const inside = proxyEnd ? `${ms(proxyEnd.inside.p50)} / ${ms(proxyEnd.inside.p99)} / ${ms(proxyEnd.inside.max)}` : '-';
    console.log(`| ${label} | ${run.results.length} | ${run.rps.toFixed(0)} | ${ms(run.p50)} | ${ms(run.p99)} | ${ms(run.max)} | ${added} | ${inside} | ${cpu} | ${run.load.map((l) => l.toFixed(2)).join(', ')} |`);
  }
  // The slowest whole answers of each run, and when in the run they were sent: a tail that is
  // the first requests of the run is not one spread over it.
  console.log('\nSlowest whole answers (id: ms, sent at ms into the run):');
  for (const [run] of rows) {
    const slow = [...run.ok].sort((a, b) => b.ms - a.ms).slice(0, 5).map((r) => `${r.id}: ${r.ms.toFixed(0)}, ${r.sentAt}`);
    console.log(`- ${run.label}: ${slow.join('; ')}`);
  }
  console.log(failures.length === 0 ? '\nAll checks passed: nothing lost, mixed up or doubled.' : `\nFAILED:\n${failures.join('\n')}`);
  if (failures.length > 0) process.exitCode = 1;
}

// The roles last: main() uses what is declared above.
if (role === '--upstream') {
  const { seeded } = await import(join(ROOT, 'dist/core/seededRandom.js'));
  const upstream = await startLoadUpstream({ faultRate: Number(process.argv[3]), random: seeded(21) });
  process.send({ url: upstream.url });
  process.on('message', async () => {
    await upstream.close();
    // Exit once the message has gone: a big one is still being written when send returns.
    process.send({ dealt: [...upstream.dealt], seen: [...upstream.seen] }, () => process.exit(0));
  });
} else if (role === '--proxy') {
  const { startProxy } = await import(join(ROOT, 'dist/commands/proxyServer.js'));
  const journal = process.argv[5] !== 'no-journal';
  // The proxy's own time per call: from counted (the request event) to its end (booked or failed).
  const began = new Map();
  const spans = [];
  const onEvent = (event) => {
    if (event.type === 'request') began.set(event.call, performance.now());
    else if (event.type === 'booked' || event.type === 'failed') spans.push({ ms: performance.now() - began.get(event.call) });
  };
  const proxy = await startProxy({ port: 0, upstreams: { openai: process.argv[3], anthropic: process.argv[3] }, upstreamTimeoutMs: Number(process.argv[4]), guard: { journal }, onEvent });
  const cpu = process.cpuUsage();
  process.send({ url: proxy.url });
  process.on('message', async () => {
    const used = process.cpuUsage(cpu);
    const sessions = proxy.sessions().map((session) => ({ client: session.client, callLog: session.callLog() }));
    await proxy.close();
    const inside = { p50: percentile(spans, 50), p99: percentile(spans, 99), max: percentile(spans, 100) };
    process.send({ sessions, journal, inside, cpuMs: (used.user + used.system) / 1000 }, () => process.exit(0));
  });
} else {
  await main();
}
