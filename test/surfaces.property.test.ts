import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { requireModel } from '../src/core/catalog.js';
import type { ChatMessage } from '../src/core/chatFormat.js';
import { formatUsd } from '../src/core/format.js';
import { conversations, user, words } from './support/conversations.js';
import { renderDashboard, until } from './support/renderDashboard.js';
import { runCli } from './support/runCli.js';

afterEach(cleanup);

/**
 * Issue 12's promise: one engine, so every surface shows the same figures. Random conversations go
 * through every command that prints money, and through the dashboard, on a model with a price
 * tier (claude-sonnet-4-5 at --limit 1,000,000: the maintained price source gives claude-sonnet-4 no tier; with a paste that takes calls past 200k), one with
 * prompt caching (gpt-4o --cache) and a plain one whose window refuses calls (gpt-4 at --limit 600).
 */
interface Setup {
  readonly name: string;
  readonly flags: readonly string[];
  readonly model: () => ReturnType<typeof requireModel>;
  readonly cache: boolean;
  /** A user message this large is pasted in, so calls after it cross the price tier, or the window. */
  readonly paste?: number;
}

const SETUPS: readonly Setup[] = [
  { name: 'claude-sonnet-4-5 --limit 1000000 (tiered)', flags: ['--model', 'claude-sonnet-4-5', '--limit', '1000000'], model: () => requireModel('claude-sonnet-4-5', { limit: 1_000_000 }), cache: false, paste: 105_000 },
  { name: 'gpt-4o --cache', flags: ['--model', 'gpt-4o', '--cache'], model: () => requireModel('gpt-4o'), cache: true },
  { name: 'gpt-4 --limit 600 (refusals)', flags: ['--model', 'gpt-4', '--limit', '600'], model: () => requireModel('gpt-4', { limit: 600 }), cache: false, paste: 700 },
];

const RUNS = 3;

function json(args: readonly string[]) {
  const result = runCli(args, '');
  expect(result.stderr.replace(/^context-accountant: not a terminal.*\n?/m, '')).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout);
}

interface Figures {
  readonly spent: number;
  readonly nextCallCost: number;
  readonly usedTokens: number;
  readonly refusedCalls: number;
}

/** The conversation, with the setup's paste (then a reply) in the middle when it has one. */
function withPaste(messages: ChatMessage[], setup: Setup): ChatMessage[] {
  if (!setup.paste) return messages;
  const at = Math.floor(messages.length / 2);
  return [...messages.slice(0, at), user(words(setup.paste)), { role: 'assistant', content: 'Noted.' }, ...messages.slice(at)];
}

describe.each(SETUPS)('every surface agrees on $name', (setup) => {
  const samples = fc.sample(conversations, { numRuns: RUNS, seed: 12 }).map((messages) => withPaste(messages, setup));

  it.each(samples.map((messages, i) => [i, messages] as const))('conversation %i: report, CSV, text, compare, status, replay, exports and the dashboard', async (_, messages) => {
    expect(messages.length).toBeGreaterThan(0);
    const dir = mkdtempSync(join(tmpdir(), 'ca-surfaces-'));
    const file = join(dir, 'chat.json');
    writeFileSync(file, JSON.stringify({ messages }));
    const flags = setup.flags;

    const report = json(['report', file, '--json', ...flags]);
    expect(report.turns).toHaveLength(messages.length);
    const last = report.turns[report.turns.length - 1];
    const expected: Figures = {
      spent: report.totals.cumulativeCost,
      nextCallCost: last.nextCallCost,
      usedTokens: report.totals.usedTokens,
      refusedCalls: report.totals.refusedCalls,
    };
    // Refused calls bill nothing: the spend is the sum of what the accepted calls' turns added.
    const refusedTurns = report.turns.filter((turn: { refused: boolean }) => turn.refused).length;
    expect(refusedTurns).toBeLessThanOrEqual(expected.refusedCalls);
    // The paste takes the tiered model's calls past 200k, and gpt-4's past its 600-token window.
    if (setup.name.includes('tiered')) expect(report.priceTierWarnings.length).toBeGreaterThan(0);
    if (setup.name.includes('refusals')) expect(expected.refusedCalls).toBeGreaterThan(0);

    // report --csv: the last row.
    const csv = runCli(['report', file, '--csv', ...flags]).stdout.trimEnd().split('\r\n');
    const header = csv[0]!.split(',');
    const row = csv[csv.length - 1]!.split(',');
    expect(csv).toHaveLength(messages.length + 1);
    expect(Number(row[header.indexOf('cumulativeCost')])).toBe(expected.spent);
    expect(Number(row[header.indexOf('nextCallCost')])).toBe(expected.nextCallCost);
    expect(Number(row[header.indexOf('usedTokens')])).toBe(expected.usedTokens);

    // report (text).
    const text = runCli(['report', file, ...flags]).stdout;
    expect(text).toContain(`spent ${formatUsd(expected.spent)}`);

    // compare: keep-all's row.
    const compare = json(['compare', file, '--json', ...flags]);
    expect(compare.strategies).toHaveLength(4);
    expect(compare.strategies[0]).toMatchObject({ strategy: 'keep-all', cumulativeCost: expected.spent, finalTokens: expected.usedTokens, refusedCalls: expected.refusedCalls });

    // The bare command's and replay's status, JSON and plain.
    for (const command of [[file], ['replay', file]]) {
      const status = json([...command, '--json', '--no-journal', ...flags]);
      expect(status).toMatchObject({ cumulativeCost: expected.spent, nextCallCost: expected.nextCallCost, usedTokens: expected.usedTokens, refusedCalls: expected.refusedCalls });
      const plain = runCli([...command, '--no-journal', ...flags], '').stdout;
      expect(plain).toContain(`Spent so far: ${formatUsd(expected.spent)}`);
      expect(plain).toContain(`Cost of next API call: ${formatUsd(expected.nextCallCost)}`);
    }

    // report --out: the JSON and CSV exports.
    expect(runCli(['report', file, '--out', join(dir, 'out.json'), ...flags]).status).toBe(0);
    const exported = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
    expect(exported.totals).toEqual(report.totals);
    expect(exported.turns).toEqual(report.turns);

    // The dashboard, on the same history: its cost panel and the Ctrl+X export.
    const app = await renderDashboard(
      { model: setup.model(), history: messages, accounting: { cache: setup.cache }, place: { cwd: dir } },
      { columns: 160, rows: 48 },
    );
    const frame = await until(app.frame, (f) => f.includes(`${messages.length} messages`) && !f.includes('counting'), 'the history counted');
    expect(frame).toContain(`session spend  ${formatUsd(expected.spent)}`);
    expect(frame).toContain(`next call      ${formatUsd(expected.nextCallCost)}`);
    await app.press('\x18');
    await until(app.frame, (f) => f.includes('.md'), 'the export prompt');
    // Clear the proposed name (Ctrl+U), then type ours and confirm, as fast typing arrives: in one read.
    await app.press('\x15dash.json\r');
    await until(app.frame, (f) => f.includes('wrote '), 'the export');
    const dashboardExport = JSON.parse(readFileSync(join(dir, 'dash.json'), 'utf8'));
    expect(dashboardExport.totals).toEqual(report.totals);
    expect(dashboardExport.turns).toEqual(report.turns);
    app.unmount();
  });
});
