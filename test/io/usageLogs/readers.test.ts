import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { NO_USAGE } from '../../../src/core/usage/reportedUsage.js';
import { detectUsageLog, logFilesOf, readUsageLog, readUsageLogs, type UsageLogFormat } from '../../../src/io/usageLogs/usageLogFile.js';

const LOGS = fileURLToPath(new URL('../../../fixtures/logs/', import.meta.url));
const CLAUDE_DIR = join(LOGS, 'claude-code/-home-dev-projects-billing');
const CLAUDE = join(CLAUDE_DIR, readdirSync(CLAUDE_DIR).find((name) => name.endsWith('.jsonl'))!);
const CODEX_DIR = join(LOGS, 'codex/2026/11/30');
const CODEX = join(CODEX_DIR, readdirSync(CODEX_DIR)[0]!);
const LEGACY_DIR = join(LOGS, 'claude-code/-home-dev-projects-legacy');
const LEGACY = join(LEGACY_DIR, readdirSync(LEGACY_DIR)[0]!);
const read = (path: string, format?: UsageLogFormat) => readUsageLog(path, readFileSync(path, 'utf8'), format ? { format } : {});

const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
};

describe('Claude Code transcripts', () => {
  it('keeps one call per message.id + requestId, with the last line\'s usage (the early lines carry placeholder output counts)', () => {
    const log = read(CLAUDE);
    expect(log.format).toBe('claude-code');
    // Call 1 is written as two lines (output 1, then 120); call 2 as three (2, 2, then 300).
    expect(log.calls.map((call) => call.usage.output)).toEqual([120, 300, 0, 50]);
    expect(log.calls[0]!.usage).toEqual({ ...NO_USAGE, input: 3, cacheWrite5m: 5000, output: 120 });
    // The 1-hour write stays apart from the 5-minute one.
    expect(log.calls[1]!.usage).toEqual({ ...NO_USAGE, input: 10, cacheRead: 5000, cacheWrite1h: 2000, output: 300 });
    expect(log.warnings).toContainEqual(expect.stringContaining('3 lines repeated a call already read'));
  });

  it('makes the API error Claude Code wrote itself a failed call, and keeps a model the catalog lacks with its tokens', () => {
    const [, , error, unknown] = read(CLAUDE).calls;
    expect(error!.failed).toMatch(/no call billed/);
    expect(error!.usage).toEqual(NO_USAGE);
    expect(unknown!.model).toBe('claude-imaginary-9');
    expect(unknown!.usage).toEqual({ ...NO_USAGE, input: 100, output: 50 });
  });

  it('counts the lines of other types and skips the torn last line with a warning naming file:line', () => {
    const log = read(CLAUDE);
    expect(log.skipped).toEqual({ summary: 1, 'file-history-snapshot': 1, user: 2, system: 1 }); // the question and the tool result
    expect(log.warnings).toContainEqual(`${CLAUDE}:13: the last line is cut short (a log still being written): skipped`);
    expect(log.sessionId).toBe(CLAUDE.split('/').at(-1)!.replace('.jsonl', ''));
  });

  it('brings a session\'s subagents, each call attributed to its agent; a cache write without the split is a 5-minute write', () => {
    expect(logFilesOf(CLAUDE).map((file) => file.agent)).toEqual([undefined, 'a1b2c3']);
    const { logs } = readUsageLogs(CLAUDE);
    const sub = logs[1]!.calls;
    expect(sub).toHaveLength(1);
    expect(sub[0]!.agent).toBe('a1b2c3');
    expect(sub[0]!.usage).toEqual({ ...NO_USAGE, input: 2000, cacheWrite5m: 1000, output: 400 });
  });

  it('attributes a sidechain line in the main file to its agentId', () => {
    const line = { type: 'assistant', sessionId: 's', uuid: 'u', parentUuid: null, isSidechain: true, agentId: 'b7', message: { id: 'm', model: 'claude-sonnet-4-5', usage: { input_tokens: 5, output_tokens: 6 } } };
    expect(readUsageLog('t.jsonl', `${JSON.stringify(line)}\n`).calls[0]!.agent).toBe('b7');
  });

  it('refuses a line of the wrong shape with file:line and the field', () => {
    const good = JSON.stringify({ type: 'user', sessionId: 's', uuid: 'u', parentUuid: null, message: { role: 'user', content: 'hi' } });
    const bad = JSON.stringify({ type: 'assistant', sessionId: 's', uuid: 'v', parentUuid: 'u', message: { id: 'm', usage: { input_tokens: -1 } } });
    expect(refusal(() => readUsageLog('t.jsonl', `${good}\n${bad}\n`))).toMatch(/^t\.jsonl:2: a Claude Code assistant line \(message\.usage\.input_tokens\)/);
  });

  it('refuses a line that is not JSON in the middle of a log with file:line:column (only the last line may be torn)', () => {
    const good = JSON.stringify({ type: 'user', sessionId: 's', uuid: 'u', parentUuid: null });
    expect(refusal(() => readUsageLog('t.jsonl', `${good}\n{"type": "assist\n${good}\n`, { format: 'claude-code' }))).toMatch(/^t\.jsonl:2:\d+: invalid JSON/);
  });
});

