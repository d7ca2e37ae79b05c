// Dashboard latency in the scenarios of issue 17: the real App (built) rendered by Ink to an
// in-memory 160x48 terminal (bench/child/fakeTerminal.mjs), bundled as the bin is
// (bench/latency.mjs builds it into dist/bench/). Usage: node dist/bench/latency.mjs <scenario> <history turns>
//   play       --speed 100 (Ctrl+P) for 5 s: the time between frames, and the turns shown per second
//   pastekey   during play, Ctrl+L (the lesson's log into the draft) then Enter, 5 times: key to frame
//   bracketed  during play, a bracketed paste of a 1 MiB log then Enter, 3 times: key to frame
//   resume     the history as a resumed session hands it over: render() to the whole history counted
//   strategy   Ctrl+S into window, evict-large, summarize and back to keep-all: key to frame, each
//   steps      150 Ctrl+N, each waited for until its turn is counted and drawn: the CPU time a turn
//              costs (the same work in every run, so the figure least swayed by the machine's load)
// Throughout, perf_hooks' monitorEventLoopDelay (1 ms resolution) records how long the event loop
// was blocked, and process.cpuUsage() the CPU time it took. Prints one JSON line: { scenario, historyTurns,
// latencies (ms), maxBlockMs, p99BlockMs, cpuMs, ... }.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { benchMessage, FakeStdin, FakeStdout, idle, loadDashboard, until } from './fakeTerminal.mjs';

const [scenario = 'play', historyArg = '10000'] = process.argv.slice(2);
const historyTurns = Number(historyArg);

const { React, render, App, requireModel, FORMAT_RULES, closeSharedCounterPool } = await loadDashboard();
const { generateLogDump } = await import('../../dist/core/logDump.js');
const { dashboardIo } = await import('../../dist/commands/dashboardIo.js');

const message = benchMessage;
const queueTurns = 2_000;
const history = Array.from({ length: historyTurns }, (_, i) => message(i));
const queue = Array.from({ length: queueTurns }, (_, i) => message(historyTurns + i));

const stdout = new FakeStdout();
const stdin = new FakeStdin();
const screen = () => stdout.last;
// Still at work: counting, loading an encoder, or a strategy's run going on in slices ("window... 43%").
const settled = (s) => !/counting|loading|\.\.\. \d+%/.test(s);
const CTRL = { l: '\x0c', p: '\x10', s: '\x13', enter: '\r' };

const loop = monitorEventLoopDelay({ resolution: 1 });
const started = performance.now();
const instance = render(
  React.createElement(App, { model: requireModel('gpt-4.1'), rule: FORMAT_RULES.cookbook, dump: generateLogDump(8 * 1024), history, queue, speed: 100, io: dashboardIo() }),
  { stdout, stdin, stderr: new FakeStdout(), exitOnCtrlC: false, patchConsole: false },
);
if (scenario === 'resume') loop.enable();
await until(screen, (s) => s.includes(`${historyTurns} messages`) && settled(s), 'the history');
const historyMs = performance.now() - started;
await idle(200);

/** Writes `data` and times it to the next frame (the key's effect drawn). */
async function press(data) {
  const frame = stdout.nextWrite();
  const at = performance.now();
  stdin.write(data);
  return (await frame) - at;
}

const latencies = [];
const result = { scenario, historyTurns };
if (scenario !== 'resume') loop.enable();
// CPU time (user + system, every thread) over what is measured: less swayed by the machine's load than wall time.
const cpuFrom = process.cpuUsage();
if (scenario === 'play' || scenario === 'pastekey' || scenario === 'bracketed') {
  stdin.write(CTRL.p);
  const playFrom = performance.now();
  const framesFrom = stdout.frames.length;
  if (scenario === 'play') await idle(5_000);
  else {
    const big = `\x1b[200~${generateLogDump(1024 * 1024)}\x1b[201~`;
    for (let i = 0; i < (scenario === 'pastekey' ? 5 : 3); i++) {
      await idle(300);
      latencies.push(await press(scenario === 'pastekey' ? CTRL.l : big));
      await idle(300);
      latencies.push(await press(CTRL.enter));
    }
  }
  const seconds = (performance.now() - playFrom) / 1000;
  const frames = stdout.frames.slice(framesFrom);
  result.frameIntervals = frames.slice(1).map((at, i) => at - frames[i]);
  const applied = Number(/turn (\d+)\//.exec(screen())?.[1] ?? 0);
  result.turnsPerSecond = applied / seconds;
  result.frames = frames.length;
  result.asked = 100;
} else if (scenario === 'steps') {
  const steps = 150;
  for (let i = 1; i <= steps; i++) {
    const at = performance.now();
    stdin.write('\x0e');
    await until(screen, (s) => s.includes(`turn ${i}/`) && settled(s), `turn ${i}`);
    latencies.push(performance.now() - at);
    await idle(40); // past Ink's frame throttle: each turn drawn on its own
  }
  result.steps = steps;
} else if (scenario === 'strategy') {
  for (const name of ['window', 'evict-large', 'summarize', 'keep-all']) {
    await idle(300);
    const at = performance.now();
    latencies.push(await press(CTRL.s));
    // The key's frame may come before the run is shown: the time to the strategy's figures shown too.
    await until(screen, (s) => s.includes(name) && settled(s), `strategy ${name}`);
    (result.shownMs ??= {})[name] = performance.now() - at;
  }
}
loop.disable();
const cpu = process.cpuUsage(cpuFrom);
result.cpuMs = (cpu.user + cpu.system) / 1000;
result.historyMs = historyMs;
result.latencies = latencies;
result.maxBlockMs = loop.max / 1e6;
result.p99BlockMs = loop.percentile(99) / 1e6;
instance.unmount();
await closeSharedCounterPool();
console.log(JSON.stringify(result));
process.exit(0);
