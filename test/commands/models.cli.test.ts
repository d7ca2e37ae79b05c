import { waitForUpdate } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/runCli.js';
import { tempFile } from '../support/tempFile.js';

const LESSON = 'fixtures/lesson.json';

function ok(args: string[]) {
  const result = runCli(args);
  expect(result.status).toBe(0);
  return result;
}

function refused(args: string[]) {
  const result = runCli(args);
  expect(result.status).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  return result.stderr;
}

describe('models', () => {
  it('lists over a thousand models, grouped by provider', () => {
    const { stdout } = ok(['models']);
    for (const provider of ['openai', 'anthropic', 'google', 'x-ai', 'deepseek', 'mistral', 'openrouter']) {
      expect(stdout).toMatch(new RegExp(`^${provider} \\(\\d+ models\\)$`, 'm'));
    }
    const count = Number(/^(\d+) models\. Prices in USD/m.exec(stdout)?.[1]);
    expect(count).toBeGreaterThan(1000);
    const openrouter = Number(/^openrouter \((\d+) models\)$/m.exec(stdout)?.[1]);
    expect(JSON.parse(ok(['models', '--provider', 'openrouter', '--json']).stdout)).toHaveLength(openrouter);
  });

  it('--provider keeps one provider; an unknown one is refused with the list', () => {
    const models = JSON.parse(ok(['models', '--provider', 'anthropic', '--json']).stdout) as { provider: string; id: string }[];
    expect(models.length).toBeGreaterThan(15);
    expect(new Set(models.map((model) => model.provider))).toEqual(new Set(['anthropic']));
    expect(models.map((model) => model.id)).toEqual(expect.arrayContaining(['claude-opus-4-5', 'claude-sonnet-4-5', 'claude-opus-4-6']));
    expect(refused(['models', '--provider', 'nobody'])).toMatch(/no provider "nobody" in the catalog; providers: .*anthropic.*openai/);
  });

  it('a search word keeps the models whose id or name holds it, in every provider', () => {
    const models = JSON.parse(ok(['models', 'gemini-2.5-pro', '--json']).stdout) as { provider: string; id: string; estimate?: boolean }[];
    expect(models.length).toBeGreaterThan(1);
    for (const model of models) {
      expect(model.id).toContain('gemini-2.5-pro');
      expect(model.estimate).toBe(true);
    }
    expect(models.map((model) => `${model.provider}/${model.id}`)).toContain('google/gemini-2.5-pro');
  });

  it('says which entry a dated id resolves to, in the list and when a command uses it', () => {
    expect(ok(['models', 'claude-sonnet-4-20250514']).stdout).toContain('"claude-sonnet-4-20250514" resolves to anthropic claude-sonnet-4-0');
    const count = ok(['count', '--model', 'gpt-4o-2024-08-06', '--json'], );
    expect(JSON.parse(count.stdout)).toMatchObject({ model: 'gpt-4o', encoding: 'o200k_base' });
    expect(count.stderr).toBe('context-accountant: model "gpt-4o-2024-08-06" is priced as openai "gpt-4o" (gpt 4o), by @pydantic/genai-prices 0.1.8\'s match rules\n');
  });
});

/** The pinned source's own table, changed as a newer copy might be: one price, one model gone, one new. */
async function newerTable(): Promise<string> {
  const table = structuredClone(await waitForUpdate()) as unknown as { id: string; models: { id: string; match: unknown; prices: Record<string, unknown> }[] }[];
  const openai = table.find((provider) => provider.id === 'openai')!;
  openai.models.find((model) => model.id === 'gpt-4o')!.prices.input_mtok = 2;
  openai.models.push({ id: 'gpt-test-1', match: { equals: 'gpt-test-1' }, context_window: 100_000, prices: { input_mtok: 1, output_mtok: 4 } } as never);
  const anthropic = table.find((provider) => provider.id === 'anthropic')!;
  anthropic.models = anthropic.models.filter((model) => model.id !== 'claude-2');
  return tempFile('data.json', JSON.stringify(table, null, 1));
}