describe('Codex CLI rollouts', () => {
  it('reads each token_count\'s last_token_usage as a call: input includes cached, output includes reasoning', () => {
    const log = read(CODEX);
    expect(log.format).toBe('codex');
    expect(log.calls.map((call) => call.usage)).toEqual([
      // 12,000 input, none cached; 800 output of which 500 reasoning
      { ...NO_USAGE, input: 12000, output: 800, reasoning: 500 },
      // 15,000 input of which 11,520 cached: 3,480 uncached
      { ...NO_USAGE, input: 3480, cacheRead: 11520, output: 1200, reasoning: 700 },
      // 20,000 of which 14,848 cached: 5,152
      { ...NO_USAGE, input: 5152, cacheRead: 14848, output: 500 },
    ]);
    expect(log.calls.map((call) => call.contextWindow)).toEqual([272000, 272000, 272000]);
  });

  it('takes the model from the last turn_context, not counting a repeated total or a token_count without info as a call', () => {
    const log = read(CODEX);
    expect(log.calls.map((call) => call.model)).toEqual(['gpt-5.1-codex', 'gpt-5.1-codex', 'gpt-5.2']);
    expect(log.skipped['token_count without usage']).toBe(1);
    expect(log.warnings).toContainEqual(expect.stringContaining('1 token_count event repeated the previous total'));
    expect(log.sessionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('recovers a request from the difference of totals where a version wrote no last_token_usage', () => {
    const line = (total: object) => JSON.stringify({ timestamp: '2026-01-01T00:00:00Z', type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: total } } });
    const text = `${JSON.stringify({ type: 'turn_context', payload: { model: 'gpt-5' } })}\n${line({ input_tokens: 100, cached_input_tokens: 0, output_tokens: 10 })}\n${line({ input_tokens: 250, cached_input_tokens: 90, output_tokens: 30, reasoning_output_tokens: 5 })}\n`;
    // Second call: 150 input of which 90 cached (60 uncached), 20 output of which 5 reasoning.
    expect(readUsageLog('r.jsonl', text).calls.map((call) => call.usage)).toEqual([
      { ...NO_USAGE, input: 100, output: 10 },
      { ...NO_USAGE, input: 60, cacheRead: 90, output: 20, reasoning: 5 },
    ]);
  });
});

describe('gemini-cli chats', () => {
  it('reads the JSON form: input includes cached, tool-use prompt tokens are input, thoughts are output', () => {
    const log = read(join(LOGS, 'gemini/chats/session-2026-11-30T11-00.json'));
    expect(log.format).toBe('gemini-cli');
    expect(log.calls.map((call) => call.usage)).toEqual([
      // input 8,000, none cached; output 600 + 400 thoughts
      { ...NO_USAGE, input: 8000, output: 1000, reasoning: 400 },
      // 9,500 - 6,000 cached + 100 tool = 3,600 uncached; 300 + 200 thoughts
      { ...NO_USAGE, input: 3600, cacheRead: 6000, output: 500, reasoning: 200 },
    ]);
    expect(log.skipped).toEqual({ user: 2, info: 1 });
  });

  it('reads the JSONL form: a record seen again replaces it, $rewindTo drops what follows, $set is metadata', () => {
    const log = read(join(LOGS, 'gemini/chats/session-2026-11-30T12-00.jsonl'));
    expect(log.calls).toHaveLength(3); // the streamed record (tokens null, then tokens) is one call
    expect(log.calls[2]!.usage).toEqual({ ...NO_USAGE, input: 50000, cacheRead: 200000, output: 1000 });
    expect(log.skipped).toMatchObject({ metadata: 1, $rewindTo: 1, $set: 1, user: 3, info: 1 });
  });
});

describe('API logs', () => {
  it('reads Chat Completions pairs with their request, a stream\'s last chunk with usage, and an error as a failed call', () => {
    const log = read(join(LOGS, 'api/chat-completions.jsonl'));
    expect(log.format).toBe('api-log');
    expect(log.calls.map((call) => [call.usage.input, call.usage.cacheRead, call.usage.output])).toEqual([[36, 0, 9], [59, 0, 12], [976, 1024, 100], [0, 0, 0]]);
    expect(log.calls[0]!.request?.messages).toHaveLength(2);
    expect(log.calls[2]!.request).toBeUndefined();
    expect(log.calls[3]!.failed).toMatch(/^context_length_exceeded: /);
    expect(log.skipped).toEqual({ 'stream chunk without usage': 1 });
  });

  it('reads Responses API objects (a JSON array) and Anthropic Messages (cache fields apart)', () => {
    expect(read(join(LOGS, 'api/responses.json')).calls.map((call) => call.usage)).toEqual([
      { ...NO_USAGE, input: 4000, output: 1500, reasoning: 1000 },
      { ...NO_USAGE, input: 2032, cacheRead: 3968, output: 500, reasoning: 200 }, // 6,000 - 3,968 cached
    ]);
    expect(read(join(LOGS, 'api/anthropic-messages.jsonl')).calls.map((call) => call.usage)).toEqual([
      { ...NO_USAGE, input: 50, cacheWrite5m: 4000, output: 200 },
      { ...NO_USAGE, input: 80, cacheRead: 4000, output: 300 },
    ]);
  });

  it('orders Batch output lines by custom_id and keeps an expired request as a failed call', () => {
    const log = read(join(LOGS, 'api/batch-output.jsonl'));
    expect(log.calls.map((call) => call.batchId)).toEqual(['request-1', 'request-2', 'request-3']);
    expect(log.calls.map((call) => call.usage.input)).toEqual([1000, 2000, 0]);
    expect(log.calls[2]!.failed).toMatch(/^batch_expired: /);
  });
});

describe('Anthropic Message Batches results', () => {
  it('reads each succeeded result\'s message usage, in custom_id order, and keeps errored and expired results as failed calls', () => {
    const log = read(join(LOGS, 'api/message-batches-results.jsonl'));
    expect(log.format).toBe('api-log');
    expect(log.calls.map((call) => call.batchId)).toEqual(['invoice-1', 'invoice-2', 'invoice-3', 'invoice-4']);
    expect(log.calls.map((call) => call.usage).slice(0, 2)).toEqual([
      { ...NO_USAGE, input: 1000, cacheWrite5m: 2000, output: 500 },
      { ...NO_USAGE, input: 200, cacheRead: 2000, output: 300 },
    ]);
    expect(log.calls[0]!.model).toBe('claude-haiku-4-5-20251001');
    expect(log.calls.slice(2).map((call) => call.failed)).toEqual(['errored: invalid_request_error: max_tokens: Field required', 'expired']);
  });
});

describe('the cost older Claude Code builds wrote (costUSD)', () => {
  it('keeps it with the call, and no cost where the line has none', () => {
    expect(read(LEGACY).calls.map((call) => call.loggedCost)).toEqual([0.014262, 0.0075]);
    expect(read(CLAUDE).calls.every((call) => call.loggedCost === undefined)).toBe(true);
  });

  it('keeps the last figure of a call written as several lines', () => {
    const line = (costUSD: number | undefined, output: number) =>
      JSON.stringify({ type: 'assistant', sessionId: 's', uuid: `u${output}`, parentUuid: null, requestId: 'r', ...(costUSD !== undefined && { costUSD }), message: { id: 'm', model: 'claude-sonnet-4-5', usage: { input_tokens: 5, output_tokens: output } } });
    const log = readUsageLog('s.jsonl', `${line(0.001, 1)}\n${line(undefined, 2)}\n${line(0.004, 90)}\n`);
    expect(log.calls).toHaveLength(1);
    expect(log.calls[0]).toMatchObject({ loggedCost: 0.004, usage: { output: 90 } });
  });
});

describe('a forced --format that does not fit', () => {
  it('says in one line that the file is not that format, and what it looks like', () => {
    const text = readFileSync(CLAUDE, 'utf8');
    expect(refusal(() => readUsageLog('x.jsonl', text, { format: 'codex' }))).toBe('x.jsonl:1: not a Codex rollout (looks like a Claude Code transcript)');
    expect(refusal(() => readUsageLog('y.jsonl', `\n${readFileSync(CODEX, 'utf8')}`, { format: 'api-log' }))).toBe('y.jsonl:2: not an API log (looks like a Codex rollout)');
    expect(refusal(() => read(join(LOGS, 'api/batch-output.jsonl'), 'gemini-cli'))).toMatch(/batch-output\.jsonl:1: not a gemini-cli chat \(looks like an API log\)$/);
  });

  it('reads a file that fits (or fits no format at all) as forced', () => {
    expect(readUsageLog('c.jsonl', readFileSync(CODEX, 'utf8'), { format: 'codex' }).calls).toHaveLength(3);
    expect(readUsageLog('n.json', '{"a": 1}', { format: 'codex' }).skipped).toEqual({ untyped: 1 });
  });

  it('in a directory keeps the files of the forced format and passes over the others with a warning', () => {
    const { logs, warnings } = readUsageLogs(join(LOGS, 'claude-code'), { format: 'claude-code' });
    expect(logs).toHaveLength(3);
    expect(warnings).toEqual([]);
    const codex = readUsageLogs(LOGS, { format: 'codex' });
    expect(codex.logs.map((log) => log.format)).toEqual(['codex']);
    expect(codex.warnings).toContainEqual(expect.stringMatching(/responses\.json:1: not a Codex rollout \(looks like an API log\): skipped$/));
  });
});

describe('detection', () => {
  it.each([
    ['a Claude Code transcript', CLAUDE, 'claude-code'],
    ['a Codex rollout', CODEX, 'codex'],
    ['a gemini-cli JSON chat', join(LOGS, 'gemini/chats/session-2026-11-30T11-00.json'), 'gemini-cli'],
    ['a gemini-cli JSONL chat', join(LOGS, 'gemini/chats/session-2026-11-30T12-00.jsonl'), 'gemini-cli'],
    ['Batch output', join(LOGS, 'api/batch-output.jsonl'), 'api-log'],
    ['Message Batches results', join(LOGS, 'api/message-batches-results.jsonl'), 'api-log'],
  ])('knows %s from its content', (_, path, format) => {
    expect(detectUsageLog(readFileSync(path, 'utf8'))).toBe(format);
  });

  it('leaves conversation files to the conversation readers', () => {
    for (const name of ['lesson.json', 'coding-session.jsonl', 'finetune.jsonl', 'sharegpt.json', 'evals-samples.jsonl', 'chat-history.jsonl']) {
      expect(detectUsageLog(readFileSync(fileURLToPath(new URL(`../../../fixtures/${name}`, import.meta.url)), 'utf8')), name).toBeUndefined();
    }
  });

  it('names the formats tried when a file fits none, and in a directory skips such files with a warning', () => {
    expect(refusal(() => readUsageLog('n.json', '{"a": 1}'))).toBe('n.json: not a recognised agent or API log (tried claude-code, codex, gemini-cli, api-log)');
    const { warnings } = readUsageLogs(LOGS);
    expect(warnings).toEqual([]);
  });
});
