import { describe, expect, it } from 'vitest';
import { runCli } from './support/runCli.js';
import { oracleEncode } from './support/oracle.js';
import { tempFile } from './support/tempFile.js';
import { formatUsd } from '../src/core/format.js';

describe('context-accountant simulate', () => {
  it("prints the lesson's three status blocks with the figures the API bills", () => {
    const { status, stdout } = runCli(['simulate']);
    expect(status).toBe(0);
    expect(stdout).toContain(`Messages: 1\nUsed: 10 / 8,192 tokens (0.1%)\nCost of next API call: ${formatUsd(0.0003)}`);
    expect(stdout).toContain(`Messages: 2\nUsed: 10,021 / 8,192 tokens (122.3%)\nCost of next API call: ${formatUsd(0.30063)}\n🚨 WARNING`);
    expect(stdout).toContain(`Messages: 12\nUsed: 10,136 / 8,192 tokens (123.7%)\nCost of next API call: ${formatUsd(0.30408)}`);
    expect(stdout.match(/WARNING: Context Limit Exceeded/g)).toHaveLength(2);
  });

  it("reproduces the lesson script's own rule with --overhead 4", () => {
    const { stdout } = runCli(['simulate', '--overhead', '4', '--json']);
    const report = JSON.parse(stdout);
    expect(report.steps.map((s: { usedTokens: number }) => s.usedTokens)).toEqual([7, 10_018, 10_133]);
  });

  it('prints the steps as JSON, priced for the chosen model', () => {
    const { stdout } = runCli(['simulate', '--json', '--model', 'gpt-4o']);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ model: 'gpt-4o', limit: 128_000 });
    expect(report.steps).toHaveLength(3);
    expect(report.steps[1]).toEqual({
      messages: 2,
      usedTokens: report.steps[1].usedTokens,
      limit: 128_000,
      percent: Number(((report.steps[1].usedTokens / 128_000) * 100).toFixed(4)),
      nextCallCost: Number(((report.steps[1].usedTokens * 2.5) / 1e6).toFixed(12)),
      overLimit: false,
    });
    expect(report.steps[1].usedTokens).toBe(
      10 + 3 + oracleEncode('o200k_base', 'user').length +
        oracleEncode('o200k_base', `Here is my log file: ${'Error: Connection Refused '.repeat(2000)}`).length,
    );
  });

  it('applies --limit and --price-in overrides', () => {
    const { stdout } = runCli(['simulate', '--json', '--limit', '20000', '--price-in', '1']);
    const step = JSON.parse(stdout).steps[1];
    expect(step).toMatchObject({ usedTokens: 10_021, limit: 20_000, overLimit: false, nextCallCost: 0.010021 });
  });
});

describe('context-accountant report', () => {
  const conversation = {
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Hello there.' },
      { role: 'assistant', content: 'Hi.' },
    ],
  };

  it('prints the per-turn ledger as JSON', () => {
    const file = tempFile('chat.json', JSON.stringify(conversation));
    const { status, stdout } = runCli(['report', file, '--json', '--price-in', '10', '--price-out', '20']);
    expect(status).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ model: 'gpt-4', encoding: 'cl100k_base', limit: 8192, strategy: 'keep-all' });
    const tokens = report.turns.map((t: { tokens: number }) => t.tokens);
    const used = report.turns.map((t: { usedTokens: number }) => t.usedTokens);
    expect(used).toEqual([3 + tokens[0], 3 + tokens[0] + tokens[1], 3 + tokens[0] + tokens[1] + tokens[2]]);
    const replyCost = (used[1] * 10 + oracleEncode('cl100k_base', 'Hi.').length * 20) / 1e6;
    expect(report.turns[2].cumulativeCost).toBeCloseTo(replyCost, 12);
    expect(report.totals).toEqual({ messages: 3, usedTokens: used[2], cumulativeCost: report.turns[2].cumulativeCost, calls: 1, refusedCalls: 0 });
  });

  it('reads a bare array of messages and prints a table', () => {
    const file = tempFile('chat.json', JSON.stringify(conversation.messages));
    const { status, stdout } = runCli(['report', file]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/#\s+role\s+tokens\s+used/);
    expect(stdout).toContain('3 messages');
  });

  it('names the file, line and column of bad JSON, exit 2, no stack', () => {
    const file = tempFile('bad.json', '{\n  "messages": [\n    {"role": "user" "content": "x"}\n  ]\n}');
    const { status, stderr } = runCli(['report', file]);
    expect(status).toBe(2);
    expect(stderr).toMatch(new RegExp(`^context-accountant: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:21: invalid JSON`));
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('names the message that lacks a role', () => {
    const file = tempFile('norole.json', JSON.stringify({ messages: [{ role: 'user', content: 'a' }, { content: 'b' }] }));
    const { status, stderr } = runCli(['report', file]);
    expect(status).toBe(2);
    expect(stderr).toContain('.messages[1].role');
  });
});

describe('context-accountant count', () => {
  it('counts stdin as ordinary text, special-token strings included', () => {
    const text = 'Hello <|endoftext|> world\n';
    const { status, stdout } = runCli(['count', '--json', '--model', 'gpt-4o'], text);
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ model: 'gpt-4o', encoding: 'o200k_base', tokens: oracleEncode('o200k_base', text).length });
  });

  it('counts a file', () => {
    const file = tempFile('t.txt', 'Error: Connection Refused '.repeat(50));
    const { stdout } = runCli(['count', file]);
    expect(stdout).toBe(`${oracleEncode('cl100k_base', 'Error: Connection Refused '.repeat(50)).length}\n`);
  });
});

describe('context-accountant models', () => {
  it('lists the catalog with prices and sources', () => {
    const { stdout } = runCli(['models']);
    expect(stdout).toMatch(/gpt-4o\s+o200k_base\s+128,000\s+16,384\s+\$2\.5\s+\$10\s+\$1\.25/);
    expect(stdout).toMatch(/gpt-4\s+cl100k_base\s+8,192\s+4,096\s+\$30\s+\$60/);
    expect(stdout).toContain('from @pydantic/genai-prices 0.1.8 (2026-09-23)');
  });

  it('prints every entry with its source and date as JSON', () => {
    const models = JSON.parse(runCli(['models', '--provider', 'openai', '--json']).stdout);
    const ids = models.map((m: { id: string }) => m.id);
    for (const id of ['gpt-4', 'gpt-4-32k', 'gpt-3.5-turbo', 'gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini', 'o1', 'o3', 'o4-mini', 'gpt-5', 'gpt-5-mini']) {
      expect(ids).toContain(id);
    }
    for (const model of models) {
      expect(model.source).not.toBe('');
      expect(model.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});

describe('bad input', () => {
  it.each([
    [['simulate', '--model', 'gpt4o'], /unknown model "gpt4o"; nearest known: gpt-4o/],
    [['simulate', '--limit', 'lots'], /--limit must be a whole number/],
    [['simulate', '--limit', '-3'], /--limit must be a whole number/],
    [['simulate', '--price-in', '-1'], /--price-in must be a number/],
    [['simulate', '--price-out', 'x'], /--price-out must be a number/],
    [['report', '/no/such/file.json'], /\/no\/such\/file\.json: cannot read file \(no such file\)/],
    [['simulate', '--bogus'], /unknown option '--bogus'/],
  ])('%j exits 2 with one line', (args, message) => {
    const { status, stderr } = runCli(args);
    expect(status).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('--help and --version exit 0', () => {
    expect(runCli(['--help']).status).toBe(0);
    expect(runCli(['report', '--help']).stdout).toContain('Example:');
    expect(runCli(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
