import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPLY_WORDS, apiServerPerFile } from '../support/apiServer.js';

const api = apiServerPerFile();

const EXAMPLE = fileURLToPath(new URL('../../docs/examples/guard-openai.mjs', import.meta.url));

/** The example as a user runs it (node, the built package imported by name), the API being the local api(). */
function runExample(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [EXAMPLE], {
      env: { ...process.env, OPENAI_BASE_URL: `${api().url}/v1`, OPENAI_API_KEY: 'sk-test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('docs/examples/guard-openai.mjs', () => {
  it('runs against a server speaking the API: two calls booked, the oversized one refused before it left', async () => {
    const { code, stdout, stderr } = await runExample();
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`reply: ${REPLY_WORDS.join('')}`);
    expect(stdout).toContain(`streamed: ${REPLY_WORDS.join('')}`);
    expect(stdout).toMatch(/refused: gpt-4: the request is [\d,]+ tokens, [\d,]+ over the 8,192-token window; it was not sent/);
    expect(stdout).toContain('session: 2 calls, 1 refused');
    expect(api().requests.map((request) => request.body.model)).toEqual(['gpt-4o', 'gpt-4o']);
  });
});
