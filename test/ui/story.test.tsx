import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { requireModel } from '../../src/core/catalog.js';
import { contentText, type ChatMessage } from '../../src/core/chatFormat.js';
import { formatTokens, formatUsd } from '../../src/core/format.js';
import { LESSON_MESSAGES } from '../../src/core/lesson.js';
import { oracleEncode } from '../support/oracle.js';
import { CTRL, renderDashboard, until } from '../support/renderDashboard.js';

afterEach(cleanup);

const CTRL_G = '\x07';
const cl100k = (text: string) => oracleEncode('cl100k_base', text).length;
/** What the next call bills when it sends `messages` on gpt-4: 3 to prime the reply, then 3 + role + content each. */
const billed = (messages: readonly ChatMessage[]) => messages.reduce((sum, m) => sum + 3 + cl100k(m.role) + cl100k(contentText(m)), 3);

type App = Awaited<ReturnType<typeof renderDashboard>>;

async function replayAll(app: App) {
  for (let turn = 1; turn <= LESSON_MESSAGES.length; turn++) {
    await app.press(CTRL.n);
    await until(app.frame, (f) => f.includes(`turn ${turn}/12`) && !f.includes('counting'), `turn ${turn}`);
  }
  return app.frame();
}

describe('the story at a glance', () => {
  it('opens paused, and says at once that Ctrl+P plays the demo', async () => {
    const app = await renderDashboard({ queue: LESSON_MESSAGES }, { columns: 120, rows: 40 });
    const first = app.frame();
    expect(first).toContain('Ctrl+P plays the 12 queued turns, Ctrl+N one at a time');
    // The gauge's row says it too, not only the empty pane.
    expect(first.split('\n').filter((line) => line.includes('Ctrl+P plays the 12 queued turns'))).toHaveLength(2);
  });

  it('charts one column per call, with the growth in one figure, the spend, and where the limit was crossed', async () => {
    const app = await renderDashboard({ queue: LESSON_MESSAGES }, { columns: 120, rows: 40 });
    const end = await replayAll(app);
    // Twelve messages, five reply calls: five columns, all refused on gpt-4.
    expect(end).toContain('calls 1-5 · ░ refused');
    const next = billed(LESSON_MESSAGES);
    const first = billed(LESSON_MESSAGES.slice(0, 1));
    expect(end).toContain(`next call ${formatUsd((next * 30) / 1e6)} = ${formatTokens(Math.round(next / first))}x the first · spent ${formatUsd(0)}`);
    expect(end).toContain('┴ limit crossed at call 1');
    const bars = end.split('\n').find((line) => line.includes('$0.30 ┤'))!;
    expect(bars.match(/░░░/g)).toHaveLength(5);
  });
});

describe('a layout that uses the screen', () => {
  const widest = (frame: string) => Math.max(...frame.split('\n').map((line) => [...line].length));

  it('keeps the chart at 80 x 24, its note and headline shortened to the panel, never past the terminal', async () => {
    const app = await renderDashboard({ queue: LESSON_MESSAGES }, { columns: 80, rows: 24 });
    const end = await replayAll(app);
    expect(end).toContain('Input cost per call');
    expect(end).toContain('calls 1-5');
    expect(end).toMatch(/next call \$0\.30 = [\d,]+x the first/);
    expect(widest(end)).toBeLessThanOrEqual(80);
  });

  it('keeps the Budget panel at 80 x 24 once "Budget exceeded" shows', async () => {
    const app = await renderDashboard({ queue: LESSON_MESSAGES, model: requireModel('gpt-4o'), accounting: { budget: 0.05 } }, { columns: 80, rows: 24 });
    const end = await replayAll(app);
    expect(end).toContain('Budget exceeded');
    expect(end).toContain('─ Budget ');
    expect(end).toContain('over budget');
    expect(widest(end)).toBeLessThanOrEqual(80);
  });

  it('gives the accounting column half of a 200-column terminal', async () => {
    const app = await renderDashboard({ queue: LESSON_MESSAGES }, { columns: 200, rows: 50 });
    const top = app.frame().split('\n').find((line) => line.includes('Context window · keep-all'))!;
    const right = top.slice(top.indexOf('╭─ Context window'));
    expect([...right].length).toBe(100);
  });
});

describe('all strategies at once (Ctrl+G)', () => {
  it("opens compare's table in place of the conversation, with why each strategy saved what it saved, and closes again", async () => {
    const app = await renderDashboard({ queue: LESSON_MESSAGES }, { columns: 120, rows: 40 });
    await replayAll(app);
    await app.press(CTRL_G);
    const open = await until(app.frame, (f) => f.includes('All strategies'), 'the compare view');
    for (const strategy of ['keep-all', 'window', 'evict-large', 'summarize']) expect(open).toMatch(new RegExp(`│ ${strategy} +[\\d,]+ +[\\d,]+ +\\d+ +-?\\$`));
    expect(open).toContain('refused');
    expect(open).toContain('▸ window: every call fits 7,192 tokens');
    expect(open).toContain('▸ evict-large: 1 large message');
    expect(open).not.toContain('#3 assistant');
    await app.press(CTRL_G);
    const closed = await until(app.frame, (f) => !f.includes('All strategies'), 'the conversation back');
    expect(closed).toContain('#12 user');
  });
});
