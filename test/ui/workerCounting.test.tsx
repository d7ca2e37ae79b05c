import { cleanup } from 'ink-testing-library';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { requireModel } from '../../src/core/catalog.js';
import { generateLogDump } from '../../src/core/logDump.js';
import { closeSharedCounterPool, countInWorker } from '../../src/io/workerCounter.js';
import { oracleEncode } from '../support/oracle.js';
import { CTRL, ENTER, PASTE_END, PASTE_START, renderDashboard } from '../support/renderDashboard.js';

// The worker runs the built dist/io/countWorker.js: `npm test` builds first.
afterEach(() => cleanup());
afterAll(() => closeSharedCounterPool());

const model = requireModel('gpt-4.1'); // o200k_base, a 1,047,576-token window
const o200k = (text: string) => oracleEncode('o200k_base', text).length;
/** The next call's tokens after one user message (the cookbook framing: 3 per message, 3 priming). */
const framedUser = (content: string) => 3 + 3 + o200k('user') + o200k(content);
const n = (value: number) => value.toLocaleString('en-US');
const PROGRESS = /counting\.\.\. \d{1,3}%/;
const LOG = generateLogDump(1_000_000);
/**
 * Long runs of one letter, which our merge counts at ~2 MB/s, as separate pieces (a worker reports
 * progress and stops when cancelled between pieces): a count of ~2 s, stopped within ~10 ms.
 */
const SLOW = `${'a'.repeat(16_000)} `.repeat(250);

describe('a big message is counted in a worker, the dashboard live meanwhile', () => {
  it('shows "counting... N%" on the gauge, reads keys while counting, and ends on tiktoken\'s count', async () => {
    // The pool's one worker is first kept busy by a count this test ends when it chooses, so the
    // dashboard's count (queued behind it) is still to come when the keys are typed, however fast
    // the machine counts a 1 MB log (~30 ms here: too short a window to type into reliably).
    const blocker = new AbortController();
    const busy = countInWorker('o200k_base', SLOW, { signal: blocker.signal }).catch(() => 'stopped');
    const app = await renderDashboard({ model, dump: LOG });
    await app.press(CTRL.l);
    await vi.waitFor(() => expect(app.frame()).toContain('counting...'), { timeout: 10_000, interval: 5 });
    // Typed while the message waits to be counted: the draft shows it, the gauge still says counting.
    await app.press('xyz');
    await vi.waitFor(() => expect(app.frame()).toContain('xyz'), { timeout: 10_000, interval: 5 });
    expect(app.frame()).toContain('counting...');
    blocker.abort();
    expect(await busy).toBe('stopped');
    const finalFigure = `${n(framedUser(LOG))} / 1,047,576 tokens`;
    await vi.waitFor(() => expect(app.frame()).toContain(finalFigure), { timeout: 20_000, interval: 20 });
    expect(app.frame()).not.toContain('counting');
    expect(app.frame()).toContain('xyz');
    // The worker's progress reached the gauge, and never outlived the count.
    expect(app.frames.some((f) => PROGRESS.test(f) && f.includes('xyz'))).toBe(true);
    expect(app.frames.some((f) => f.includes(finalFigure) && PROGRESS.test(f))).toBe(false);
  });

  it('Ctrl+B while counting undoes the message and stops its count', async () => {
    const app = await renderDashboard({ model, dump: SLOW });
    const empty = app.frame();
    expect(empty).toContain('3 / 1,047,576 tokens');
    await app.press(CTRL.l);
    await vi.waitFor(() => expect(app.frame()).toMatch(PROGRESS), { timeout: 10_000, interval: 5 });
    await app.press(CTRL.b);
    await vi.waitFor(() => expect(app.frame()).not.toContain('counting'), { timeout: 10_000, interval: 5 });
    expect(app.frame()).toContain('0 messages');
    expect(app.frame()).toContain('3 / 1,047,576 tokens');
    // The next message counts as usual (the pool's worker was stopped mid-count, not lost).
    await app.press('hello');
    await app.press(ENTER);
    await vi.waitFor(() => expect(app.frame()).toContain(`${n(framedUser('hello'))} / 1,047,576 tokens`), { timeout: 10_000, interval: 5 });
    expect(app.frame()).toContain('1 message');
  });

  it('a big paste is labelled from the worker, and sending it as it stands is not counted again', async () => {
    const app = await renderDashboard({ model });
    await app.press(PASTE_START + LOG + PASTE_END);
    // Any frame so far: the whole count may pass between two looks at the latest one.
    await vi.waitFor(() => expect(app.frames.some((f) => PROGRESS.test(f))).toBe(true), { timeout: 10_000, interval: 5 });
    const tokens = o200k(LOG);
    await vi.waitFor(() => expect(app.frame()).toContain(`${n(tokens)} tokens]`), { timeout: 20_000, interval: 20 });
    const before = app.frames.length;
    await app.press(ENTER);
    await vi.waitFor(() => expect(app.frame()).toContain(`${n(framedUser(LOG))} / 1,047,576 tokens`), { timeout: 10_000, interval: 5 });
    // Remembered from the label's count: no worker progress after Enter.
    expect(app.frames.slice(before).some((f) => PROGRESS.test(f))).toBe(false);
  });
});