describe('--prices FILE: a newer table in genai-prices\' own format', () => {
  it('models --prices shows what it changes against the bundled table', async () => {
    const file = await newerTable();
    const changes = JSON.parse(ok(['models', '--prices', file, '--json']).stdout);
    expect(changes.from).toMatchObject({ source: '@pydantic/genai-prices', version: '0.1.8' });
    expect(changes.added).toEqual(['openai/gpt-test-1']);
    expect(changes.removed).toEqual(['anthropic/claude-2']);
    expect(changes.changed).toEqual([{ model: 'openai/gpt-4o', changes: [{ field: 'inputPerMillion', from: 2.5, to: 2 }] }]);
    const text = ok(['models', '--prices', file]).stdout;
    expect(text).toContain('openai/gpt-4o: inputPerMillion 2.5 -> 2');
    expect(text).toContain('added (1):\n  openai/gpt-test-1');
  });

  it('prices a report from the newer table, and knows its new model', async () => {
    const file = await newerTable();
    const bundled = JSON.parse(ok(['report', LESSON, '--model', 'gpt-4o', '--json']).stdout);
    const newer = JSON.parse(ok(['report', LESSON, '--model', 'gpt-4o', '--json', '--prices', file]).stdout);
    // Every call of the lesson bills input at $2 in place of $2.50, output at the same $10.
    expect(newer.totals.usedTokens).toBe(bundled.totals.usedTokens);
    expect(newer.totals.cumulativeCost).toBeLessThan(bundled.totals.cumulativeCost);
    expect(newer.turns[0].nextCallCost).toBeCloseTo((bundled.turns[0].nextCallCost * 2) / 2.5, 12);
    expect(JSON.parse(ok(['count', '--model', 'gpt-test-1', '--prices', file, '--json']).stdout).model).toBe('gpt-test-1');
  });

  it.each([
    ['not JSON', '[{"id": "openai",', /data\.json:1:\d+: invalid JSON/],
    ['not a list', '{"providers": []}', /data\.json:1:1: .*top level: .*expected array/i],
    [
      'a negative price',
      JSON.stringify([{ id: 'acme', name: 'Acme', models: [{ id: 'm1', match: { equals: 'm1' }, prices: { input_mtok: -1, output_mtok: 2 } }] }], null, 1),
      /data\.json:\d+:\d+: provider "acme", model "m1": \[0\]\.models\[0\]\.prices\.input_mtok: /,
    ],
    [
      'a rule that is no regular expression',
      JSON.stringify([{ id: 'acme', name: 'Acme', models: [{ id: 'm1', match: { regex: '(' }, prices: { input_mtok: 1 } }] }], null, 1),
      /provider "acme", model "m1": \[0\]\.models\[0\]\.match\.regex: not a regular expression/,
    ],
    [
      'a model with no match rule',
      JSON.stringify([{ id: 'acme', name: 'Acme', models: [{ id: 'm1', prices: { input_mtok: 1 } }] }], null, 1),
      /provider "acme", model "m1" has no "match" \(\[0\]\.models\[0\]\.match\)/,
    ],
    [
      'a start date that is no date',
      JSON.stringify([{ id: 'acme', name: 'Acme', models: [{ id: 'm1', match: { equals: 'm1' }, prices: [{ prices: { input_mtok: 1 } }, { constraint: { start_date: 'June' }, prices: { input_mtok: 2 } }] }] }], null, 1),
      /\[0\]\.models\[0\]\.prices\[1\]\.constraint\.start_date: a date must be written YYYY-MM-DD/,
    ],
  ])('refuses %s with the file, place and JSON path, exit 2', (_name, content, message) => {
    const file = tempFile('data.json', content);
    expect(refused(['models', '--prices', file])).toMatch(message);
    expect(refused(['count', '--prices', file, '--model', 'gpt-4o'])).toMatch(message);
  });
});
