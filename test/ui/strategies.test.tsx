import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { requireModel } from '../../src/core/catalog.js';
import { contentText, type ChatMessage } from '../../src/core/chatFormat.js';
import { findKvShape } from '../../src/core/kvCache.js';
import { LESSON_LOG_DUMP, LESSON_MESSAGES } from '../../src/core/lesson.js';
import type { AccountingOptions } from '../../src/core/strategies/ledgerRun.js';
import { oracleEncode } from '../support/oracle.js';
import { CTRL, renderDashboard, until, type Size } from '../support/renderDashboard.js';
import { runCli } from '../support/runCli.js';
import { formatUsd } from '../../src/core/format.js';

afterEach(cleanup);

const CTRL_S = '\x13';
const LESSON_FILE = 'fixtures/lesson.json';
const n = (value: number) => value.toLocaleString('en-US');
const usd = formatUsd;
const cl100k = (text: string) => oracleEncode('cl100k_base', text).length;
/** What a message adds to a gpt-4 request (the cookbook's rule): 3 + its role + its content. */
const messageTokens = (message: ChatMessage) => 3 + cl100k(message.role) + cl100k(contentText(message));
/** What the next call bills when it sends `messages`: 3 to prime the reply, then each message. */
const billed = (messages: readonly ChatMessage[]) => messages.reduce((sum, message) => sum + messageTokens(message), 3);
const lessonWithout = (...left: number[]) => LESSON_MESSAGES.filter((_, i) => !left.includes(i));

/** `report FILE --json` with the flags: what the CLI says, for figures the dashboard must agree with. */
function report(...flags: string[]) {
  const { status, stdout, stderr } = runCli(['report', LESSON_FILE, '--json', ...flags]);
  expect(status, stderr).toBe(0);
  return JSON.parse(stdout) as {
    totals: { usedTokens: number; cumulativeCost: number; refusedCalls: number };
    budget?: { budgetCrossedAt: number | null; budgetLeft: number; turnsUntilBudget: number | null; turnsUntilLimit: number | null };
  };
}

type App = Awaited<ReturnType<typeof renderDashboard>>;

/** Ctrl+N until the queued turns up to `to` are applied and counted. */
async function replay(app: App, to: number, total = 12, from = 1) {
  for (let turn = from; turn <= to; turn++) {
    await app.press(CTRL.n);
    await until(app.frame, (f) => f.includes(`turn ${turn}/${total}`) && !f.includes('counting'), `turn ${turn}, counted`);
  }
  return app.frame();
}

async function cycle(app: App, label: string) {
  await app.press(CTRL_S);
  return until(app.frame, (f) => f.includes(label), label);
}

