import { spawn } from 'node:child_process';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { apiServerPerFile, CHAT_USAGE } from '../support/apiServer.js';
import { CLI } from '../support/runCli.js';

const upstream = apiServerPerFile();

describe('context-accountant proxy --json', () => {
  it('prints one JSON line per call, booked from the upstream usage, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [CLI, 'proxy', '--port', '0', '--json', '--no-journal', '--openai-upstream', upstream().url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
        if (match) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`proxy exited ${code}: ${stderr}`)));
    });
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: `${url}/v1`, maxRetries: 0 });
    await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello there.' }] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as { api: string; usage: { inputTokens: number } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ api: 'chat.completions', usage: { inputTokens: CHAT_USAGE.prompt_tokens } });
  });
});
