import Anthropic from '@anthropic-ai/sdk';
import { cleanup } from 'ink-testing-library';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { proxyFeed } from '../../src/commands/proxyFeed.js';
import { startProxy, type ProxyEvent, type RunningProxy } from '../../src/commands/proxyServer.js';
import { liveCalls } from '../../src/ui/state/reportedCalls.js';
import { apiServerPerFile, chatChunks, REPLY_WORDS } from '../support/apiServer.js';
import { renderDashboard, until } from '../support/renderDashboard.js';

const upstream = apiServerPerFile();
const feed = proxyFeed();
const events: ProxyEvent[] = [];
let proxy: RunningProxy;
beforeAll(async () => {
  proxy = await startProxy({
    port: 0,
    upstreams: { openai: upstream().url, anthropic: upstream().url },
    onEvent: (event) => {
      events.push(event);
      feed.onEvent(event);
    },
  });
});
afterAll(() => proxy.close());
afterEach(cleanup);

/** The reply text the proxy saw for each call, joined in the order it came. */
function streamedText(): Map<number, string> {
  const texts = new Map<number, string>();
  for (const event of events) if (event.type === 'streamed') texts.set(event.call, (texts.get(event.call) ?? '') + event.text);
  return texts;
}

describe('proxy feed (issue 21): the reply shown as it streams', () => {
  it('the proxy passes on each API\'s reply text as it streams (and a whole answer\'s), call by call', async () => {
    const openai = new OpenAI({ apiKey: 'sk-test', baseURL: `${proxy.url}/v1`, maxRetries: 0 });
    const anthropic = new Anthropic({ apiKey: 'sk-ant-test', baseURL: proxy.url, maxRetries: 0 });
    for await (const _ of await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }], stream: true }));
    for await (const _ of await openai.responses.create({ model: 'gpt-4o', input: 'Hi', stream: true }));
    for await (const _ of await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }], stream: true }));
    await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] });
    const reply = REPLY_WORDS.join('');
    expect([...streamedText().values()]).toEqual([reply, reply, reply, reply]);
    // Every bit of text comes before its call is booked.
    for (const [call] of streamedText()) {
      const booked = events.findIndex((event) => event.type === 'booked' && event.call === call);
      expect(events.findLastIndex((event) => event.type === 'streamed' && event.call === call)).toBeLessThan(booked);
    }
  });

  it('the dashboard shows the newest call\'s reply as it streams, its escapes and bells shown, never sent to the terminal', async () => {
    const { frame } = await renderDashboard({ calls: liveCalls(`proxy ${proxy.url}`), subscribe: feed.subscribe }, { columns: 120, rows: 40 });
    const hostile = ['Colour ', '\x1b[31mred\x1b[0m', ' and a bell\x07,', ' then a title \x1b]0;pwned\x07.'];
    const chunks = chatChunks('gpt-4o', false);
    const events = [chunks[0]!, ...hostile.map((text) => ({ data: { ...(chunks[1]!.data as object), choices: [{ index: 0, delta: { content: text }, logprobs: null, finish_reason: null }] } })), chunks.at(-1)!];
    // The stream's last chunks wait: the reply is on screen while the call is still streaming.
    upstream().answer(() => ({ kind: 'sse', events, done: true, cut: { after: events.length - 1, how: 'hold' } }));
    const leave = new AbortController();
    const openai = new OpenAI({ apiKey: 'sk-test', baseURL: `${proxy.url}/v1`, maxRetries: 0 });
    await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }], stream: true }, { signal: leave.signal });
    const shown = await until(frame, (f) => f.includes('then a title'), 'the streamed reply');
    expect(shown).toMatch(/reply · #\d+ streaming…/);
    expect(shown).toContain('Colour \\e[31mred\\e[0m and a bell\\a, then a title \\e]0;pwned\\a.');
    expect(shown).not.toContain('\x1b[31mred');
    expect(shown).not.toContain('\x07');
    leave.abort();
  });
});
