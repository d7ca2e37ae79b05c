import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { requireModel } from '../../src/core/catalog.js';
import { renderDashboard } from '../support/renderDashboard.js';
import { runCli } from '../support/runCli.js';

const LESSON = 'fixtures/lesson.json';
const LINE = "estimate: tokens and prices are counted with a stand-in tokenizer, not the provider's";

function ok(args: string[], input?: string) {
  const result = runCli(args, input);
  expect(result.status).toBe(0);
  return result.stdout;
}

// [model, is an estimate]: Anthropic's and Google's tokenizers are not ours; OpenAI's is.
describe.each([
  ['claude-sonnet-4-5', true],
  ['gemini-2.5-pro', true],
  ['gpt-4o', false],
])('%s: every output says whether its figures are estimates', (model, estimate) => {
  it('count, text and JSON', () => {
    expect(ok(['count', '--model', model], 'Hello there.')).toMatch(estimate ? /^\d+ \(estimate\)\n$/ : /^\d+\n$/);
    expect(JSON.parse(ok(['count', '--model', model, '--json'], 'Hello there.')).estimate).toBe(estimate ? true : undefined);
  });

  it('report, with and without a strategy, text, JSON and CSV', () => {
    for (const extra of [[], ['--strategy', 'window']]) {
      expect(ok(['report', LESSON, '--model', model, ...extra]).includes(LINE)).toBe(estimate);
      expect(JSON.parse(ok(['report', LESSON, '--model', model, '--json', ...extra])).estimate).toBe(estimate ? true : undefined);
    }
    const csv = ok(['report', LESSON, '--model', model, '--csv']).trim().split(/\r?\n/);
    expect(csv[0]!.split(',').at(-1)).toBe('estimate');
    for (const row of csv.slice(1)) expect(row.split(',').at(-1)).toBe(String(estimate));
  });

  it('compare and simulate, text and JSON', () => {
    expect(ok(['compare', LESSON, '--model', model]).includes(LINE)).toBe(estimate);
    expect(JSON.parse(ok(['compare', LESSON, '--model', model, '--json'])).estimate).toBe(estimate ? true : undefined);
    expect(ok(['simulate', '--model', model]).includes(LINE)).toBe(estimate);
    expect(JSON.parse(ok(['simulate', '--model', model, '--json'])).estimate).toBe(estimate ? true : undefined);
  });

  it('exports: Markdown, JSON and CSV', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ca-estimate-'));
    for (const name of ['out.md', 'out.json', 'out.csv']) ok(['report', LESSON, '--model', model, '--out', join(folder, name)]);
    expect(readFileSync(join(folder, 'out.md'), 'utf8').includes('stand-in tokenizer')).toBe(estimate);
    expect(JSON.parse(readFileSync(join(folder, 'out.json'), 'utf8')).estimate).toBe(estimate ? true : undefined);
    const csv = readFileSync(join(folder, 'out.csv'), 'utf8').split('\n');
    const column = csv[0]!.split(',').indexOf('estimate');
    expect(column).toBeGreaterThan(0);
    expect(csv[1]!.split(',')[column]).toBe(String(estimate));
  });
});

describe('the dashboard', () => {
  let unmount: (() => void) | undefined;
  afterEach(() => unmount?.());

  it("names a Claude model with '(estimate)' in its header, an OpenAI model without", async () => {
    const claude = await renderDashboard({ model: requireModel('claude-sonnet-4-5') }, { columns: 120, rows: 40 });
    unmount = claude.unmount;
    expect(claude.frame().split('\n')[0]).toContain('claude-sonnet-4-5 (estimate)');
    expect(claude.frame()).toContain('claude-sonnet-4-5: $3 in / $15 out per 1M · estimates');
    expect(claude.frame()).toContain('claude-sonnet-4-5: counts and prices are estimates');
    claude.unmount();
    // Too narrow for the model's name: the label stays, the replay position shortens.
    const narrow = await renderDashboard({ model: requireModel('gemini-2.5-pro') }, { columns: 40, rows: 12 });
    unmount = narrow.unmount;
    expect(narrow.frame().split('\n')[0]).toMatch(/^context-accountant · estimate/);
    narrow.unmount();
    const gpt = await renderDashboard({ model: requireModel('gpt-4o') }, { columns: 120, rows: 40 });
    unmount = gpt.unmount;
    expect(gpt.frame().split('\n')[0]).toContain('gpt-4o · 128,000-token window');
    expect(gpt.frame()).not.toContain('estimate');
  });
});
