import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { seeded } from '../../src/core/seededRandom.js';
import { loadSession, resumeJournal } from '../../src/io/journal.js';
import { turnContent } from '../support/journalTurns.mjs';

const WRITER = fileURLToPath(new URL('../support/journalWriter.mjs', import.meta.url));

interface Crash {
  readonly id: string;
  readonly acked: number;
}

/** Runs the writer and SIGKILLs it right after its `killAfter`-th acknowledgement arrives. */
function runAndKill(dir: string, killAfter: number): Promise<Crash> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let id = '';
    let acked = 0;
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('session ')) id = line.slice('session '.length);
        else if (line.startsWith('acked ')) acked = Number(line.slice('acked '.length)) + 1;
      }
      if (acked >= killAfter && child.exitCode === null) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer ended on its own (code ${code})`));
      else resolve({ id, acked });
    });
  });
}

/**
 * The kill points are drawn from a seed, new each run (so runs cover different moments) and
 * printed when the test fails; CRASH_SEED=N replays that run's kill points exactly.
 */
function crashSeed(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.CRASH_SEED;
  if (given === undefined || given === '') return Math.floor(Math.random() * 2 ** 32);
  const seed = Number(given);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`CRASH_SEED must be a whole number from 0, got "${given}"`);
  return seed;
}

describe('journal under SIGKILL', () => {
  it('keeps every acknowledged turn, whatever the moment of the kill', async (context) => {
    const seed = crashSeed();
    context.onTestFailed(() => console.error(`journal crash test: kill points from seed ${seed}; replay them with CRASH_SEED=${seed}`));
    const random = seeded(seed);
    const dir = mkdtempSync(join(tmpdir(), 'ca-crash-'));
    let tornLines = 0;
    for (let round = 0; round < 8; round++) {
      const { id, acked } = await runAndKill(dir, 1 + Math.floor(random() * 40));
      expect(id).not.toBe('');
      const session = loadSession(id, { dir });
      // Every acknowledged turn is there, in order; a turn written but not yet acknowledged may be too.
      expect(session.messages.length).toBeGreaterThanOrEqual(acked);
      session.messages.forEach((message, n) => expect(message.content).toBe(turnContent(n)));
      tornLines += session.warnings.length;
      for (const warning of session.warnings) expect(warning).toMatch(/torn last line skipped/);

      // Going on after the crash leaves a clean journal.
      const { journal, session: resumed } = resumeJournal(id, { dir });
      journal.append({ type: 'message', message: { role: 'user', content: 'after the crash' } });
      journal.close();
      const reloaded = loadSession(id, { dir });
      expect(reloaded.warnings).toEqual([]);
      expect(reloaded.messages).toEqual([...resumed.messages, { role: 'user', content: 'after the crash' }]);
    }
    console.info(`journal crash test (seed ${seed}): ${tornLines} of 8 kills left a torn last line`);
  });
});
