// This build against another build of the project (a clone of another branch, built there), in one
// run, interleaved, for a change that should cost nothing (e.g. how the bin is packaged):
//   node bench/against.mjs OTHER_ROOT [runs]
// Prints the dashboard's median keypress-to-frame (bench/child/dashboard.mjs, 1M-token history) for
// this build's child bundled as the bin is, the same bundle with stock Ink (no src/vendor/ink/), and
// OTHER_ROOT's child as OTHER_ROOT's own bench runs it; then the bin's spawn-to-first-frame in a
// pseudo-terminal (bench/firstFrame.mjs) for both roots. Needs both dist/ built.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { nodeBundleOptions } from '../scripts/bundle-options.mjs';
import { binFirstFrame } from './firstFrame.mjs';
import { millionTokenConversation, realLogs, ROOT } from './inputs.mjs';

const [otherArg, runsArg] = process.argv.slice(2);
if (!otherArg) throw new Error('usage: node bench/against.mjs OTHER_ROOT [runs]');
const OTHER = resolve(otherArg);
const runs = Number(runsArg ?? 3);
const tmp = mkdtempSync(join(os.tmpdir(), 'ca-against-'));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// The 1M-token history of bench/run.mjs's dashboard measurement.
const { file, chatFile } = await millionTokenConversation(realLogs().text, tmp);

const child = join(ROOT, 'bench/child/dashboard.mjs');
const withCopies = join(ROOT, 'dist/bench/dashboard.mjs');
await build({ ...nodeBundleOptions(), entryPoints: [child], outfile: withCopies });
// Stock Ink: no copies, only its devtools import emptied (it would need react-devtools-core).
const stock = join(ROOT, 'dist/bench/dashboard-stock-ink.mjs');
const noDevtools = { name: 'no-devtools', setup: (b) => b.onResolve({ filter: /^\.\/devtools\.js$/ }, () => ({ path: 'data:text/javascript,', external: true })) };
await build({ ...nodeBundleOptions(), plugins: [noDevtools], entryPoints: [child], outfile: stock });
const children = {
  'this build': [withCopies, ROOT],
  'this build, stock Ink': [stock, ROOT],
  [OTHER]: [join(OTHER, 'bench/child/dashboard.mjs'), OTHER],
};
const env = { ...process.env };
delete env.CI; // Ink draws only the last frame under CI
const measured = Object.fromEntries(Object.keys(children).map((name) => [name, []]));
for (let run = 0; run < runs; run++) {
  for (const [name, [script, cwd]] of Object.entries(children)) {
    measured[name].push(JSON.parse(execFileSync(process.execPath, [script, file, '40'], { cwd, encoding: 'utf8', env })));
  }
}
for (const [name, results] of Object.entries(measured)) {
  const typing = results.flatMap((m) => m.typing);
  const ctrlN = results.flatMap((m) => m.ctrlN);
  console.log(
    `keypress to frame, ${name}: median typing ${median(typing).toFixed(1)} ms, Ctrl+N ${median(ctrlN).toFixed(1)} ms, all ${median([...typing, ...ctrlN]).toFixed(1)} ms ` +
      `(${runs} processes; showed ${results.map((m) => m.shownTokens).join(', ')} tokens)`,
  );
}

const frames = { 'this build': { root: ROOT }, [OTHER]: { root: OTHER } };
for (let run = 0; run < runs; run++) {
  for (const entry of Object.values(frames)) {
    const { times } = await binFirstFrame({ root: entry.root, runs: 3, conversation: chatFile });
    for (const key of ['demo', 'file', 'bare']) (entry[key] ??= []).push(...times[key]);
  }
}
for (const [name, entry] of Object.entries(frames)) {
  console.log(`bin first frame, ${name}: median --demo ${median(entry.demo).toFixed(0)} ms, 1M-token file ${median(entry.file).toFixed(0)} ms, bare Node ${median(entry.bare).toFixed(0)} ms (${entry.demo.length} runs each)`);
}
rmSync(tmp, { recursive: true, force: true });
