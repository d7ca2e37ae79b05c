// Replay throughput and CPU per turn: the real App (built) rendered by Ink in this process to a fake
// terminal (160x48, Ink's normal mode), as bench/child/dashboard.mjs does. bench/replay.mjs runs it
// bundled as the bin is. Usage: node dist/bench/replay.mjs <history turns> <mode> [turns]
//   mode "step": Ctrl+N `turns` times (default 20), each waited for until shown (counted);
//                prints the CPU time (user + system) and wall time per turn.
//   mode "play": Ctrl+P at --speed 100 for `turns` / 100 s (default 500 turns: 5 s); prints the
//                turns shown per second, against the 100 asked.
// The history (`history turns` messages, alternately user and assistant, ~40 tokens each) is a
// resumed session's, counted before the measurement starts.
import { performance } from 'node:perf_hooks';
import { benchMessage, FakeStdin, FakeStdout, idle, loadDashboard, until as waitUntil } from './fakeTerminal.mjs';

const [historyArg, mode = 'step', turnsArg] = process.argv.slice(2);
const historyTurns = Number(historyArg ?? 300);
const turns = Number(turnsArg ?? (mode === 'play' ? 500 : 20));

const { React, render, App, requireModel, FORMAT_RULES, closeSharedCounterPool } = await loadDashboard();

const message = benchMessage;
const history = Array.from({ length: historyTurns }, (_, i) => message(i));
const queue = Array.from({ length: turns }, (_, i) => message(historyTurns + i));

const stdout = new FakeStdout();
const stdin = new FakeStdin();
const screen = () => stdout.last;
const until = (check, what, ms) => waitUntil(screen, check, what, ms);
const settled = (s) => !/counting|loading/.test(s);

const instance = render(
  React.createElement(App, { model: requireModel('gpt-4.1'), rule: FORMAT_RULES.cookbook, dump: 'x', history, queue, speed: 100 }),
  { stdout, stdin, stderr: new FakeStdout(), exitOnCtrlC: false, patchConsole: false },
);
await until((s) => s.includes(`turn 0/${turns}`) && s.includes(`${historyTurns} messages`) && settled(s), 'the history');
await idle(100);

let result;
if (mode === 'step') {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  for (let k = 1; k <= turns; k++) {
    stdin.write('\x0e');
    await until((s) => s.includes(`turn ${k}/${turns}`) && s.includes(`${historyTurns + k} messages`) && settled(s), `turn ${k}`);
  }
  const used = process.cpuUsage(cpu);
  result = { historyTurns, mode, turns, cpuMsPerTurn: (used.user + used.system) / 1000 / turns, wallMsPerTurn: (performance.now() - wall) / turns };
} else {
  const wall = performance.now();
  stdin.write('\x10');
  await until((s) => s.includes(`turn ${turns}/${turns}`) && settled(s), 'the last turn', 600_000);
  const seconds = (performance.now() - wall) / 1000;
  result = { historyTurns, mode, turns, seconds, turnsPerSecond: turns / seconds, asked: 100 };
}
instance.unmount();
await closeSharedCounterPool();
console.log(JSON.stringify(result));
