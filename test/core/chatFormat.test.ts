import { describe, expect, it } from 'vitest';
import {
  contentTokens,
  FORMAT_RULES,
  formatRuleFor,
  IMAGE_RULES,
  imageRuleFor,
  requestTokens,
  uncountedParts,
  type ChatMessage,
} from '../../src/core/chatFormat.js';
import { loadTokenizer } from '../../src/core/tokenizer.js';
import { gif, jpeg, png, webp } from '../support/images.js';
import { oracleEncode } from '../support/oracle.js';

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

describe('chat format (gpt-3.5-turbo-0301, --overhead 0301)', () => {
  it('bills the cookbook few-shot example 127 tokens: 4 per message, a name taking the role\'s place', async () => {
    const { count } = await loadTokenizer('cl100k_base');
    expect(requestTokens(COOKBOOK_EXAMPLE, count, FORMAT_RULES['0301'])).toBe(127);
  });

  it('is the rule of the dated id gpt-3.5-turbo-0301 (and Azure\'s gpt-35-turbo-0301), and of no later model', () => {
    expect(formatRuleFor('gpt-3.5-turbo-0301')).toBe(FORMAT_RULES['0301']);
    expect(formatRuleFor('gpt-35-turbo-0301')).toBe(FORMAT_RULES['0301']);
    for (const id of ['gpt-3.5-turbo', 'gpt-3.5-turbo-0613', 'gpt-3.5-turbo-0125', 'gpt-4-0314', 'gpt-4o-2024-08-06']) {
      expect(formatRuleFor(id)).toBe(FORMAT_RULES.cookbook);
    }
  });
});

describe('tool calls and tool results', () => {
  const o = (text: string) => oracleEncode('o200k_base', text).length;

  it('counts each tool call as its name, its arguments and 3 of framing, and the framing as no part of the reply', async () => {
    const { count } = await loadTokenizer('o200k_base');
    const call: ChatMessage = {
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: 'call_a', type: 'function', function: { name: 'read_file', arguments: '{"path":"src/cli.tsx"}' } },
        { id: 'call_b', type: 'function', function: { name: 'run_tests', arguments: '{}' } },
      ],
    };
    const own = o('read_file') + o('{"path":"src/cli.tsx"}') + o('run_tests') + o('{}');
    expect(FORMAT_RULES.cookbook.messageTokens(call, count)).toBe(3 + o('assistant') + own + 2 * 3);
    expect(contentTokens(call, count)).toBe(own);
  });

  it('bills a tool result without its tool_call_id, and one naming its function as a function result (-2)', async () => {
    const { count } = await loadTokenizer('o200k_base');
    const id = 'call_Id8ycVMsW8gdsf7kSXfgAcf1';
    const plain: ChatMessage = { role: 'tool', tool_call_id: id, content: 'export function main() {}' };
    expect(FORMAT_RULES.cookbook.messageTokens(plain, count)).toBe(3 + o('tool') + o('export function main() {}'));
    const named: ChatMessage = { ...plain, name: 'read_file' };
    expect(FORMAT_RULES.cookbook.messageTokens(named, count)).toBe(3 + o('tool') + o('export function main() {}') + o('read_file') + 1 - 2);
  });

  it("bills a call and its result 35 on gpt-4, as the API did (forestwanglin/openai-java#5): the 18-token id is not billed", async () => {
    const { count } = await loadTokenizer('cl100k_base');
    const id = 'call_Id8ycVMsW8gdsf7kSXfgAcf1';
    const messages: ChatMessage[] = [
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id, type: 'function', function: { name: 'get_current_weather', arguments: '{\n  "location": "Boston, MA"\n}' } }],
      },
      { role: 'tool', tool_call_id: id, name: 'get_current_weather', content: '29 degree celcius' },
    ];
    expect(count(id)).toBe(18);
    expect(requestTokens(messages, count)).toBe(35);
  });

  it('counts a legacy function_call like a tool call, beside the content', async () => {
    const { count } = await loadTokenizer('o200k_base');
    const message: ChatMessage = { role: 'assistant', content: 'Checking.', function_call: { name: 'do_stuff', arguments: '{"a": 1}' } };
    expect(FORMAT_RULES.cookbook.messageTokens(message, count)).toBe(3 + o('assistant') + o('Checking.') + o('do_stuff') + o('{"a": 1}') + 3);
  });
});

describe('images (OpenAI tile rule)', () => {
  const image = (url: string, detail?: 'low' | 'high' | 'auto'): ChatMessage => ({
    role: 'user',
    content: [{ type: 'image_url', image_url: { url, ...(detail && { detail }) } }],
  });
  const imageOnly = (message: ChatMessage, rule = IMAGE_RULES.standard) => contentTokens(message, () => 0, rule);

  // Figures worked out by hand from the published rule: fit in 2048 x 2048, short side to 768,
  // then 85 + 170 per 512 px tile (gpt-4o-mini: 2,833 + 5,667 per tile); low detail is 85 flat.
  it.each([
    ['1024 x 1024: 768 x 768, 2 x 2 tiles', png(1024, 1024), 85 + 170 * 4],
    ['2048 x 4096: 1024 x 2048, then 768 x 1536, 2 x 3 tiles', png(2048, 4096), 85 + 170 * 6],
    ['512 x 512: never enlarged, 1 tile', png(512, 512), 85 + 170 * 1],
    ['800 x 600: short side under 768, 2 x 2 tiles', jpeg(800, 600), 85 + 170 * 4],
    ['4000 x 1000: 2048 x 512, 4 x 1 tiles', gif(4000, 1000), 85 + 170 * 4],
    ['1920 x 1080 WebP: 1365 x 768, 3 x 2 tiles', webp(1920, 1080), 85 + 170 * 6],
  ])('high detail %s', (_what, url, tokens) => {
    expect(imageOnly(image(url, 'high'))).toBe(tokens);
    expect(imageOnly(image(url))).toBe(tokens); // no detail given: counted as high, the larger
  });

  it('low detail is 85 whatever the size, even for a URL', () => {
    expect(imageOnly(image(png(4000, 3000), 'low'))).toBe(85);
    expect(imageOnly(image('https://example.com/photo.jpg', 'low'))).toBe(85);
  });

  it('multiplies on gpt-4o-mini', () => {
    expect(imageRuleFor('gpt-4o-mini')).toEqual({ base: 2833, perTile: 5667 });
    expect(imageOnly(image(png(1024, 1024)), imageRuleFor('gpt-4o-mini'))).toBe(2833 + 5667 * 4);
    expect(imageOnly(image(png(1024, 1024), 'low'), imageRuleFor('gpt-4o-mini'))).toBe(2833);
  });

  it('reports an image it cannot measure instead of ignoring it', () => {
    const messages = [image('https://example.com/photo.jpg'), image(png(10, 10)), image('data:image/png;base64,bm90IGFuIGltYWdl')];
    expect(imageOnly(messages[0]!)).toBe(0);
    expect(uncountedParts(messages)).toEqual([
      { message: 1, part: 1, kind: 'image', reason: expect.stringContaining('size unknown') },
      { message: 3, part: 1, kind: 'image', reason: expect.stringContaining('size unknown') },
    ]);
  });
});
