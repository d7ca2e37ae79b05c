import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/core/chatFormat.js';
import { LESSON_MESSAGES } from '../../src/core/lesson.js';
import { newSessionRecorder } from '../../src/io/sessionRecorder.js';
import { WEATHER_MESSAGES, WEATHER_TOOL } from '../support/cookbook.js';
import { assistant, user } from '../support/conversations.js';
import { CTRL, ENTER, renderDashboard, until } from '../support/renderDashboard.js';

afterEach(cleanup);

/**
 * Where the two dashboard branches meet: the strategies (Ctrl+S) over sessions read from files
 * (tool definitions, images that cannot be counted) and recorded in the journal.
 */
const size = { columns: 120, rows: 40 };
type App = Awaited<ReturnType<typeof renderDashboard>>;

async function replayAll(app: App, total: number) {
  for (let turn = 1; turn <= total; turn++) {
    await app.press(CTRL.n);
    await until(app.frame, (f) => f.includes(`turn ${turn}/${total}`) && !f.includes('counting'), `turn ${turn}, counted`);
  }
}

describe('strategies over a replayed file', () => {
  it('bill the tool definitions on every call they send: the cookbook request is 105 tokens under each', async () => {
    const app = await renderDashboard({ queue: WEATHER_MESSAGES, tools: [WEATHER_TOOL] }, size);
    await replayAll(app, 2);
    // What the API billed for this request on gpt-4, its tool included (OpenAI's cookbook). Every
    // strategy sends both messages here, so each must say the same, tool definitions and all.
    for (const strategy of ['window', 'evict-large', 'summarize']) {
      await app.press(CTRL.s);
      const shown = await until(app.frame, (f) => f.includes(`Context window · ${strategy}`), strategy);
      expect(shown).toContain('sent 105 / 8,192 tokens');
      expect(shown).toContain('keep-all 105');
      expect(shown).toContain('tool defs');
    }
  });

  it('marks a message both as holding an image it cannot count and as left out by the strategy', async () => {
    const withImage: ChatMessage = {
      role: 'user',
      content: [
        { type: 'text', text: 'Hello there.' },
        { type: 'image_url', image_url: { url: 'https://example.com/screen.png' } },
      ],
    };
    // The lesson with a screenshot beside its first message: window never sends that turn (nor the log).
    const queue = [withImage, ...LESSON_MESSAGES.slice(1, 8)];
    // Tall enough that the first message is in view.
    const app = await renderDashboard({ queue }, { columns: 120, rows: 60 });
    await replayAll(app, queue.length);
    expect(app.frame()).toMatch(/#1 user +1 image not counted · \d+ tokens · [\d.]+%/);
    await app.press(CTRL.s);
    const windowed = await until(app.frame, (f) => f.includes('Context window · window'));
    expect(windowed).toMatch(/#1 user +1 image not counted · \d+ tokens · dropped/);
    expect(windowed).toMatch(/#2 user +[\d,]+ tokens · dropped/);
    expect(windowed).toContain('1 image not counted');
    await app.press(CTRL.s);
    const evicted = await until(app.frame, (f) => f.includes('Context window · evict-large'));
    expect(evicted).toMatch(/#1 user +1 image not counted · \d+ tokens · [\d.]+%/);
    expect(evicted).toMatch(/#2 user +[\d,]+ tokens · evicted/);
  });
});

describe('strategies and the journal', () => {
  it('Ctrl+S changes the view, not the session: nothing is written, and no journal is created for it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ca-strategy-'));
    const recorder = newSessionRecorder({ model: 'gpt-4', dir });
    const app = await renderDashboard({ recorder, queue: [user('Hello there.'), assistant('Hi! How can I help?')] }, size);
    await app.press(CTRL.s);
    await until(app.frame, (f) => f.includes('Context window · window'));
    expect(recorder.id()).toBeUndefined();
    expect(readdirSync(dir)).toEqual([]);

    await replayAll(app, 2);
    const id = recorder.id()!;
    const journal = () => readFileSync(join(dir, `${id}.jsonl`), 'utf8');
    const before = journal();
    expect(before.trim().split('\n')).toHaveLength(3);
    await app.press(CTRL.s);
    await until(app.frame, (f) => f.includes('Context window · evict-large'));
    expect(journal()).toBe(before);
    // And the session goes on being recorded under any strategy.
    await app.press('One more.');
    await until(app.frame, (f) => f.includes('One more.'));
    await app.press(ENTER);
    await until(app.frame, (f) => f.includes('#3 user') && !f.includes('counting'));
    expect(journal().trim().split('\n')).toHaveLength(4);
    expect(app.frame()).toContain('Context window · evict-large');
  });
});
