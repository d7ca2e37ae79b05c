import { cleanup } from 'ink-testing-library';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { usageLogCalls, usageLogReport } from '../../src/commands/usageLogInput.js';
import { formatPercent, formatUsd } from '../../src/core/format.js';
import { priceReportedCall } from '../../src/core/report/usageReport.js';
import type { DashboardAction } from '../../src/ui/state/dashboardReducer.js';
import { liveCalls, replayedCalls } from '../../src/ui/state/reportedCalls.js';
import { isTerminalSafe } from '../../src/core/sanitize.js';
import { CTRL, ENTER, renderDashboard, TAB, until } from '../support/renderDashboard.js';
import { tempFile } from '../support/tempFile.js';

afterEach(cleanup);

const LOGS = fileURLToPath(new URL('../../fixtures/logs/', import.meta.url));
const CLAUDE_DIR = join(LOGS, 'claude-code/-home-dev-projects-billing');
const CLAUDE = join(CLAUDE_DIR, readdirSync(CLAUDE_DIR).find((name) => name.endsWith('.jsonl'))!);
const CODEX = join(LOGS, 'codex/2026/11/30', readdirSync(join(LOGS, 'codex/2026/11/30'))[0]!);
const GEMINI = join(LOGS, 'gemini/chats/session-2026-11-30T11-00.json');
const CHAT = join(LOGS, 'api/chat-completions.jsonl');

/** The frame's figures once every call of `log` is shown: what the cost panel says. */
async function replayAll(log: string, size = { columns: 120, rows: 40 }) {
  const priced = await usageLogCalls(log, {});
  const { calls } = priced;
  const app = await renderDashboard({ calls: replayedCalls(log, priced) }, size);
  await until(app.frame, (f) => f.includes(`call 0/${calls.length}`), 'the replay');
  for (let i = 1; i <= calls.length; i++) {
    await app.press(CTRL.n);
    await until(app.frame, (f) => f.includes(`call ${i}/${calls.length}`), `call ${i}`);
  }
  return { ...app, calls };
}

