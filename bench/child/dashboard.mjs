// The dashboard's latency: the real App (built, dist/ui/App.js) rendered by Ink in this process to a
// fake terminal (an in-memory stdout of 160x48 and a stdin we write keys to), Ink's normal mode
// (log-update, 30 fps throttle), not ink-testing-library's debug mode. bench/run.mjs runs it bundled
// as the bin is (dist/bench/dashboard.mjs), so that Ink has the bin's frame caches (src/vendor/ink/).
// Usage: node dist/bench/dashboard.mjs <conversation.json> <presses>. Prints one JSON line:
//   importMs     process start (performance.timeOrigin) -> App, Ink and React imported
//   firstFrameMs render() called -> first frame written (the history is parsed before, not counted)
//   fromStartMs  process start -> first frame written
//   firstFrameLoading  whether that first frame was drawn before the encoder had loaded
//   historyMs    render() -> the history's count shown (no "counting"/"loading" left)
//   stallMs      the longest the event loop was blocked while the history was counted
//   typing/ctrlN each key's time from stdin.write to the next write to stdout (a frame), ms
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { FakeStdin, loadDashboard } from './fakeTerminal.mjs';

const [file, pressesArg] = process.argv.slice(2);
const presses = Number(pressesArg ?? 60);
const { history, queue } = JSON.parse(readFileSync(file, 'utf8'));

// As `context-accountant dashboard` does (src/commands/dashboard.ts): React's production build.
const { React, render, App, requireModel, FORMAT_RULES, closeSharedCounterPool } = await loadDashboard();
const importMs = performance.now();

class Stdout extends EventEmitter {
  columns = 160;
  rows = 48;
  isTTY = true;
  writes = 0;
  last = '';
  waiters = [];
  write = (chunk) => {
    this.writes++;
    const text = String(chunk).replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
    if (text.trim() !== '') this.last = text; // not a bare cursor show/hide
    const at = performance.now();
    for (const resolve of this.waiters.splice(0)) resolve(at);
    return true;
  };
  nextWrite = () => new Promise((resolve) => this.waiters.push(resolve));
}
const stdout = new Stdout();
const stdin = new FakeStdin();
const stderr = new Stdout();
const idle = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The screen text, as log-update rewrites it in place: the last write with text holds the whole frame.
const screen = () => stdout.last;

const firstWrite = stdout.nextWrite();
const started = performance.now();
const instance = render(
  React.createElement(App, { model: requireModel('gpt-4.1'), rule: FORMAT_RULES.cookbook, dump: 'x', history, queue }),
  { stdout, stdin, stderr, exitOnCtrlC: false, patchConsole: false },
);
const first = await firstWrite;
const firstFrameLoading = screen().includes('loading');

// Event-loop stalls while the history is counted.
let stallMs = 0;
let tick = performance.now();
const probe = setInterval(() => {
  const now = performance.now();
  stallMs = Math.max(stallMs, now - tick - 5);
  tick = now;
}, 5);
const deadline = performance.now() + 60_000;
while (!(screen().includes(' / 1,047,576') && !/counting|loading/.test(screen()))) { if (performance.now() > deadline) { process.stderr.write(`history never shown; screen:\n${screen()}\n`); process.exit(3); } await idle(5); }
const historyMs = performance.now() - started;
clearInterval(probe);
const shownTokens = /([\d,]+) \/ 1,047,576/.exec(screen())?.[1];

async function press(key) {
  await idle(60); // past Ink's 30 fps throttle window, and any count settled
  const frame = stdout.nextWrite();
  const at = performance.now();
  stdin.write(key);
  const noFrame = idle(5_000).then(() => Number.NaN);
  const ms = (await Promise.race([frame, noFrame])) - at;
  if (Number.isNaN(ms)) throw new Error(`no frame within 5 s of the key ${JSON.stringify(key)}`);
  return ms;
}

const typing = [];
const ctrlN = [];
// No spaces: a trailing space can leave the frame unchanged, and Ink writes nothing then.
const letters = 'thequickbrownfoxjumpsoverthelazydog';
for (let i = 0; i < presses; i++) typing.push(await press(letters[i % letters.length]));
for (let i = 0; i < Math.min(presses, queue.length); i++) ctrlN.push(await press('\x0e'));
await idle(100);
const lastScreen = screen();
instance.unmount();
await closeSharedCounterPool();

console.log(
  JSON.stringify({
    importMs,
    firstFrameMs: first - started,
    fromStartMs: first,
    firstFrameLoading,
    historyMs,
    stallMs,
    shownTokens,
    turns: history.length,
    typing,
    ctrlN,
    replayedShown: /turn (\d+)\//.exec(lastScreen)?.[1],
  }),
);
