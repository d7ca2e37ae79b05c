import { describe, expect, it } from 'vitest';
import { requireModel } from '../../src/core/catalog.js';
import type { ChatMessage } from '../../src/core/chatFormat.js';
import { renderToolDefinitions, toolDefinitionTokens } from '../../src/core/toolDefinitions.js';
import { appendMessages, createLedger, ledgerEntries } from '../../src/core/ledger.js';
import { loadTokenizer } from '../../src/core/tokenizer.js';
import { loadConversation, type LoadOptions } from '../../src/io/conversationFile.js';
import { WEATHER_TOOL } from '../support/cookbook.js';
import { asFinetune, asJsonl, asOpenAiArray, asOpenAiObject, asShareGpt, asTranscript } from '../support/conversationWriters.js';
import { oracleLedger } from '../support/expectedLedger.js';
import { oracleEncode } from '../support/oracle.js';

// One conversation; every format below must give exactly this ledger.
const CONVERSATION = [
  { role: 'system', content: 'You answer in one short paragraph.' },
  { role: 'user', content: 'Why does this fail?\n\n```ts\nconst x: number = "1";\n```\nThanks ' },
  { role: 'assistant', content: 'A string is not a number: write `const x = 1;` instead. Ünïcödé → fine.' },
  { role: 'user', content: 'And   with  spaces?\n    an indented line\n<|endoftext|>' },
  { role: 'assistant', content: 'Spaces are tokens too.' },
] as const satisfies readonly (ChatMessage & { content: string })[];

const OTHER = [
  { role: 'user', content: 'Another conversation.' },
  { role: 'assistant', content: 'Not this one.' },
] as const satisfies readonly (ChatMessage & { content: string })[];

const FORMATS: [string, string, LoadOptions, string][] = [
  ['OpenAI {"messages"}', asOpenAiObject(CONVERSATION), {}, 'openai'],
  ['OpenAI bare array', asOpenAiArray(CONVERSATION), {}, 'openai'],
  ['OpenAI with a byte-order mark', `\uFEFF${asOpenAiObject(CONVERSATION)}`, {}, 'openai'],
  ['JSONL, a message per line', asJsonl(CONVERSATION), {}, 'jsonl'],
  ['fine-tuning JSONL, the first conversation', asFinetune(CONVERSATION, [], [[...OTHER]]), {}, 'finetune'],
  ['fine-tuning JSONL, --conversation 2', asFinetune(CONVERSATION, [[...OTHER]]), { conversation: 2 }, 'finetune'],
  ['ShareGPT, --conversation 2', asShareGpt([OTHER, CONVERSATION]), { conversation: 2 }, 'sharegpt'],
  ['transcript', asTranscript(CONVERSATION), {}, 'transcript'],
  ['transcript with CRLF line ends', asTranscript(CONVERSATION, '\r\n'), {}, 'transcript'],
  ['a one-line fine-tuning file, --format finetune', asFinetune(CONVERSATION, []), { format: 'finetune' }, 'finetune'],
];

describe.each([
  ['gpt-4', 'cl100k_base'],
  ['gpt-4o', 'o200k_base'],
] as const)('every format gives the same ledger on %s', (modelId, encoding) => {
  const expected = oracleLedger(encoding, CONVERSATION);

  it.each(FORMATS)('%s', async (_name, text, options, format) => {
    const loaded = loadConversation(text, 'conversation', options);
    expect(loaded.format).toBe(format);
    expect(loaded.messages).toEqual(CONVERSATION);
    const { count } = await loadTokenizer(encoding);
    const entries = ledgerEntries(appendMessages(createLedger({ model: requireModel(modelId), count }), loaded.messages));
    expect(entries.map((entry) => entry.tokens)).toEqual(expected.tokens);
    expect(entries.map((entry) => entry.usedTokens)).toEqual(expected.used);
  });
});