describe('strategies in the dashboard (Ctrl+S)', () => {
  it('cycles keep-all -> window -> evict-large -> summarize: the gauge shows the sent context beside keep-all, the costs the saving', async () => {
    const app = await renderDashboard({ queue: LESSON_MESSAGES }, { columns: 120, rows: 40 });
    const keepAllUsed = billed(LESSON_MESSAGES);
    // Before anything to note, the gauge says how the queued turns play (Ctrl+S's hint once there is no queue).
    expect(app.frame()).toContain('Ctrl+P plays the 12 queued turns, Ctrl+N one at a time');
    const start = await replay(app, 12);
    expect(start).toContain('Context window · keep-all');
    expect(start).toContain(`${n(keepAllUsed)} / 8,192 tokens (123.7%)`);
    expect(start).toContain('Context limit exceeded');
    expect(start).not.toContain('sent ');
    expect(start).toContain('Ctrl+S strategy');

    // window drops the oldest turn ("Hello there.") and the log, which never fits 8,192 - 1,000.
    const windowed = await cycle(app, 'Context window · window');
    const windowUsed = billed(lessonWithout(0, 1));
    expect(windowed).toContain(`sent ${n(windowUsed)} / 8,192 tokens (${((windowUsed / 8192) * 100).toFixed(1)}%) · keep-all ${n(keepAllUsed)}`);
    expect(windowed).toContain(`#2 (${n(messageTokens(LESSON_MESSAGES[1]!))} tokens) never fits the window: never sent`);
    expect(windowed).not.toContain('Context limit exceeded');

    // evict-large: the log leaves when the second user turn after it arrives (#6), so the rest is sent.
    const evicted = await cycle(app, 'Context window · evict-large');
    const evictedUsed = billed(lessonWithout(1));
    expect(evictedUsed).toBeLessThan(keepAllUsed);
    expect(evicted).toContain(`sent ${n(evictedUsed)} / 8,192 tokens`);
    expect(evicted).toContain(`keep-all ${n(keepAllUsed)}`);
    expect(evicted).toContain(`#2 (${n(messageTokens(LESSON_MESSAGES[1]!))} tokens) evicted after #6`);
    // On gpt-4 every keep-all call is over the window: refused, billed nothing. evict-large's first two
    // replies still send the log (refused too); its last three are billed.
    const keepAll = report().totals;
    const evictedTotals = report('--strategy', 'evict-large').totals;
    expect(keepAll).toMatchObject({ cumulativeCost: 0, refusedCalls: 5 });
    expect(evictedTotals.refusedCalls).toBe(2);
    expect(evicted).toContain(`session spend  ${usd(evictedTotals.cumulativeCost)} · 5 calls, 2 refused`);
    expect(evicted).toContain(`keep-all       ${usd(0)} · 5 of 5 calls refused`);
    expect(evicted).toContain(`next call      ${usd((evictedUsed * 30) / 1e6)} · ${n(evictedUsed)} tokens`);
    expect(evicted).toContain('2 of 5 calls refused (over the window): billed nothing');
    // The chart marks the refused calls (keep-all's five, evict-large's first two) where no bar is.
    expect(evicted).toContain('× refused');
    expect(evicted.split('\n').some((line) => /[│┤] .*×/.test(line.slice(60)))).toBe(true);

    const summarized = await cycle(app, 'Context window · summarize');
    expect(summarized).toContain(`sent ${n(report('--strategy', 'summarize').totals.usedTokens)} / 8,192`);
    expect(summarized).toMatch(/summarised/);

    const back = await cycle(app, 'Context window · keep-all');
    expect(back).toContain(`${n(keepAllUsed)} / 8,192 tokens (123.7%)`);
  });

  it('evict-large (--strategy) sends the log until the second user turn after it, then drops below keep-all', async () => {
    const app = await renderDashboard({ queue: LESSON_MESSAGES, strategy: 'evict-large' }, { columns: 120, rows: 40 });
    // After #5 the log is still sent: both figures agree, and the note says when it goes.
    const five = await replay(app, 5);
    const usedAfterFive = billed(LESSON_MESSAGES.slice(0, 5));
    expect(five).toContain(`sent ${n(usedAfterFive)} / 8,192 tokens (${((usedAfterFive / 8192) * 100).toFixed(1)}%) · keep-all ${n(usedAfterFive)}`);
    expect(five).toContain(`#2 (${n(messageTokens(LESSON_MESSAGES[1]!))} tokens): evicted in 1 user turn`);
    // #6 is the second user turn after the log's: the log leaves the context.
    await app.press(CTRL.n);
    const six = await until(app.frame, (f) => f.includes('turn 6/12') && !f.includes('counting'));
    const sentAfterSix = billed(LESSON_MESSAGES.slice(0, 6).filter((_, i) => i !== 1));
    expect(six).toContain(`sent ${n(sentAfterSix)} / 8,192 tokens`);
    expect(six).toContain(`keep-all ${n(billed(LESSON_MESSAGES.slice(0, 6)))}`);
    // The conversation says the log is no longer sent, where its share was.
    expect(six).toMatch(/#2 user +10,011 tokens · evicted/);
  });

  it('draws the chart `compare --chart` prints: keep-all beside the strategy, bar for bar', async () => {
    // 120 x 32 leaves the chart 8 rows of bars, the height `compare --chart` draws.
    // gpt-4o takes every call, so both series have a bar for each.
    const app = await renderDashboard({ queue: LESSON_MESSAGES, strategy: 'evict-large', color: false, model: requireModel('gpt-4o') }, { columns: 120, rows: 32 });
    const frame = await replay(app, 12);
    const { stdout } = runCli(['compare', LESSON_FILE, '--model', 'gpt-4o', '--chart', '--strategy', 'evict-large', '--json']);
    const { chart } = JSON.parse(stdout) as { chart: { labels: string[]; columns: { heights: number[] }[] } };
    expect(frame).toContain('░░ keep-all   ██ evict-large');
    // The chart's rows of bars: what follows each axis mark in the right-hand panel (60 columns at 120).
    const rows = frame
      .split('\n')
      .map((line) => /[┤│]([ ░█┄]*)│$/.exec(line.slice(60))?.[1]?.trimEnd())
      .filter((row): row is string => row !== undefined && /[░█]/.test(row));
    expect(rows).toHaveLength(8);
    // A column is a gap, then its keep-all cells (░), then its strategy cells (█), each bar as wide
    // as keep-all's first run on the bottom row (every call has both bars there).
    const width = /░+/.exec(rows[rows.length - 1]!)![0].length;
    const cell = (row: string, column: number, series: number) => row[column * (2 * width + 1) + 1 + series * width];
    const drawn = chart.columns.map((_, column) =>
      chart.labels.map((_, series) => rows.filter((row) => cell(row, column, series) === (series === 0 ? '░' : '█')).length),
    );
    expect(drawn).toEqual(chart.columns.map((column) => column.heights));
  });
});

describe('budget and price tier', () => {
  it('shows the budget panel, and a banner once spending crosses the budget (gpt-4o, --budget 0.06)', async () => {
    // gpt-4o takes every call (128k window): keep-all bills the log on each reply and crosses $0.06.
    const accounting: AccountingOptions = { budget: 0.06 };
    const app = await renderDashboard({ queue: LESSON_MESSAGES, accounting, model: requireModel('gpt-4o') }, { columns: 120, rows: 40 });
    const { budget, totals } = report('--budget', '0.06', '--model', 'gpt-4o');
    // The message (numbered from 1) after which the spend went over: up to the one before it, no banner.
    const crossedAt = budget!.budgetCrossedAt!;
    expect(crossedAt).toBeGreaterThan(1);
    const before = await replay(app, crossedAt - 1);
    expect(before).toContain('Budget');
    expect(before).not.toContain('Budget exceeded');
    const crossed = await replay(app, crossedAt, 12, crossedAt);
    expect(crossed).toContain(`Budget exceeded: spent`);
    expect(crossed).toContain(`over it after message #${crossedAt}`);
    const end = await replay(app, 12, 12, crossedAt + 1);
    expect(end).toContain(`Budget exceeded: spent ${usd(totals.cumulativeCost)} of $0.06, over it after message #${crossedAt}`);
    expect(end).toContain(`over budget: spent ${usd(totals.cumulativeCost)} of $0.06`);
    // evict-large drops the log and stays under it: no banner.
    await cycle(app, 'Context window · window');
    const evicted = await cycle(app, 'Context window · evict-large');
    expect(evicted).not.toContain('Budget exceeded');
    const evictedBudget = report('--budget', '0.06', '--model', 'gpt-4o', '--strategy', 'evict-large').budget!;
    expect(evictedBudget.budgetCrossedAt).toBeNull();
    expect(evicted).toContain(`left ${usd(evictedBudget.budgetLeft)}`);
    expect(evicted).toContain(`turns it still pays for  ${n(evictedBudget.turnsUntilBudget!)}`);
  });

  it('gives the turns the budget still pays for and the calls until the limit under evict-large, as `report --budget` does', async () => {
    const app = await renderDashboard({ queue: LESSON_MESSAGES, strategy: 'evict-large', accounting: { budget: 2 } }, { columns: 120, rows: 40 });
    const frame = await replay(app, 12);
    const budget = report('--budget', '2', '--strategy', 'evict-large').budget!;
    expect(frame).toContain(`left ${usd(budget.budgetLeft)}`);
    expect(frame).toContain(`turns it still pays for  ${n(budget.turnsUntilBudget!)}`);
    expect(frame).toContain(`calls until the 8,192 limit  ${n(budget.turnsUntilLimit!)}`);
  });

  it('warns when the next call is billed at a higher price tier', async () => {
    // gpt-4 with a tier at 5,000 input tokens, as claude-sonnet-4 has one at 200,000.
    const tiered = { ...requireModel('gpt-4'), priceTiers: [{ aboveInputTokens: 5_000, inputPerMillion: 60, outputPerMillion: 120 }] };
    const app = await renderDashboard({ model: tiered }, { columns: 120, rows: 40 });
    await app.press(CTRL.l);
    const used = billed([{ role: 'user', content: LESSON_LOG_DUMP }]);
    const warned = await until(app.frame, (f) => f.includes('Price tier'), 'the price-tier banner');
    expect(warned).toContain(`Price tier: the next call sends ${n(used)} tokens, above 5,000: all of it billed at $60 in / $120 out per 1M`);
    expect(warned).toContain(`next call      ${usd((used * 60) / 1e6)}`);
  });
});

describe('KV panel (--kv)', () => {
  const llama = findKvShape('Llama-3.1-8B')!;

  /** A user message whose request is exactly `tokens` on gpt-4: 3 priming + 3 framing + "user" + the content. */
  function messageOf(tokens: number): ChatMessage {
    const content = `hello${' hello'.repeat(tokens - 3 - 3 - 1 - 1)}`;
    expect(billed([{ role: 'user', content }])).toBe(tokens);
    return { role: 'user', content };
  }

  it.each([
    [1_024, '128 MiB'],
    [8_192, '1 GiB'],
  ])('at %i tokens sent, Llama-3.1-8B bf16: 131,072 bytes per token and %s, as measured on an H100', async (tokens, measured) => {
    const accounting: AccountingOptions = { kv: { shape: llama, dtype: 'bf16', gpuGiB: 79.2 } };
    const app = await renderDashboard({ queue: [messageOf(tokens)], accounting }, { columns: 120, rows: 40 });
    const frame = await replay(app, 1, 1);
    expect(frame).toContain('KV cache');
    expect(frame).toContain('131,072 bytes per token (128 KiB)');
    expect(frame).toContain(`at ${n(tokens)} tokens sent: ${measured}`);
    // What is left of 79.2 GiB after the weights (8,030,261,248 parameters in bf16), in 131,072-byte tokens.
    const fits = Math.floor((Math.round(79.2 * 2 ** 30) - 8_030_261_248 * 2) / 131_072);
    expect(frame).toContain(`largest context on 79.2 GiB: ${n(fits)} tokens`);
    expect(frame).toContain('cache only: a long prefill needs about as much again');
  });

  it('follows the sent context: evict-large holds less cache than keep-all once the log has gone', async () => {
    const accounting: AccountingOptions = { kv: { shape: llama, dtype: 'bf16' } };
    const app = await renderDashboard({ queue: LESSON_MESSAGES, strategy: 'evict-large', accounting }, { columns: 120, rows: 40 });
    const frame = await replay(app, 12);
    const sent = billed(lessonWithout(1));
    const mib = (tokens: number) => `${Number(((tokens * 131_072) / 2 ** 20).toFixed(2))} MiB`;
    const gib = (tokens: number) => `${Number(((tokens * 131_072) / 2 ** 30).toFixed(2))} GiB`;
    expect(frame).toContain(`at ${n(sent)} tokens sent: ${mib(sent)} · keep-all ${gib(billed(LESSON_MESSAGES))}`);
    expect(frame).toContain('--gpu-gib G shows the largest context that fits');
  });
});

describe('layout with every panel', () => {
  const everything: AccountingOptions = { budget: 2, kv: { shape: findKvShape('Llama-3.1-8B')!, dtype: 'bf16', gpuGiB: 80 } };

  it('fits 120 x 40 with the budget, KV and chart panels', async () => {
    const app = await renderDashboard({ queue: LESSON_MESSAGES, accounting: everything }, { columns: 120, rows: 40 });
    await replay(app, 12);
    await cycle(app, 'Context window · window');
    const frame = await cycle(app, 'Context window · evict-large');
    for (const title of ['Conversation', 'Context window', 'Cost', 'Budget', 'KV cache', 'Input cost per reply call']) expect(frame).toContain(title);
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThan(40);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(120);
  });

  it.each<[Size, string[]]>([
    [{ columns: 80, rows: 24 }, ['Budget', 'KV cache']],
    [{ columns: 60, rows: 20 }, ['budget $2.00', 'KV Llama-3.1-8B']],
    [{ columns: 60, rows: 40 }, ['Budget', 'KV cache']],
    [{ columns: 40, rows: 12 }, []],
  ])('stacks or sheds panels at %o, every strategy, every line within the terminal', async (size, shown) => {
    const app = await renderDashboard({ queue: LESSON_MESSAGES, accounting: everything }, size);
    await replay(app, 12);
    for (const strategy of ['keep-all', 'window', 'evict-large', 'summarize']) {
      if (strategy !== 'keep-all') await app.press(CTRL_S);
      const frame = await until(app.frame, (f) => strategy === 'keep-all' || f.includes(strategy), strategy);
      const lines = frame.split('\n');
      expect(lines.length).toBeLessThan(size.rows);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(size.columns);
      for (const text of shown) expect(frame).toContain(text);
      expect(frame).toContain('user › ');
    }
    expect(app.frame()).toContain(`keep-all ${n(billed(LESSON_MESSAGES))}`);
  });
});
