import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { loadSession } from '../../../src/io/journal.js';
import { guard } from '../../../src/lib/index.js';
import { REPLY_WORDS, apiServerPerFile } from '../../support/apiServer.js';
import { runCli } from '../../support/runCli.js';

const api = apiServerPerFile();

const reply = { role: 'assistant', content: REPLY_WORDS.join('') } as const;

describe('guard: sessions journalled in the dashboard format', () => {
  it('a production conversation, turn by turn, is what --resume shows', async () => {
    const client = guard(new OpenAI({ apiKey: 'sk-test', baseURL: `${api().url}/v1`, maxRetries: 0 }), { journal: true });
    const first: OpenAI.ChatCompletionMessageParam[] = [
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content: 'Hello there.' },
    ];
    await client.chat.completions.create({ model: 'gpt-4o', messages: first });
    const second: OpenAI.ChatCompletionMessageParam[] = [...first, reply, { role: 'user', content: 'And then?' }];
    await client.chat.completions.create({ model: 'gpt-4o', messages: second });
    // The app edits its history: the last question is replaced. The journal undoes it, as the dashboard would.
    const edited: OpenAI.ChatCompletionMessageParam[] = [...first, reply, { role: 'user', content: 'Why?' }];
    await client.chat.completions.create({ model: 'gpt-4o', messages: edited });
    client.guard.close();

    const id = client.guard.status().journalId!;
    expect(id).toMatch(/^\d{8}-\d{6}-[0-9a-f]{4}$/);
    const session = loadSession(id);
    expect(session.model).toBe('gpt-4o');
    expect(session.messages).toEqual([...edited, reply]);

    const shown = runCli(['--resume', id], '');
    expect(shown.status).toBe(0);
    expect(shown.stderr).toContain(`(resumed: ${edited.length + 1} messages)`);
    expect(shown.stdout).toMatch(/Used: [\d,]+ \/ 128,000 tokens/);
  });

  it('an Anthropic session is journalled as chat messages, the model switch included', async () => {
    const client = guard(new Anthropic({ apiKey: 'sk-ant-test', baseURL: api().url, maxRetries: 0 }), { journal: true });
    await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 100, system: 'Be brief.', messages: [{ role: 'user', content: 'Hello there.' }] });
    await client.messages.create({
      model: 'claude-3-5-haiku',
      max_tokens: 100,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Hello there.' }, reply, { role: 'user', content: 'Why?' }],
    });
    client.guard.close();
    const session = loadSession(client.guard.status().journalId!);
    expect(session.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hello there.' },
      { ...reply },
      { role: 'user', content: 'Why?' },
      { role: 'assistant', content: REPLY_WORDS.join('') },
    ]);
    expect(session.model).toBe('claude-3-5-haiku-latest');
  });
});
