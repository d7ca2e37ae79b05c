import { describe, expect, it } from 'vitest';
import { runCli } from './support/runCli.js';
import { tempFile } from './support/tempFile.js';
import { formatUsd } from '../src/core/format.js';

// spawnSync pipes stdin and stdout: no terminal, so never the dashboard.
describe('the bare command without a terminal', () => {
  it("prints the empty session's status block and exits 0, never Ink's raw-mode error", () => {
    const { status, stdout, stderr } = runCli([], '');
    expect(status).toBe(0);
    expect(stdout).toBe(`--- Context Status ---\nMessages: 0\nUsed: 3 / 8,192 tokens (0.0%)\nCost of next API call: ${formatUsd(0.00009)}\nSpent so far: ${formatUsd(0)} (model gpt-4)\n`);
    expect(stderr).toContain('not a terminal');
    expect(stderr).not.toMatch(/Raw mode/i);
  });

  it("prints the demo's status with every queued turn applied", () => {
    const { status, stdout } = runCli(['--demo'], '');
    expect(status).toBe(0);
    expect(stdout).toContain(`Messages: 12\nUsed: 10,136 / 8,192 tokens (123.7%)\nCost of next API call: ${formatUsd(0.30408)}\n🚨 WARNING`);
  });

  it('replays a file as the session: `replay FILE` and the bare `FILE` alike, with the model flags', () => {
    const file = tempFile('chat.json', JSON.stringify([{ role: 'user', content: 'Hello there.' }]));
    for (const args of [['replay', file], [file]]) {
      const { status, stdout } = runCli([...args, '--limit', '100', '--price-in', '1'], '');
      expect(status).toBe(0);
      expect(stdout).toContain(`Messages: 1\nUsed: 10 / 100 tokens (10.0%)\nCost of next API call: ${formatUsd(0.00001)}`);
    }
  });

  it('prints the status as JSON with --json', () => {
    const { stdout } = runCli(['--demo', '--json', '--model', 'gpt-4o'], '');
    expect(JSON.parse(stdout)).toMatchObject({ model: 'gpt-4o', messages: 12, limit: 128_000, overLimit: false });
  });

  it.each([
    [['--dump', 'log:lots'], /--dump must be "lesson" or "log:SIZE"/],
    [['--dump', 'log:0kb'], /--dump must be/],
    [['--speed', '0'], /--speed must be a number of turns per second/],
    [['--model', 'gpt4o'], /unknown model "gpt4o"/],
    [['replay', '/no/such/file.json'], /\/no\/such\/file\.json: cannot read file/],
  ])('%j exits 2 with one line', (args, message) => {
    const { status, stderr } = runCli(args, '');
    expect(status).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('replaying a file in any format without a terminal', () => {
  it('reads every format through the conversation loader and bills the tool definitions', async () => {
    const { WEATHER_FILE } = await import('./support/cookbook.js');
    // The API billed the cookbook's weather request 105 tokens on gpt-4, its tool included.
    const json = tempFile('weather.json', JSON.stringify(WEATHER_FILE));
    expect(runCli([json], '').stdout).toContain('Messages: 2\nUsed: 105 / 8,192 tokens');
    const finetune = tempFile('weather.jsonl', `${JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] })}\n${JSON.stringify(WEATHER_FILE)}\n`);
    expect(runCli(['replay', finetune, '--conversation', '2'], '').stdout).toContain('Messages: 2\nUsed: 105 / 8,192 tokens');
    const transcript = tempFile('chat.txt', 'User: Hello there.\n');
    expect(runCli([transcript], '').stdout).toContain('Messages: 1\nUsed: 10 / 8,192 tokens');
  });

  it('bills the tool definitions under --strategy too, beside --format and --conversation', async () => {
    const { WEATHER_FILE } = await import('./support/cookbook.js');
    const finetune = tempFile('weather.jsonl', `${JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] })}\n${JSON.stringify(WEATHER_FILE)}\n`);
    // The cookbook's 105 tokens (tool included): window sends both messages, so its figure is the API's.
    const { status, stdout } = runCli(['replay', finetune, '--format', 'finetune', '--conversation', '2', '--strategy', 'window'], '');
    expect(status).toBe(0);
    expect(stdout).toContain('Messages: 2\nUsed: 105 / 8,192 tokens');
    expect(stdout).toContain(`Strategy: window (keep-all would have spent ${formatUsd(0)})`);
    const json = JSON.parse(runCli([finetune, '--conversation', '2', '--cache', '--model', 'gpt-4o', '--json'], '').stdout);
    expect(json).toMatchObject({ messages: 2, usedTokens: 101, strategy: 'keep-all' });
  });

  it('takes --format, --conversation and --max-bytes, as report does', () => {
    const json = tempFile('chat.json', JSON.stringify([{ role: 'user', content: 'Hello there.' }]));
    const forced = runCli([json, '--format', 'transcript'], '');
    expect(forced.status).toBe(2);
    expect(forced.stderr).toContain('chat.json');
    const range = runCli(['replay', json, '--conversation', '3'], '');
    expect(range.stderr).toMatch(/--conversation 3 is out of range/);
    const big = runCli([json, '--max-bytes', '10'], '');
    expect(big.status).toBe(2);
    expect(big.stderr).toMatch(/over the --max-bytes limit/);
  });
});
