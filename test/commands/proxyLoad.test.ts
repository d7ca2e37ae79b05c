import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type ProxyEvent, type RunningProxy } from '../../src/commands/proxyServer.js';
import { seeded } from '../../src/core/seededRandom.js';
import { EXPECTED_THROUGH_PROXY, runLoad, startLoadUpstream, type LoadUpstream } from '../support/proxyLoad.mjs';

let upstream: LoadUpstream;
let proxy: RunningProxy;
const events: ProxyEvent[] = [];
beforeAll(async () => {
  // A fifth of the requests dealt a fault: reset half-way, silent half-way, a 503, or no answer.
  // The timeout is long enough that a loaded machine's slow answer is not taken for a silent one.
  upstream = await startLoadUpstream({ faultRate: 0.2, random: seeded(21) });
  proxy = await startProxy({ port: 0, upstreams: { openai: upstream.url, anthropic: upstream.url }, upstreamTimeoutMs: 3000, guard: { journal: true }, onEvent: (event) => events.push(event) });
});
afterAll(async () => {
  await proxy.close();
  await upstream.close();
});

describe('proxy under load (issue 21): 50 concurrent streams for 3 s, faults injected, nothing lost, mixed or doubled', () => {
  it('every request gets its own answer or the fault it was dealt, reaches the upstream once, and is in its session\'s call log once', async () => {
    const results = await runLoad({ base: proxy.url, concurrency: 50, durationMs: 3000, sessionOf: (worker) => `worker-${worker % 5}` });
    expect(results.length).toBeGreaterThan(50);
    expect(new Set(results.map((result) => result.id)).size).toBe(results.length);
    // No answer carried another request's id or a field the client did not ask for, none was lost.
    expect(results.filter((result) => result.outcome === 'wrong' || result.outcome === 'lost')).toEqual([]);
    for (const result of results) expect({ id: result.id, outcome: result.outcome }).toEqual({ id: result.id, outcome: EXPECTED_THROUGH_PROXY[upstream.dealt.get(result.id)!] });
    const dealt = [...upstream.dealt.values()];
    for (const fault of ['none', 'reset', 'hold', 'status503', 'hang'] as const) expect(dealt).toContain(fault);
    expect(upstream.seen.size).toBe(results.length);
    expect([...upstream.seen.values()].every((times) => times === 1)).toBe(true);

    // The proxy's own record: one request event per call, one outcome each.
    expect(events.filter((event) => event.type === 'request')).toHaveLength(results.length);
    const ended = events.filter((event) => event.type === 'booked' || event.type === 'failed').map((event) => (event as { call: number }).call);
    expect(new Set(ended).size).toBe(results.length);
    expect(ended).toHaveLength(results.length);

    for (const session of proxy.sessions()) session.guard.close();
    expect(proxy.sessions().map((session) => session.client).sort()).toEqual(['worker-0', 'worker-1', 'worker-2', 'worker-3', 'worker-4']);
    const records = proxy.sessions().flatMap((session) =>
      readFileSync(session.callLog()!, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { id?: string; response?: { id: string; usage: unknown }; error?: { code: string } }),
    );
    expect(records).toHaveLength(results.length);
    const ok = results.filter((result) => result.outcome === 'ok').map((result) => `chatcmpl-${result.id}`);
    const billed = records.flatMap((record) => (record.response ? [record.response.id] : []));
    expect(billed.sort()).toEqual(ok.sort());
    // A stream that failed after its first chunks is logged with its id, once.
    const failedStreams = results.filter((result) => result.outcome === 'cut' || result.outcome === 'stream-error').map((result) => `chatcmpl-${result.id}`);
    expect(records.flatMap((record) => (record.error && record.id ? [record.id] : [])).sort()).toEqual(failedStreams.sort());
    expect(records.filter((record) => record.error)).toHaveLength(results.length - ok.length);
  });
});
