import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { requireModel } from '../../src/core/catalog.js';
import type { ChatMessage } from '../../src/core/chatFormat.js';
import { runStrategy } from '../../src/core/strategies/runStrategy.js';
import { PART_MIN_TURNS } from '../../src/ui/state/historyParts.js';
import { SYNC_ENTRIES } from '../../src/ui/hooks/useStrategyView.js';
import { loadTokenizer } from '../../src/core/tokenizerOnDemand.js';
import { CTRL, renderDashboard, until } from '../support/renderDashboard.js';

afterEach(cleanup);

const WORDS = 'the request failed because the context window was full so the model refused it'.split(' ');
/** A long session's history: more messages than are counted in one go, or run under a strategy within a frame. */
const history: ChatMessage[] = Array.from({ length: Math.max(PART_MIN_TURNS, SYNC_ENTRIES) + 600 }, (_, i) => ({
  role: i % 2 === 0 ? 'user' : 'assistant',
  content: `${Array.from({ length: 8 }, (_, w) => WORDS[(i * 5 + w) % WORDS.length]).join(' ')} (${i})`,
}));
const model = requireModel('gpt-4');
const n = (value: number) => value.toLocaleString('en-US');
/** The run made at once, in one call, with the dashboard's own encoder: what the dashboard must show after its slices. */
async function used(strategy: 'keep-all' | 'window'): Promise<string> {
  const { count } = await loadTokenizer(model.encoding);
  return n(runStrategy({ messages: history, model, count, strategy }).totals.usedTokens);
}
/** A strategy's run going on ("window... 43%"; at this width the percent may be cut to "4…"). */
const working = /(window|evict-large|summarize|keep-all)\.\.\./;

describe('a long history', () => {
  it('shows a resumed history as it is counted, then runs Ctrl+S between frames: keys answered, the very figures of the run made at once', async () => {
    const app = await renderDashboard({ history }, { columns: 100, rows: 30 });
    const counted = await until(app.frame, (f) => f.includes(`${history.length} messages`) && !/counting/.test(f) && !working.test(f), 'the whole history counted');
    // Counted in parts: the first messages were on screen while the rest were counted (every frame drawn is looked at).
    expect(app.frames.some((f) => f.includes('counting...') && /#\d+ (user|assistant)/.test(f))).toBe(true);
    expect(counted).toContain(`#${history.length} assistant`);
    expect(counted).toContain(`${await used('keep-all')} / 8,192`);

    const before = app.frames.length;
    await app.press(CTRL.s);
    await app.press('why');
    const shown = await until(app.frame, (f) => f.includes('Context window · window') && !working.test(f), 'the window run shown');
    // The run went on in slices, saying how far it was, the figures before it on screen meanwhile.
    const meanwhile = app.frames.slice(before).filter((f) => f.includes('window...'));
    expect(meanwhile.length).toBeGreaterThan(0);
    expect(meanwhile.every((f) => f.includes('Context window · keep-all'))).toBe(true);
    expect(shown).toContain('why');
    expect(shown).toContain(`${await used('window')} / 8,192`);
    // Back to keep-all: its run is kept, shown at once.
    await app.press(CTRL.s + CTRL.s + CTRL.s);
    expect(app.frame()).toContain('Context window · keep-all');
  });
});
