import OpenAI from 'openai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { apiServerPerFile, CHAT_USAGE } from '../support/apiServer.js';
import { CLI } from '../support/runCli.js';
import { hasTmux, Tmux } from '../support/tmux.js';

/**
 * Reported calls in a real terminal: the built bin replaying a Claude Code log, and the proxy's
 * live dashboard showing a call a real `openai` client makes through it to a local upstream.
 */
const CLAUDE_LOG = resolve('fixtures/logs/claude-code/-home-dev-projects-billing/d699f099-6148-48fc-a765-0bf5dbccfe29.jsonl');
const tmux = hasTmux ? new Tmux() : undefined;
const upstream = apiServerPerFile();
const state = mkdtempSync(join(tmpdir(), 'ca-calls-state-'));
const bin = (args: string) => `NO_COLOR=1 XDG_STATE_HOME=${state} ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} ${args}`;
const text = (screen: string[]) => screen.join('\n');

afterAll(() => tmux?.close());

describe.skipIf(!hasTmux)('reported calls in tmux', () => {
  it('replays a Claude Code log call by call: the calls, the session total of report LOG, the cost chart', async () => {
    tmux!.start('replay', 120, 40, bin(`replay ${JSON.stringify(CLAUDE_LOG)}`), process.cwd());
    await tmux!.waitFor('replay', (s) => text(s).includes('call 0/5'), 'the replay, no call shown');
    tmux!.key('replay', 'C-n');
    const first = await tmux!.waitFor('replay', (s) => text(s).includes('call 1/5'), 'the first call');
    // fixtures/README.md: 3 input + 5,000 5-minute write + 120 output on claude-sonnet-4-5 = $0.020559.
    expect(text(first)).toContain('$0.021 · 5,003 in · 5,000 written · 120 out');
    tmux!.key('replay', 'C-p');
    const all = await tmux!.waitFor('replay', (s) => text(s).includes('call 5/5'), 'every call played');
    // Session total $0.043839 (the README's), shown to two significant digits.
    expect(text(all)).toContain('spent $0.044 reported');
    expect(text(all)).toContain('claude-haiku-4-5-20251001 [a1b2c3]');
    expect(text(all)).toContain('cost per call');
    for (const line of all) expect([...line].length).toBeLessThanOrEqual(120);
  });

  it('proxy in a terminal: a call made with the openai SDK appears on the dashboard with its reported usage, cost and reply', async () => {
    tmux!.start('proxy', 100, 30, bin(`proxy --port 0 --no-journal --openai-upstream ${upstream().url}`), process.cwd());
    const listening = await tmux!.waitFor('proxy', (s) => /proxy http:\/\/127\.0\.0\.1:\d+/.test(text(s)), 'the live dashboard');
    expect(text(listening)).toContain('live · 0 calls');
    const url = /proxy (http:\/\/127\.0\.0\.1:\d+)/.exec(text(listening))![1]!;
    const client = new OpenAI({ apiKey: 'sk-tmux-test', baseURL: `${url}/v1`, maxRetries: 0 });
    await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello there.' }] });
    const reported = `${CHAT_USAGE.prompt_tokens.toLocaleString('en-US')} in · 1,024 read`;
    const shown = await tmux!.waitFor('proxy', (s) => text(s).includes(reported), 'the call with its reported usage');
    expect(text(shown)).toContain('live · 1 call');
    expect(text(shown)).not.toContain('waiting');
    expect(text(shown)).toMatch(/#1 \d\d:\d\d:\d\d gpt-4o/);
    expect(text(shown)).not.toContain('sk-tmux-test');
    // The reply's text in its pane under the list, once the feed has handed it on.
    const replied = await tmux!.waitFor('proxy', (s) => text(s).includes('reply · #1 done'), 'the reply pane');
    expect(text(replied)).toContain('The log says the connection was refused.');
  });
});