describe('the dashboard replaying an agent or API log', () => {
  it.each([
    ['Claude Code (subagent, failed and unpriced calls)', CLAUDE],
    ['Codex CLI', CODEX],
    ['gemini-cli', GEMINI],
    ['Chat Completions', CHAT],
  ])('%s: the cost panel shows report LOG --json\'s spend, list price (cost + cachingSaved) and cache hit rate', async (_, log) => {
    const { frame } = await replayAll(log);
    const totals = (await usageLogReport(log, {})).usageTotals;
    const shown = frame();
    expect(shown).toContain(`spent ${formatUsd(totals.cost)} reported`);
    expect(shown).toContain(`list price ${formatUsd(totals.cost + totals.cachingSaved)} (no cache)`);
    expect(shown).toContain(`caching saved ${formatUsd(totals.cachingSaved)}`);
    expect(shown).toContain(`cache hit ${formatPercent(totals.cacheHitRate * 100)} · ${totals.calls} calls`);
  });

  it('Codex: the figures the fixtures README works out by hand ($0.023 + $0.01779 + $0.0186144; cache hit 26,368 / 47,000)', async () => {
    const { frame } = await replayAll(CODEX);
    expect(frame()).toContain(`spent ${formatUsd(0.023 + 0.01779 + 0.0186144)} reported`);
    expect(frame()).toContain('cache hit 56.1% · 3 calls');
    // The gauge: the last call's 20,000-token prompt against the window the rollout reports.
    expect(frame()).toMatch(/20,000 \/ 272,000 \(7\.4%\)/);
  });

  it("Claude Code, call by call: the first call's figures ($0.020559), Ctrl+B takes it back, the subagent's call attributed", async () => {
    const { frame, press } = await renderDashboard({ calls: replayedCalls(CLAUDE, await usageLogCalls(CLAUDE, {})) }, { columns: 120, rows: 40 });
    await press(CTRL.n);
    const first = await until(frame, (f) => f.includes('call 1/5'));
    expect(first).toContain('$0.021 · 5,003 in · 5,000 written · 120 out');
    expect(first).toContain('spent $0.021 reported');
    expect(first).toContain('5,003 / 200,000 (2.5%)');
    await press(CTRL.b);
    expect(await until(frame, (f) => f.includes('call 0/5'))).toContain('no calls yet');
    for (let i = 0; i < 5; i++) await press(CTRL.n);
    const all = await until(frame, (f) => f.includes('call 5/5'));
    expect(all).toContain('[a1b2c3]');
    expect(all).toContain('claude-imaginary-9');
    expect(all).toContain('unpriced (not in the catalog)');
    expect(all).toContain('1 failed · 1 unpriced');
  });

  it("shows each call's turn as it replays: the prompt, thinking, the reply, a tool call on one line; the footer steps calls, no Tab with one session", async () => {
    const { frame, press } = await renderDashboard({ calls: replayedCalls(CLAUDE, await usageLogCalls(CLAUDE, {})) }, { columns: 120, rows: 40 });
    await press(CTRL.n);
    const first = await until(frame, (f) => f.includes('call 1/5'));
    expect(first).toContain('› The invoice totals are off by a cent. Find out why.');
    expect(first).toContain('thinking: Look at the rounding first.');
    expect(first).toContain('‹ I will read totals.ts.');
    expect(first).not.toContain('Reading the file.');
    expect(first).toContain('Ctrl+N next call');
    expect(first).not.toMatch(/Tab +session|next turn/);
    await press(CTRL.n);
    await press(CTRL.n);
    const third = await until(frame, (f) => f.includes('call 3/5'));
    expect(third).toContain('tool Read {"file_path":"/home/dev/projects/billing/src/totals');
    // The file read goes back with the next request, named by the call it answers.
    expect(third).toContain('result Read, 3 lines: import { sum } from "./sum";');
    expect(third).toContain('Enter unfold');
    // Enter unfolds the newest call's turn: the result's lines under its label; Enter again folds it.
    await press(ENTER);
    const unfolded = await until(frame, (f) => f.includes('result Read:'));
    expect(unfolded).toMatch(/│ {5}export const total = \(xs\) => Math\.round\(sum\(xs\) \* 100\) \/ 100;/);
    await press(ENTER);
    expect(await until(frame, (f) => !f.includes('result Read:'))).toContain('result Read, 3 lines:');
  });

  it("a log's text never drives the terminal: escape sequences and bidi overrides in a prompt, a reply and a tool's name are shown escaped", async () => {
    const hostile = 'clear\x1b[2J\x1b]0;pwned\x07\u009b31m\u202eevil';
    const line = (n: number, record: object) => JSON.stringify({ parentUuid: null, isSidechain: false, sessionId: 's', uuid: `u${n}`, ...record });
    const text = [
      line(1, { type: 'user', message: { role: 'user', content: hostile } }),
      line(2, { type: 'assistant', message: { id: 'm1', model: 'claude-haiku-4-5', content: [{ type: 'text', text: hostile }, { type: 'tool_use', id: 't1', name: hostile, input: { x: hostile } }], usage: { input_tokens: 10, output_tokens: 5 } } }),
      '',
    ].join('\n');
    const file = tempFile('hostile.jsonl', text);
    const { frame, press } = await renderDashboard({ calls: replayedCalls(file, await usageLogCalls(file, {})) }, { columns: 120, rows: 40 });
    await press(CTRL.n);
    const shown = await until(frame, (f) => f.includes('call 1/1'));
    expect(shown).toContain('› clear\\e[2J\\e]0;pwned\\a\\u009b31m\\u202eevil');
    expect(shown).toMatch(/tool clear\\e\[2J/);
    expect(isTerminalSafe(shown)).toBe(true);
  });

  it('--model prices the replay as report prices it: the unknown model\'s call at claude-haiku-4-5 (100 x $1 + 50 x $5 = $0.00035)', async () => {
    const flags = { model: 'claude-haiku-4-5' };
    const priced = await usageLogCalls(CLAUDE, flags, { modelGiven: true });
    const report = await usageLogReport(CLAUDE, flags, [], { modelGiven: true });
    expect(priced.calls.map((call) => call.row.cost)).toEqual(report.calls.map((row) => row.cost));
    expect(priced.calls[3]!.row.cost).toBe(0.00035);
    // The replay's opening notice carries the report's notes: what --model priced.
    expect(priced.notes).toEqual(report.notes);
    expect(priced.notes).toContain("--model claude-haiku-4-5: priced 1 call on claude-imaginary-9 (not in the catalog) as claude-haiku-4-5, an assumption (the tokens are the log's)");
    const { frame, press } = await renderDashboard({ calls: replayedCalls(CLAUDE, priced) }, { columns: 120, rows: 40 });
    for (let i = 0; i < 5; i++) await press(CTRL.n);
    const all = await until(frame, (f) => f.includes('call 5/5'));
    expect(all).toContain(`spent ${formatUsd(report.usageTotals.cost)} reported`);
    expect(all).not.toContain('unpriced');
  });

  it("--price-in prices the replay at the user's price, the cache read in the catalog's ratio (Codex: $0.032 + $0.021264 + $0.0202736)", async () => {
    const priced = await usageLogCalls(CODEX, { priceIn: '2' });
    // Call 2: 3,480 x $2 + 11,520 x $0.20 (a tenth of input, as gpt-5.1's $0.125 is of $1.25) + 1,200 x $10.
    expect(priced.calls.map((call) => call.row.cost)).toEqual([0.032, 0.021264, 0.0202736]);
    expect(priced.notes).toEqual([expect.stringMatching(/^at your prices: --price-in \$2 per 1M tokens for every call priced/)]);
    const { frame, press } = await renderDashboard({ calls: replayedCalls(CODEX, priced) }, { columns: 120, rows: 40 });
    await press(CTRL.p);
    expect(await until(frame, (f) => f.includes('call 3/3'))).toContain(`spent ${formatUsd(0.032 + 0.021264 + 0.0202736)} at your prices`);
  });

  it.each([
    [80, 24],
    [40, 12],
  ])('fits %ix%i: no row wider than the terminal, the spend on screen', async (columns, rows) => {
    const { frame } = await replayAll(CODEX, { columns, rows });
    const lines = frame().split('\n');
    expect(lines.length).toBeLessThanOrEqual(rows);
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(columns);
    expect(frame()).toContain('spent $0.059');
  });

  it('Ctrl+O on a log from the conversation dashboard replays its calls', async () => {
    const { frame, press } = await renderDashboard({}, { columns: 120, rows: 40 });
    await press(CTRL.o);
    await press(CODEX);
    await press(ENTER);
    await until(frame, (f) => f.includes('call 0/3'), 'the log loaded');
    await press(CTRL.p);
    expect(await until(frame, (f) => f.includes('call 3/3'), 'played to the end')).toContain('cache hit 56.1% · 3 calls');
  });
});

describe('the live dashboard (a live source of reported calls)', () => {
  it('shows a request as counted, then its reported usage; a refusal with why; Tab switches clients', async () => {
    let send: (action: DashboardAction) => void = () => undefined;
    const subscribe = (dispatch: (action: DashboardAction) => void) => {
      send = dispatch;
      return () => undefined;
    };
    const { frame, press } = await renderDashboard({ calls: liveCalls('proxy http://127.0.0.1:8787'), subscribe }, { columns: 120, rows: 40 });
    await until(frame, (f) => f.includes('live · 0 calls'));
    send({ type: 'callRequested', session: 'aaaa11112222', model: 'gpt-4o', counted: { tokens: 1190, limit: 128000, estimate: false } });
    const waiting = await until(frame, (f) => f.includes('waiting for the reported usage'));
    expect(waiting).toContain('1,190 / 128,000 counted');
    const usage = { input: 176, cacheRead: 1024, cacheWrite5m: 0, cacheWrite1h: 0, output: 300, reasoning: 120 };
    const priced = priceReportedCall({ model: 'gpt-4o', at: undefined, agent: 'main', usage, contextWindow: 128000 }, 1, 'proxy');
    send({ type: 'callReported', session: 'aaaa11112222', priced, countedTokens: 1190 });
    const reported = await until(frame, (f) => f.includes('1,200 in · 1,024 read'));
    expect(reported).not.toContain('waiting');
    expect(reported).toContain(`spent ${formatUsd(priced.row.cost!)} reported`);
    expect(reported).toContain('cache hit 85.3% · 1 call');
    send({ type: 'callRefused', session: 'aaaa11112222', model: '', why: 'budget exceeded: session spent $2.00 of $2.00' });
    expect(await until(frame, (f) => f.includes('refused'))).toContain('budget exceeded: session spent $2.00 of $2.00');
    send({ type: 'callRequested', session: 'bbbb33334444', model: 'gpt-4o-mini', counted: { tokens: 50, limit: 128000, estimate: false } });
    await until(frame, (f) => f.includes('session 1/2'));
    expect(frame()).not.toContain('gpt-4o-mini');
    await press(TAB);
    const second = await until(frame, (f) => f.includes('session 2/2'));
    expect(second).toContain('client bbbb33334444');
    expect(second).toContain('gpt-4o-mini');
  });
});
