// Replay at scale (issue 17): CPU per dashboard turn with a history of 300 and 30,000 turns, and
// the turns per second `--speed 100` achieves on a 10,000-turn session. Bundles bench/child/replay.mjs
// as the bin is (Ink with its frame caches) into dist/bench/, and runs each figure in a fresh process.
// Usage: npm run build && node bench/replay.mjs [--quick], or npm run bench -- --replay (figures in docs/BENCHMARKS.md)
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const QUICK = process.argv.includes('--quick');

const child = join(ROOT, 'dist/bench/replay.mjs');
const env = { ...process.env };
delete env.CI; // Ink draws only the last frame under CI
const run = (...args) => JSON.parse(execFileSync(process.execPath, ['--max-old-space-size=4096', child, ...args.map(String)], { cwd: ROOT, encoding: 'utf8', env }));

/** Each figure from a fresh process: CPU per Ctrl+N turn at 300 and 30,000 turns of history, --speed 100 at 10,000. */
export async function replayFigures() {
  const { build } = await import('esbuild');
  const { nodeBundleOptions } = await import('../scripts/bundle-options.mjs');
  await build({ ...nodeBundleOptions(), entryPoints: [join(ROOT, 'bench/child/replay.mjs')], outfile: child });
  const figures = {
    step300: run(300, 'step', QUICK ? 10 : 20),
    step30k: run(30_000, 'step', QUICK ? 5 : 10),
    play10k: run(10_000, 'play', QUICK ? 200 : 500),
  };
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await replayFigures();
  console.log(`CPU per turn, 300-turn history:    ${figures.step300.cpuMsPerTurn.toFixed(1)} ms (wall ${figures.step300.wallMsPerTurn.toFixed(1)} ms)`);
  console.log(`CPU per turn, 30,000-turn history: ${figures.step30k.cpuMsPerTurn.toFixed(1)} ms (wall ${figures.step30k.wallMsPerTurn.toFixed(1)} ms)`);
  console.log(`--speed 100 on a 10,000-turn session: ${figures.play10k.turnsPerSecond.toFixed(1)} turns/s (${figures.play10k.turns} turns in ${figures.play10k.seconds.toFixed(1)} s)`);
}
