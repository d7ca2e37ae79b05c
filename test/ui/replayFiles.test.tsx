import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/core/chatFormat.js';
import { requireModel } from '../../src/core/catalog.js';
import { WEATHER_MESSAGES, WEATHER_TOOL } from '../support/cookbook.js';
import { png } from '../support/images.js';
import { oracleEncode } from '../support/oracle.js';
import { oracleMessageTokens } from '../support/expectedLedger.js';
import { CTRL, DOWN, ENTER, renderDashboard, until } from '../support/renderDashboard.js';

afterEach(cleanup);

const source = { file: '/tmp/chats/weather.jsonl', format: 'jsonl', conversation: 1, conversationCount: 1 } as const;

describe('replaying a conversation file', () => {
  it("names the file and how it was read in the header, and bills the tool definitions on every call (the cookbook's 105 and 101)", async () => {
    const { frame, press } = await renderDashboard({ queue: WEATHER_MESSAGES, tools: [WEATHER_TOOL], source });
    await until(frame, (f) => f.includes('weather.jsonl (jsonl)') && f.includes('tool defs'), 'the tools counted');
    await press(CTRL.n);
    await press(CTRL.n);
    // What the API billed for this request, tools included (OpenAI's cookbook).
    const gpt4 = await until(frame, (f) => f.includes('turn 2/2') && !f.includes('counting'));
    expect(gpt4).toContain('105 / 8,192 tokens');
    await press(CTRL.t);
    await until(frame, (f) => f.includes('Choose a model'));
    for (let i = 0; i < 3; i++) await press(DOWN); // gpt-4, gpt-4-32k, gpt-3.5-turbo, gpt-4o
    await press(ENTER);
    expect(await until(frame, (f) => f.includes('/ 128,000 tokens') && !f.includes('counting'))).toContain('101 / 128,000 tokens');
  });

  it('shows an image it cannot count on its message and in the conversation title', async () => {
    const remote: ChatMessage = {
      role: 'user',
      content: [
        { type: 'text', text: 'What is on this screenshot?' },
        { type: 'image_url', image_url: { url: 'https://example.com/screen.png' } },
      ],
    };
    const { frame, press } = await renderDashboard({ queue: [remote], source: { ...source, format: 'openai' } });
    await press(CTRL.n);
    const shown = await until(frame, (f) => f.includes('#1 user') && !f.includes('counting'));
    expect(shown).toMatch(/#1 user +1 image not counted · \d+ tokens/);
    expect(shown).toContain('1 message · 1 image not counted');
    // The text part alone is billed.
    expect(shown).toContain(`${3 + oracleMessageTokens('cl100k_base', remote)} / 8,192 tokens`);
  });

  it("prices an image by the model's rule: switching gpt-4o to gpt-4o-mini counts it again", async () => {
    const screenshot: ChatMessage = {
      role: 'user',
      content: [
        { type: 'text', text: 'Look.' },
        { type: 'image_url', image_url: { url: png(1920, 1080), detail: 'high' } },
      ],
    };
    const { frame, press } = await renderDashboard({ queue: [screenshot], model: requireModel('gpt-4o') });
    await press(CTRL.n);
    // 3 to prime, 3 + "user" + "Look." for the message, then OpenAI's published tile prices for
    // 1920 x 1080 at high detail (1365 x 768, 6 tiles): 85 + 6 x 170 on gpt-4o, 2,833 + 6 x 5,667 on gpt-4o-mini.
    const text = 3 + 3 + oracleEncode('o200k_base', 'user').length + oracleEncode('o200k_base', 'Look.').length;
    const n = (value: number) => value.toLocaleString('en-US');
    expect(await until(frame, (f) => f.includes('#1 user') && !f.includes('counting'))).toContain(`${n(text + 85 + 6 * 170)} / 128,000`);
    await press(CTRL.t);
    await until(frame, (f) => f.includes('Choose a model'));
    await press(DOWN); // gpt-4o, then gpt-4o-mini
    await press(ENTER);
    const mini = await until(frame, (f) => f.includes('gpt-4o-mini ·') && !f.includes('counting'));
    expect(mini).toContain(`${n(text + 2833 + 6 * 5667)} / 128,000`);
  });
});
