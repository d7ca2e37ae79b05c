// Dashboard latency in the scenarios of issue 17 (bench/child/latency.mjs says what each is):
// replay at --speed 100, Ctrl+N turn by turn, the paste key and a bracketed paste of a 1 MiB log during replay, a
// resumed 100,000-message session counted, and Ctrl+S into each strategy on a large history. Each
// scenario in a fresh process, the child bundled as the bin is. Prints a markdown table.
// Usage: npm run build && node bench/latency.mjs [--quick], or npm run bench -- --only latency
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const QUICK = process.argv.includes('--quick');
const child = join(ROOT, 'dist/bench/latency.mjs');
const env = { ...process.env };
delete env.CI; // Ink draws only the last frame under CI

const run = (scenario, turns) =>
  JSON.parse(execFileSync(process.execPath, ['--max-old-space-size=4096', child, scenario, String(turns)], { cwd: ROOT, encoding: 'utf8', env, maxBuffer: 1 << 26 }));

const sorted = (values) => [...values].sort((a, b) => a - b);
const at = (values, p) => sorted(values)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];
const ms = (value) => (value === undefined ? '' : `${value.toFixed(value < 10 ? 1 : 0)} ms`);

/** Each scenario's figures, from a fresh process. */
export async function latencyFigures() {
  const { build } = await import('esbuild');
  const { nodeBundleOptions } = await import('../scripts/bundle-options.mjs');
  await build({ ...nodeBundleOptions(), entryPoints: [join(ROOT, 'bench/child/latency.mjs')], outfile: child });
  const large = QUICK ? 10_000 : 30_000;
  return {
    play: run('play', 10_000),
    steps: run('steps', 10_000),
    pastekey: run('pastekey', 10_000),
    bracketed: run('bracketed', 10_000),
    resume: run('resume', QUICK ? 30_000 : 100_000),
    strategy: run('strategy', large),
  };
}

export function latencyTable(figures) {
  const row = (what, times, figure, extra = '') => [what, ms(at(times, 50)), ms(at(times, 99)), ms(times.length ? Math.max(...times) : undefined), ms(figure.maxBlockMs), extra];
  const rows = [
    row(
      `replay --speed 100, ${figures.play.historyTurns.toLocaleString('en-US')}-turn history (between frames)`,
      figures.play.frameIntervals,
      figures.play,
      `${figures.play.turnsPerSecond.toFixed(1)} turns/s of 100 asked, ${(figures.play.cpuMs / figures.play.frames).toFixed(1)} ms CPU a frame`,
    ),
    row(
      `Ctrl+N, ${figures.steps.steps} turns one by one on that history (key to the turn counted and drawn)`,
      figures.steps.latencies,
      figures.steps,
      `${(figures.steps.cpuMs / figures.steps.steps).toFixed(1)} ms CPU a turn`,
    ),
    row('Ctrl+L (paste the log) and Enter, during that replay (key to frame)', figures.pastekey.latencies, figures.pastekey),
    row('bracketed paste of a 1 MiB log and Enter, during that replay (key to frame)', figures.bracketed.latencies, figures.bracketed),
    row(`resume of a ${figures.resume.historyTurns.toLocaleString('en-US')}-message session: render() to all counted`, [], figures.resume, `${(figures.resume.historyMs / 1000).toFixed(1)} s to counted`),
    row(
      `Ctrl+S into window, evict-large, summarize, keep-all, ${figures.strategy.historyTurns.toLocaleString('en-US')}-turn history (key to frame)`,
      figures.strategy.latencies,
      figures.strategy,
      `shown: ${Object.entries(figures.strategy.shownMs).map(([name, value]) => `${name} ${ms(value)}`).join(', ')}`,
    ),
  ];
  const header = ['scenario', 'p50', 'p99', 'worst', 'longest event-loop block', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((cell, i) => String(cell).padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(latencyTable(await latencyFigures()));
}