it('counts the conversations of a file and picks the one asked for', () => {
  const text = asFinetune(CONVERSATION, [[...OTHER], [...OTHER]], [[...OTHER]]);
  expect(loadConversation(text, 'f').conversationCount).toBe(4);
  expect(loadConversation(text, 'f').messages).toEqual(OTHER);
  expect(loadConversation(text, 'f', { conversation: 3 })).toMatchObject({ messages: CONVERSATION, conversation: 3 });
  expect(loadConversation(asShareGpt([OTHER, CONVERSATION, OTHER]), 's').conversationCount).toBe(3);
});

it('reads a ShareGPT "system" field as the first message', () => {
  const text = JSON.stringify([{ id: 'a', system: 'Be brief.', conversations: [{ from: 'human', value: 'Hi' }] }]);
  expect(loadConversation(text, 's').messages).toEqual([
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hi' },
  ]);
});

it('starts a transcript message on the next line when the speaker line holds nothing else', () => {
  const text = 'User:\nfirst line\nsecond line\n\n\nAssistant: ok\n';
  expect(loadConversation(text, 't').messages).toEqual([
    { role: 'user', content: 'first line\nsecond line' },
    { role: 'assistant', content: 'ok' },
  ]);
});

describe('tool use in every format that can hold it', () => {
  const messages: ChatMessage[] = [
    { role: 'user', content: "What's the weather like in Paris?" },
    {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_current_weather', arguments: '{"location":"Paris, FR"}' } }],
    },
    { role: 'tool', tool_call_id: 'call_1', content: '{"temperature": 18, "unit": "celsius", "sky": "overcast"}' },
    { role: 'assistant', content: 'It is 18 °C and overcast in Paris.' },
  ];
  const withTools = { messages, tools: [WEATHER_TOOL] };
  const cases: [string, string, string][] = [
    ['OpenAI {"messages", "tools"}', JSON.stringify(withTools, null, 2), 'openai'],
    ['fine-tuning JSONL with "tools"', `${JSON.stringify({ messages: OTHER })}\n${JSON.stringify(withTools)}\n`, 'finetune'],
  ];

  it.each(cases)('%s bills the definitions on every call and counts calls and results', async (_name, text, format) => {
    const loaded = loadConversation(text, 'tools', { conversation: format === 'finetune' ? 2 : 1 });
    expect(loaded).toMatchObject({ format, messages, tools: [WEATHER_TOOL] });
    const { count } = await loadTokenizer('cl100k_base');
    // No system message here: the definitions make one of their own, 9 tokens of framing.
    const toolShare = oracleEncode('cl100k_base', renderToolDefinitions([WEATHER_TOOL])).length + 9;
    const tools = toolDefinitionTokens(loaded.tools ?? [], count, loaded.messages);
    expect(tools).toBe(toolShare);
    const ledger = createLedger({ model: requireModel('gpt-4'), count, tools });
    const entries = ledgerEntries(appendMessages(ledger, loaded.messages));
    expect(entries.map((entry) => entry.usedTokens)).toEqual(oracleLedger('cl100k_base', messages, 3 + toolShare).used);
  });

  it('JSONL, a message per line, gives the same messages', () => {
    expect(loadConversation(asJsonl(messages), 'tools.jsonl')).toMatchObject({ format: 'jsonl', messages });
  });

  it('counts an assistant tool call as its function name, its arguments and 3 of framing', () => {
    const [, call] = oracleLedger('o200k_base', messages).tokens;
    const name = oracleEncode('o200k_base', 'get_current_weather').length;
    const args = oracleEncode('o200k_base', '{"location":"Paris, FR"}').length;
    expect(call).toBe(3 + oracleEncode('o200k_base', 'assistant').length + name + args + 3);
  });
});

describe('images', () => {
  it('lists an image of unknown size as not counted, and counts a low-detail one', () => {
    const text = JSON.stringify({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare these.' },
            { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
            { type: 'image_url', image_url: { url: 'https://example.com/b.png', detail: 'low' } },
          ],
        },
      ],
    });
    const loaded = loadConversation(text, 'images.json');
    expect(loaded.notCounted).toEqual([{ message: 1, part: 2, kind: 'image', reason: expect.stringContaining('size unknown') }]);
  });
});
