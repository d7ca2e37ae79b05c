import { describe, expect, it } from 'vitest';
import { runCli } from '../support/runCli.js';
import { tempFile } from '../support/tempFile.js';
import { formatUsd } from '../../src/core/format.js';

/** A figure as a regular expression matches it literally (`$` and `.`). */
const escape = (text: string) => text.replace(/[$.]/g, '\\$&');

const LESSON = 'fixtures/lesson.json';
const STRATEGIES = ['keep-all', 'window', 'evict-large', 'summarize'];

function json(args: string[]) {
  const result = runCli(args);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout);
}

describe('report --strategy', () => {
  it('evicts an agent loop\'s large tool results by calls: one user turn, and still a saving', () => {
    const file = 'fixtures/agent-tools.json';
    const keepAll = json(['report', file, '--json', '--model', 'gpt-4o']);
    const evicted = json(['report', file, '--json', '--model', 'gpt-4o', '--strategy', 'evict-large']);
    // It saved 0.0% here: the fixture has one user turn, and evict-large went by user turns only.
    expect(evicted.totals.cumulativeCost).toBeLessThan(keepAll.totals.cumulativeCost * 0.5);
    expect(evicted.totals).toMatchObject({ calls: keepAll.totals.calls, refusedCalls: 0 });
    // Message 4 (the build log, a tool result) and the call it answers (message 3) leave after message 7,
    // the second reply call to send the log: the context after it is smaller by both.
    const [call, log] = [keepAll.turns[2].tokens, keepAll.turns[3].tokens];
    expect(keepAll.turns[6].usedTokens - evicted.turns[6].usedTokens).toBe(call + log);
    expect(evicted.turns[5].usedTokens).toBe(keepAll.turns[5].usedTokens);
    expect(evicted.notes.join('\n')).toContain('evicted by calls: large tool results and the tool calls they answer, once 2 reply calls had sent them');
    const compare = runCli(['compare', file, '--model', 'gpt-4o']).stdout;
    const row = compare.split('\n').find((line) => line.startsWith('evict-large'))!;
    expect(row).toMatch(new RegExp(`${escape(formatUsd(evicted.totals.cumulativeCost))}\\s+${escape(formatUsd(keepAll.totals.cumulativeCost - evicted.totals.cumulativeCost))}$`));
  });

  it('sends less after the log is evicted, in the same JSON shape', () => {
    // gpt-4o: its 128k window takes every call, so both strategies bill every reply.
    const keepAll = json(['report', LESSON, '--json', '--model', 'gpt-4o']);
    const evicted = json(['report', LESSON, '--json', '--model', 'gpt-4o', '--strategy', 'evict-large']);
    expect(evicted.strategy).toBe('evict-large');
    expect(Object.keys(evicted.turns[0]).sort()).toEqual(Object.keys(keepAll.turns[0]).sort());
    expect(Object.keys(evicted.totals).sort()).toEqual(['calls', 'cumulativeCost', 'messages', 'refusedCalls', 'usedTokens']);
    expect(evicted.totals).toMatchObject({ calls: 5, refusedCalls: 0 });
    // Up to message 4 both send everything; at message 5 (the second follow-up) the log is gone.
    expect(evicted.turns.slice(0, 5).map((t: { usedTokens: number }) => t.usedTokens)).toEqual(
      keepAll.turns.slice(0, 5).map((t: { usedTokens: number }) => t.usedTokens),
    );
    expect(keepAll.turns[5].usedTokens - evicted.turns[5].usedTokens).toBe(keepAll.turns[1].tokens);
    expect(evicted.totals.cumulativeCost).toBeLessThan(keepAll.totals.cumulativeCost);
    // Numbered from 1: the log is message 2, evicted after the user turn at message 6.
    expect(evicted.notes.join('\n')).toContain('message 2 (10,011 tokens) removed after message 6');
  });

  it("on gpt-4's 8,192-token window bills nothing for the lesson: every call is refused, and says so", () => {
    const report = json(['report', LESSON, '--json']);
    expect(report.turns.length).toBe(12);
    expect(report.turns.map((t: { refused: boolean }) => t.refused)).toEqual(report.turns.map((t: { role: string }) => t.role === 'assistant'));
    expect(report.turns.map((t: { index: number }) => t.index)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(report.totals).toMatchObject({ calls: 5, refusedCalls: 5, cumulativeCost: 0 });
    const text = runCli(['report', LESSON]).stdout;
    expect(text).toContain('refused: 5 of 5 calls over the 8,192-token window (the API answers context_length_exceeded): billed nothing');
    expect(text).toMatch(new RegExp(`^3\\s+assistant\\s+13\\s+10,034\\s+122\\.5%\\s+${escape(formatUsd((10_034 * 30) / 1e6))}\\s+${escape(formatUsd(0))}\\s+refused$`, 'm'));
  });

  it('with --cache bills less for gpt-4o but sends the same tokens', () => {
    const plain = json(['report', LESSON, '--json', '--model', 'gpt-4o']);
    const cached = json(['report', LESSON, '--json', '--model', 'gpt-4o', '--cache']);
    expect(cached.cache).toBe(true);
    expect(cached.turns.map((t: { usedTokens: number }) => t.usedTokens)).toEqual(plain.turns.map((t: { usedTokens: number }) => t.usedTokens));
    expect(cached.totals.cumulativeCost).toBeLessThan(plain.totals.cumulativeCost);
  });

  it('prints the budget, a banner once it is crossed, and the turns left', () => {
    // gpt-4o bills each reply ~$0.025 (the log on every call): $0.0503 after the second reply, message 5.
    const report = json(['report', LESSON, '--json', '--budget', '0.05', '--model', 'gpt-4o']);
    expect(report.budget).toMatchObject({ budget: 0.05, budgetCrossedAt: 5, turnsUntilBudget: 0 });
    const text = runCli(['report', LESSON, '--budget', '0.05', '--model', 'gpt-4o']).stdout;
    expect(text).toContain(`BUDGET EXCEEDED: spent ${formatUsd(0.12629)} of $0.05, over it after message 5`);
    expect(text).toContain('calls until the 128,000-token limit: 5,125');
    const over = runCli(['report', LESSON, '--budget', '0.5']).stdout;
    expect(over).toContain('calls until the 8,192-token limit: 0 (the next call is already above it)');
  });

  it('labels a Claude model\'s counts as an approximation', () => {
    const report = json(['report', LESSON, '--json', '--model', 'claude-sonnet-4-5']);
    expect(report.notes.join('\n')).toContain("Anthropic's tokenizer is not public");
  });
});

describe('models', () => {
  it("lists claude-sonnet-4-5 with its caveats: estimated counts, the 200k price tier, write-read caching", () => {
    const { stdout } = runCli(['models', 'claude-sonnet-4-5']);
    expect(stdout).toMatch(/claude-sonnet-4-5\s+o200k_base \(estimate\)\s+200,000\s+64,000\s+\$3\s+\$15\s+\$0\.3\s+\$3\.75 \/ \$6\s+estimate, tiers/);
    expect(stdout).toContain("claude-sonnet-4-5: estimate: Anthropic's tokenizer is not public");
    expect(stdout).toContain('claude-sonnet-4-5: a call above 200,000 input tokens is billed $6 / $22.5 per 1M, all of it.');
    const entry = JSON.parse(runCli(['models', 'claude-sonnet-4-5', '--json']).stdout).find((m: { id: string }) => m.id === 'claude-sonnet-4-5');
    expect(entry.promptCache).toMatchObject({ style: 'write-read', writeMultiplier: 1.25, readMultiplier: 0.1, minTokens: 1024 });
    expect(entry).toMatchObject({ estimate: true, cacheWritePerMillion: 3.75, cacheWrite1hPerMillion: 6 });
  });
});

describe('compare', () => {
  it('prints one row per strategy whose totals match each report, savings against keep-all', () => {
    const report = json(['compare', LESSON, '--json']);
    expect(report.strategies.map((row: { strategy: string }) => row.strategy)).toEqual(STRATEGIES);
    for (const row of report.strategies) {
      expect(Object.keys(row).sort()).toEqual(['cumulativeCost', 'finalTokens', 'overLimitCalls', 'peakTokens', 'refusedCalls', 'savings', 'strategy']);
      const single = json(['report', LESSON, '--json', '--strategy', row.strategy]);
      const used = single.turns.map((t: { usedTokens: number }) => t.usedTokens);
      expect(row.cumulativeCost).toBe(single.totals.cumulativeCost);
      expect(row.refusedCalls).toBe(single.totals.refusedCalls);
      expect(row.overLimitCalls).toBe(row.refusedCalls);
      expect(row.finalTokens).toBe(used[used.length - 1]);
      // The peak is the largest request a call sent: the context before a reply (summaries can send more).
      const replyPeak = Math.max(...single.turns.flatMap((t: { role: string }, i: number) => (t.role === 'assistant' ? [used[i - 1]] : [])));
      if (row.strategy === 'summarize') expect(row.peakTokens).toBeGreaterThanOrEqual(replyPeak);
      else expect(row.peakTokens).toBe(replyPeak);
      expect(row.savings).toBeCloseTo(report.strategies[0].cumulativeCost - row.cumulativeCost, 12);
    }
    expect(report.strategies[0]).toMatchObject({ peakTokens: 10_113, finalTokens: 10_136, refusedCalls: 5, overLimitCalls: 5, savings: 0 });
  });

  it('prints a table and, with --chart, keep-all against the best saver or the chosen strategy', () => {
    const { stdout } = runCli(['compare', LESSON, '--chart']);
    expect(stdout).toMatch(/strategy\s+peak\s+final\s+refused calls\s+spent\s+saving/);
    expect(stdout).toMatch(new RegExp(`keep-all\\s+10,113\\s+10,136\\s+5\\s+${escape(formatUsd(0))}\\s+-`));
    // On gpt-4o every call is billed: the best saver is evict-large, which drops the log.
    const best = runCli(['compare', LESSON, '--model', 'gpt-4o', '--chart']).stdout;
    expect(best).toContain('Input cost per reply call: # keep-all, * evict-large');
    const chosen = runCli(['compare', LESSON, '--model', 'gpt-4o', '--chart', '--strategy', 'window']).stdout;
    expect(chosen).toContain('Input cost per reply call: # keep-all, * window');
    const evicting = runCli(['compare', LESSON, '--model', 'gpt-4o', '--chart', '--strategy', 'evict-large']).stdout;
    // Five reply calls: the first two send the log under both, so their bars are equal; then evict-large drops.
    expect(evicting).toContain('| #* #* #  #  #');
    // On gpt-4 every keep-all call and evict-large's first two are refused: no bar, an x on the bottom row.
    const refusing = runCli(['compare', LESSON, '--chart', '--strategy', 'evict-large']).stdout;
    expect(refusing).toContain('Input cost per reply call: # keep-all, * evict-large, x refused (over the window: billed nothing)');
    expect(refusing).toContain('| xx xx x* x* x*');
    const { chart } = json(['compare', LESSON, '--json', '--chart', '--strategy', 'evict-large']);
    expect(chart.columns.map((column: { refused: number[] }) => column.refused)).toEqual([[1, 1], [1, 1], [1, 0], [1, 0], [1, 0]]);
  });

  it('adds the chart data to the JSON', () => {
    const report = json(['compare', LESSON, '--json', '--chart', '--strategy', 'summarize']);
    expect(report.chart).toMatchObject({ strategy: 'summarize', labels: ['keep-all', 'summarize'] });
    expect(report.chart.columns).toHaveLength(5);
  });

  it('adds budget columns with --budget', () => {
    const report = json(['compare', LESSON, '--json', '--budget', '2', '--model', 'gpt-4o']);
    const window = report.strategies.find((row: { strategy: string }) => row.strategy === 'window');
    expect(window).toHaveProperty('budgetLeft');
    expect(window.turnsUntilLimit).toBeNull();
  });
});

describe('kv', () => {
  it('prints the measured figures as JSON', () => {
    const report = json(['kv', '--shape', 'Llama-3.1-8B', '--tokens', '32768', '--json']);
    expect(report).toMatchObject({ shape: 'Llama-3.1-8B', tokens: 32_768, bytesPerToken: 131_072, cacheBytes: 4 * 2 ** 30, maxTokens: null });
    expect(report.caveat).toContain('activations take about as much again');
  });

  it('states the largest context, the weights and the activation caveat in text', () => {
    const { stdout } = runCli(['kv', '--shape', 'llama-2-7b', '--tokens', '8192', '--gpu-gib', '79.2']);
    expect(stdout).toContain('524,288 bytes (512 KiB) of keys and values per token');
    expect(stdout).toContain('cache at 8,192 tokens: 4 GiB');
    expect(stdout).toContain('measured on an H100: 12.58 GiB');
    expect(stdout).toMatch(/largest context whose cache fits 79\.2 GiB after the weights: [\d,]+ tokens/);
    expect(stdout).toContain('Llama-2-7B ran 81,920 tokens');
  });

  it('caps Mistral-7B at its sliding window', () => {
    const report = json(['kv', '--shape', 'Mistral-7B', '--tokens', '32768', '--json', '--dtype', 'fp8']);
    expect(report).toMatchObject({ dtype: 'fp8', bytesPerToken: 65_536, cacheBytes: 4096 * 65_536, slidingWindow: 4096 });
  });
});

describe('bad strategy, budget and kv flags', () => {
  const file = tempFile('chat.json', JSON.stringify([{ role: 'user', content: 'hi' }]));
  it.each([
    [['report', file, '--strategy', 'trim'], /--strategy must be one of keep-all, window, evict-large, summarize, got "trim"/],
    [['compare', file, '--keep-turns', '0'], /--keep-turns must be a whole number of turns \(1 or more\)/],
    [['report', file, '--summary-tokens', '5'], /--summary-tokens must be at least 20/],
    [['report', file, '--reserve', '9000'], /--reserve must be less than the limit \(8,192 tokens\)/],
    [['report', file, '--large', 'big'], /--large must be a whole number/],
    [['compare', file, '--budget', '-1'], /--budget must be a number of US dollars/],
    [['compare', '/no/such.json'], /\/no\/such\.json: cannot read file/],
    [['kv', '--shape', 'GPT-9', '--tokens', '1'], /--shape must be one of Llama-3\.1-8B, .*Qwen2\.5-7B, .*DeepSeek-V3, got "GPT-9"/],
    [['kv', '--shape', 'Llama-2-7B'], /--tokens is required/],
    [['kv', '--tokens', '5'], /--shape is required/],
    [['kv', '--shape', 'Llama-2-7B', '--tokens', '5', '--dtype', 'int4'], /--dtype must be one of bf16, fp16, fp8, fp32/],
    [['kv', '--shape', 'Llama-2-7B', '--tokens', '5', '--gpu-gib', '0'], /--gpu-gib must be a GPU memory size/],
    [['kv', '--shape', 'Llama-2-7B', '--tokens', '-5'], /--tokens must be a whole number/],
  ])('%j exits 2 with one line', (args, message) => {
    const { status, stderr } = runCli(args);
    expect(status).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
