import { describe, expect, it } from 'vitest';
import { runCli } from './support/runCli.js';
import { formatUsd } from '../src/core/format.js';

const report = (...flags: string[]) => JSON.parse(runCli(['report', 'fixtures/lesson.json', '--json', ...flags]).stdout);

// No terminal: the strategy flags shape the plain status, and are checked as the dashboard checks them.
describe('the dashboard command with strategy flags, without a terminal', () => {
  it('gives the status under --strategy (and --cache): the sent context and its spend, as `report` has them', () => {
    for (const flags of [['--strategy', 'evict-large'], ['--strategy', 'window', '--model', 'gpt-4o', '--cache']]) {
      const { status, stdout } = runCli(['--demo', '--json', ...flags], '');
      expect(status).toBe(0);
      const expected = report(...flags);
      const keepAll = report(...flags.filter((flag, i) => flag !== '--strategy' && flags[i - 1] !== '--strategy'));
      expect(JSON.parse(stdout)).toMatchObject({
        messages: 12,
        usedTokens: expected.totals.usedTokens,
        cumulativeCost: expected.totals.cumulativeCost,
        strategy: flags[1],
        keepAllCost: keepAll.totals.cumulativeCost,
      });
    }
    const { stdout } = runCli(['replay', 'fixtures/lesson.json', '--strategy', 'evict-large'], '');
    expect(stdout).toContain(`Used: ${report('--strategy', 'evict-large').totals.usedTokens} / 8,192 tokens`);
    expect(stdout).toContain(`Strategy: evict-large (keep-all would have spent ${formatUsd(report().totals.cumulativeCost)})`);
    expect(stdout).toContain(`Refused: ${report('--strategy', 'evict-large').totals.refusedCalls} of 5 calls over the window (billed nothing)`);
  });

  it.each([
    [['--strategy', 'trim'], /--strategy must be one of keep-all, window, evict-large, summarize/],
    [['--budget', 'lots'], /--budget must be a number of US dollars/],
    [['--kv', 'GPT-9'], /--kv must be one of Llama-3\.1-8B, .*Qwen2\.5-7B, .*DeepSeek-V3, got "GPT-9"/],
    [['--kv', 'Llama-2-7B', '--dtype', 'int4'], /--dtype must be one of bf16, fp16, fp8, fp32/],
    [['--gpu-gib', '80'], /--gpu-gib and --dtype describe the KV panel: give --kv SHAPE too/],
    [['--reserve', '9000'], /--reserve must be less than the limit \(8,192 tokens\)/],
  ])('%j exits 2 with one line', (args, message) => {
    const { status, stderr } = runCli(['--demo', ...args], '');
    expect(status).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
