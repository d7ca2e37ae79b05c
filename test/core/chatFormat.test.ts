import { describe, expect, it } from 'vitest';
import { FORMAT_RULES, requestTokens, type ChatMessage } from '../../src/core/chatFormat.js';
import { loadTokenizer } from '../../src/core/tokenizer.js';

// The cookbook's few-shot example ("How to count tokens with tiktoken"), billed by the API.
const COOKBOOK_EXAMPLE: ChatMessage[] = [
  {
    role: 'system',
    content: 'You are a helpful, pattern-following assistant that translates corporate jargon into plain English.',
  },
  { role: 'system', name: 'example_user', content: 'New synergies will help drive top-line growth.' },
  { role: 'system', name: 'example_assistant', content: 'Things working well together will increase revenue.' },
  {
    role: 'system',
    name: 'example_user',
    content: "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.",
  },
  { role: 'system', name: 'example_assistant', content: "Let's talk later when we're less busy about how to do better." },
  {
    role: 'user',
    content: "This late pivot means we don't have time to boil the ocean for the client deliverable.",
  },
];

describe('chat format (cookbook rule)', () => {
  it('bills the cookbook few-shot example 129 tokens on gpt-4 (cl100k_base)', async () => {
    const { count } = await loadTokenizer('cl100k_base');
    expect(requestTokens(COOKBOOK_EXAMPLE, count)).toBe(129);
  });

  it('bills the cookbook few-shot example 124 tokens on gpt-4o (o200k_base)', async () => {
    const { count } = await loadTokenizer('o200k_base');
    expect(requestTokens(COOKBOOK_EXAMPLE, count)).toBe(124);
  });

  it('frames each message as the API does: 22, 17, 16, 25, 23, 23 on cl100k_base', async () => {
    const { count } = await loadTokenizer('cl100k_base');
    const perMessage = COOKBOOK_EXAMPLE.map((m) => FORMAT_RULES.cookbook.messageTokens(m, count));
    expect(perMessage).toEqual([22, 17, 16, 25, 23, 23]);
  });

  it('bills single messages as the API did (openai-messages-token-helper figures)', async () => {
    const { count } = await loadTokenizer('cl100k_base');
    expect(requestTokens([{ role: 'system', content: 'You are a bot.' }], count)).toBe(12);
    expect(requestTokens([{ role: 'user', content: 'Hello, how are you?' }], count)).toBe(13);
    expect(requestTokens([COOKBOOK_EXAMPLE[0]!], count)).toBe(25);
    const o200k = await loadTokenizer('o200k_base');
    expect(requestTokens([COOKBOOK_EXAMPLE[0]!], o200k.count)).toBe(24);
  });

  it('counts content given as text parts like the same text as a string', async () => {
    const { count } = await loadTokenizer('cl100k_base');
    const parts: ChatMessage = {
      role: 'user',
      content: [
        { type: 'text', text: 'First part. ' },
        { type: 'text', text: 'Second part.' },
      ],
    };
    expect(requestTokens([parts], count)).toBe(3 + 3 + 1 + count('First part. ') + count('Second part.'));
  });
});

describe('chat format (the lesson script rule, --overhead 4)', () => {
  it('is content + 4 per message with no reply priming', async () => {
    const { count } = await loadTokenizer('cl100k_base');
    const rule = FORMAT_RULES.lesson;
    expect(requestTokens([{ role: 'user', content: 'Hello there.' }], count, rule)).toBe(7);
  });
});
