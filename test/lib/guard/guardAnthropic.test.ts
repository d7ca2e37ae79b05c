import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { requireModel } from '../../../src/core/catalog.js';
import { FORMAT_RULES, type ChatMessage } from '../../../src/core/chatFormat.js';
import { loadTokenizer } from '../../../src/core/tokenizer.js';
import { ContextLimitError, guard, type GuardedCall } from '../../../src/lib/index.js';
import { ANTHROPIC_USAGE, anthropicEvents, apiServerPerFile } from '../../support/apiServer.js';

const api = apiServerPerFile();

const anthropic = () => new Anthropic({ apiKey: 'sk-ant-test', baseURL: api().url, maxRetries: 0 });
const MODEL = 'claude-sonnet-4-5';

/** Anthropic's usage, by its documented meaning: input_tokens is only what follows the last cache breakpoint. */
function expectedCost(): number {
  const model = requireModel(MODEL);
  const u = ANTHROPIC_USAGE;
  return (
    (u.input_tokens * model.inputPerMillion +
      u.cache_read_input_tokens * model.cachedInputPerMillion! +
      u.cache_creation.ephemeral_5m_input_tokens * model.cacheWritePerMillion! +
      u.cache_creation.ephemeral_1h_input_tokens * model.cacheWrite1hPerMillion! +
      u.output_tokens * model.outputPerMillion) /
    1e6
  );
}

describe('guard: Anthropic messages', () => {
  it('counts the request (an estimate, labelled) and books cache reads, 5-minute and 1-hour writes at their prices', async () => {
    const calls: GuardedCall[] = [];
    const client = guard(anthropic(), { onCall: (call) => calls.push(call) });
    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 1024,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Hello there.' }],
    });
    expect(message.content[0]).toEqual({ type: 'text', text: 'The log says the connection was refused.' });
    const { count } = await loadTokenizer(requireModel(MODEL).encoding);
    const asChat: ChatMessage[] = [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello there.' }];
    expect(calls[0]!.counted.tokens).toBe(asChat.reduce((sum, m) => sum + FORMAT_RULES.cookbook.messageTokens(m, count), 3));
    expect(calls[0]!.counted.estimate).toBe(true);
    expect(calls[0]!.counted.notes.join(' ')).toContain("Anthropic's tokenizer is not public");
    const u = ANTHROPIC_USAGE;
    expect(calls[0]!.usage).toEqual({
      inputTokens: u.input_tokens + u.cache_read_input_tokens + u.cache_creation_input_tokens,
      outputTokens: u.output_tokens,
      cachedTokens: u.cache_read_input_tokens,
      cacheWriteTokens: u.cache_creation.ephemeral_5m_input_tokens,
      cacheWrite1hTokens: u.cache_creation.ephemeral_1h_input_tokens,
      reasoningTokens: 0,
    });
    expect(calls[0]!.price.cost).toBeCloseTo(expectedCost(), 12);
    expect(client.guard.status().spent).toBeCloseTo(expectedCost(), 12);
  });

  it('passes a stream through unchanged and books message_start and message_delta usage together', async () => {
    const client = guard(anthropic());
    const stream = await client.messages.create({ model: MODEL, max_tokens: 1024, messages: [{ role: 'user', content: 'Hello there.' }], stream: true });
    const events: unknown[] = [];
    for await (const event of stream) events.push(event);
    expect(events).toEqual(anthropicEvents(MODEL).map((event) => event.data).filter((data) => (data as { type: string }).type !== 'ping'));
    expect(client.guard.status()).toMatchObject({ calls: 1, outputTokens: ANTHROPIC_USAGE.output_tokens, cachedTokens: ANTHROPIC_USAGE.cache_read_input_tokens });
    expect(client.guard.status().spent).toBeCloseTo(expectedCost(), 12);
  });

  it('messages.stream(), the SDK helper over create, is guarded too', async () => {
    const client = guard(anthropic());
    const stream = client.messages.stream({ model: MODEL, max_tokens: 1024, messages: [{ role: 'user', content: 'Hello there.' }] });
    const final = await stream.finalMessage();
    expect(final.content[0]).toMatchObject({ text: 'The log says the connection was refused.' });
    expect(client.guard.status().calls).toBe(1);
  });

  it('refuses a request over the window before it leaves; with window, sends the turns that fit, tool use and its result together', async () => {
    const log = 'Error: Connection Refused\n'.repeat(40_000);
    const messages: Anthropic.MessageParam[] = [
      { role: 'user', content: `Look at this: ${log}` },
      { role: 'assistant', content: [{ type: 'text', text: 'Let me check.' }, { type: 'tool_use', id: 'toolu_1', name: 'ping', input: { host: 'db' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'timeout' }, { type: 'text', text: 'What now?' }] },
    ];
    const refusing = guard(anthropic());
    const error = await refusing.messages.create({ model: MODEL, max_tokens: 1024, messages }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContextLimitError);
    expect((error as ContextLimitError).estimate).toBe(true);
    expect(api().requests).toHaveLength(0);

    const calls: GuardedCall[] = [];
    const trimming = guard(anthropic(), { strategy: 'window', onCall: (call) => calls.push(call) });
    await trimming.messages.create({ model: MODEL, max_tokens: 1024, messages });
    // The first turn (the log, the tool use) goes; the tool result answering it goes with it, the question stays.
    expect(api().requests[0]!.body.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'What now?' }] }]);
    expect(calls[0]!.fit!.dropped.length).toBeGreaterThan(0);
  });
});
