import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { requireModel } from '../../src/core/catalog.js';
import { findKvShape } from '../../src/core/kvCache.js';
import { LESSON_MESSAGES } from '../../src/core/lesson.js';
import type { AccountingOptions } from '../../src/core/strategies/ledgerRun.js';
import { CTRL, renderDashboard, until, type Size } from '../support/renderDashboard.js';

afterEach(cleanup);

const CTRL_G = '\x07';
const SIZES: readonly Size[] = [
  { columns: 40, rows: 12 },
  { columns: 80, rows: 24 },
  { columns: 120, rows: 40 },
];
const QUESTION = 'What does each of these turns cost me, and when will the window be full?';

/**
 * The rows of a frame where "…" cuts a figure: right after a digit, "$", "%" or a separator
 * ("$0.3…", "10,0…"); the word after a figure ("10,011 tok…"); or a part after a "·" ("spent $0.00 · …",
 * the count of calls gone). Prose cut after its figures ("fits 7,192 tokens …") is not one. Panels
 * side by side are taken apart at their borders; the input line (what was typed, scrolled) is left out.
 */
export function cutFigures(frame: string): string[] {
  const found: string[] = [];
  for (const line of frame.split('\n')) {
    for (const piece of line.split('│')) {
      const text = piece.replace(/[╭╮╰╯─]+/g, ' ').trim();
      if (!text.includes('…') || text.includes('›')) continue;
      if (/[\d$%.,#]…/.test(text) || /\d\S* [^\s…]+…/.test(text) || /· …$/.test(text)) found.push(line);
    }
  }
  return found;
}

type Dashboard = Awaited<ReturnType<typeof renderDashboard>>;

/** Waits for the frame, and adds its cut rows to `cuts`, said with what was on screen. */
async function look(app: Dashboard, ready: (frame: string) => boolean, what: string, cuts: Set<string>) {
  const frame = await until(app.frame, (f) => ready(f) && !f.includes('counting'), what);
  for (const line of cutFigures(frame)) cuts.add(`${what}: ${line}`);
  return frame;
}

describe('figures are never cut by "…"', () => {
  it('finds the cuts it is for', () => {
    expect(cutFigures('│ next $0.30 · refused · spent $0.00 · … │')).toHaveLength(1);
    expect(cutFigures('│ ... (1,998 more lines, 10,011 tok… ││ x │')).toHaveLength(1);
    expect(cutFigures('█ format 1… █ tool')).toHaveLength(1);
    expect(cutFigures('keep-all 10,…\n│ evict-large  10,044        2  $0.… │\n▸ #2 (10,011 tokens) evicted after #…')).toHaveLength(3);
    expect(cutFigures('^B back  ^P play  …  ^C quit\nuser › …rns cost me 12 …\n▸ every call fits 7,192 tokens …')).toEqual([]);
  });

  const llama = findKvShape('Llama-3.1-8B')!;
  const setups: readonly { readonly name: string; readonly accounting: AccountingOptions; readonly model: string }[] = [
    { name: 'the demo', accounting: {}, model: 'gpt-4' },
    { name: 'the demo with --budget and --kv', accounting: { budget: 0.05, kv: { shape: llama, dtype: 'bf16', gpuGiB: 79.2 } }, model: 'gpt-4o' },
  ];

  for (const size of SIZES) {
    for (const setup of setups) {
      it(`${setup.name} at ${size.columns}x${size.rows}: every turn, every strategy, the compare view, a paste and a typed question`, async () => {
        const app = await renderDashboard({ queue: LESSON_MESSAGES, accounting: setup.accounting, model: requireModel(setup.model) }, size);
        const cuts = new Set<string>();
        const total = LESSON_MESSAGES.length;
        for (let turn = 1; turn <= total; turn++) {
          await app.press(CTRL.n);
          await look(app, (f) => f.includes(`${turn}/${total}`), `turn ${turn}`, cuts);
        }
        for (const strategy of ['window', 'evict-large', 'summarize', 'keep-all']) {
          await app.press(CTRL.s);
          // Borderless layouts name the strategy beside the gauge; bordered ones in its title.
          await look(app, (f) => strategy === 'keep-all' || f.includes(strategy), strategy, cuts);
          await app.press(CTRL_G);
          // The table's row of the strategy shown is always there, whatever the pane's rows.
          const compare = await look(app, (f) => new RegExp(`^(│ )?${strategy} +[\\d,]+ `, 'm').test(f), `the compare view under ${strategy}`, cuts);
          // Where the pane has the rows, every strategy's row of the table, whole (the reasons under it
          // once squeezed the table's rows to nothing and drew over them: " ummarize").
          if (size.rows >= 24 && setup.accounting.kv === undefined) {
            for (const name of ['keep-all', 'window', 'evict-large', 'summarize']) expect(compare).toMatch(new RegExp(`│ ${name}  +[\\d$]`));
          }
          await app.press(CTRL_G);
        }
        await app.press(CTRL.l);
        await look(app, (f) => f.includes(`#${total + 1} user`) || f.includes(`${total + 1} messages`), 'the log pasted', cuts);
        await app.press(QUESTION);
        await look(app, (f) => f.includes('full?'), 'a question typed', cuts);
        expect([...cuts]).toEqual([]);
        app.unmount();
      }, 60_000);
    }
  }
});
