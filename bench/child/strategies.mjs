// One strategy (or `compare`, every strategy with one count ledger) on a generated conversation of
// TURNS turns, in a fresh process: prints {cpuMs, wallMs, maxRssMB, messages} as JSON.
// Usage: node bench/child/strategies.mjs STRATEGY|compare TURNS
import { join } from 'node:path';
import { ROOT } from '../inputs.mjs';

const [what, turnsArg] = process.argv.slice(2);
const turns = Number(turnsArg);
const { loadTokenizer } = await import(join(ROOT, 'dist/core/tokenizer.js'));
const { requireModel } = await import(join(ROOT, 'dist/core/catalog.js'));
const { runStrategy } = await import(join(ROOT, 'dist/core/strategies/runStrategy.js'));
const { runAllStrategies } = await import(join(ROOT, 'dist/core/strategies/compareStrategies.js'));
const { compareReport } = await import(join(ROOT, 'dist/commands/compare.js'));
const { strategyReport } = await import(join(ROOT, 'dist/core/report/strategyReport.js'));

/**
 * A support chat: short questions and answers, and every 10th user turn a pasted log of ~1,500
 * tokens (evict-large's case), each paste its own text so nothing is counted from a cache of texts.
 */
function conversation(n) {
  const messages = [{ role: 'system', content: 'You are a support engineer. Answer briefly.' }];
  for (let i = 0; i < n; i++) {
    const paste = i % 10 === 0
      ? `\n${Array.from({ length: 60 }, (_, line) => `2026-11-${String((i % 28) + 1).padStart(2, '0')} 10:${String(line % 60).padStart(2, '0')} ERROR conn ${i}-${line} refused by 10.0.${line}.${i % 250}`).join('\n')}`
      : '';
    messages.push({ role: 'user', content: `Turn ${i}: why does job ${i * 7} fail?${paste}` });
    messages.push({ role: 'assistant', content: `Job ${i * 7} fails because its connection ${i % 13} is refused; retry after ${i % 60} s.` });
  }
  return messages;
}

const messages = conversation(turns);
const model = requireModel('gpt-4.1');
const { count } = await loadTokenizer(model.encoding);
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
let figure;
if (what === 'compare') {
  figure = compareReport(runAllStrategies({ messages, model, count })).strategies.map((row) => row.cumulativeCost);
} else {
  figure = strategyReport(runStrategy({ messages, model, count, strategy: what }), undefined).totals.cumulativeCost;
}
const cpu = process.cpuUsage(cpu0);
console.log(
  JSON.stringify({
    what,
    turns,
    messages: messages.length,
    wallMs: performance.now() - wall0,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    figure,
  }),
);
