import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { closeSharedCounterPool, countInWorker, CounterPool } from '../../src/io/workerCounter.js';
import { oracleEncode } from '../support/oracle.js';
import { cjkRun } from '../support/texts.js';

const logLines = (count: number) =>
  Array.from({ length: count }, (_, i) => `2026-11-25 18:${String(i % 60).padStart(2, '0')} WARN [pool-${i % 9}] Connection refused: 10.0.${i % 255}.7:5432 (attempt ${i})\r\n`).join('');

const pools: CounterPool[] = [];
function pool(options?: ConstructorParameters<typeof CounterPool>[0]): CounterPool {
  const created = new CounterPool(options);
  pools.push(created);
  return created;
}
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  await closeSharedCounterPool();
});

describe('counting in a worker thread', () => {
  it('counts exactly as tiktoken does, reporting rising progress that ends at 1', async () => {
    const text = logLines(3_000) + cjkRun(3_000);
    const fractions: number[] = [];
    const tokens = await pool({ stepChars: 8_192 }).count('o200k_base', text, { onProgress: (f) => fractions.push(f) });
    expect(tokens).toBe(oracleEncode('o200k_base', text).length);
    expect(fractions.length).toBeGreaterThan(10);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.every((f, i) => f > 0 && f <= 1 && (i === 0 || f > fractions[i - 1]!))).toBe(true);
  });

  it('reuses its workers: ten counts, in a row and at once, run on one thread', async () => {
    const counters = pool({ size: 1 });
    const texts = Array.from({ length: 10 }, (_, i) => logLines(50 + i));
    for (const text of texts.slice(0, 5)) expect(await counters.count('cl100k_base', text)).toBe(oracleEncode('cl100k_base', text).length);
    const together = await Promise.all(texts.map((text) => counters.count('cl100k_base', text)));
    expect(together).toEqual(texts.map((text) => oracleEncode('cl100k_base', text).length));
    expect(counters.workers).toBe(1);
  });

  it('keeps the calling thread free: its timers run while a big count is under way', async () => {
    const big = logLines(20_000) + 'a'.repeat(300_000) + '\n' + cjkRun(100_000);
    let ticks = 0;
    let counting = true;
    const tick = (): void => {
      ticks++;
      if (counting) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
    const progressBeforeResult: number[] = [];
    const tokens = await pool().count('cl100k_base', big, { onProgress: (f) => f < 1 && progressBeforeResult.push(f) });
    counting = false;
    expect(tokens).toBeGreaterThan(0);
    expect(ticks).toBeGreaterThan(0);
    expect(progressBeforeResult.length).toBeGreaterThan(0);
  });

  it('cancels: abort rejects with the reason, stops progress, and the worker takes the next job', async () => {
    const counters = pool({ size: 1, stepChars: 1_024 });
    const controller = new AbortController();
    let progressAfterAbort = 0;
    const cancelled = counters.count('o200k_base', logLines(20_000), {
      signal: controller.signal,
      onProgress: () => {
        if (controller.signal.aborted) progressAfterAbort++;
        else controller.abort(new Error('user pressed Esc'));
      },
    });
    await expect(cancelled).rejects.toThrow('user pressed Esc');
    const next = logLines(10);
    expect(await counters.count('o200k_base', next)).toBe(oracleEncode('o200k_base', next).length);
    expect(progressAfterAbort).toBe(0);
    expect(counters.workers).toBe(1);
  });

  it('does not start a count whose signal is already aborted, or one aborted while queued', async () => {
    const counters = pool({ size: 1 });
    await expect(counters.count('o200k_base', 'hello', { signal: AbortSignal.abort(new Error('too late')) })).rejects.toThrow('too late');
    const controller = new AbortController();
    const first = counters.count('o200k_base', logLines(2_000));
    const queued = counters.count('o200k_base', 'queued', { signal: controller.signal });
    controller.abort(new Error('dropped while queued'));
    await expect(queued).rejects.toThrow('dropped while queued');
    expect(await first).toBe(oracleEncode('o200k_base', logLines(2_000)).length);
  });

  it('countInWorker shares one pool across calls', async () => {
    const [one, two] = await Promise.all([countInWorker('o200k_base', 'Hello there.'), countInWorker('o200k_base', '你好，世界')]);
    expect([one, two]).toEqual([oracleEncode('o200k_base', 'Hello there.').length, oracleEncode('o200k_base', '你好，世界').length]);
  });

  it('names the missing build when the worker file is absent', async () => {
    const counters = pool({ workerUrl: new URL('file:///nonexistent/countWorker.js') });
    await expect(counters.count('o200k_base', 'x')).rejects.toThrow(/npm run build/);
  });

  it('works from the built dist/ (its worker next to it) in a plain node process', () => {
    const built = fileURLToPath(new URL('../../dist/io/workerCounter.js', import.meta.url));
    const script = `const m = await import(${JSON.stringify(built)}); let last = 0;
      const n = await m.countInWorker('cl100k_base', 'Error: Connection Refused '.repeat(50000), { onProgress: (f) => { last = f; } });
      console.log(JSON.stringify({ n, last }));`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ n: oracleEncode('cl100k_base', 'Error: Connection Refused '.repeat(50000)).length, last: 1 });
  });
});
