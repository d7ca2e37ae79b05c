import { describe, expect, it } from 'vitest';
import { requireModel } from '../../src/core/catalog.js';
import type { ChatMessage } from '../../src/core/chatFormat.js';
import { toolDefinitionTokens } from '../../src/core/toolDefinitions.js';
import { appendMessages, createLedger, ledgerEntries } from '../../src/core/ledger.js';
import { loadTokenizer } from '../../src/core/tokenizer.js';
import type { EncodingName } from '../../src/core/tokenizer.js';
import { InputError } from '../../src/core/errors.js';
import { loadConversation, loadConversations, type LoadedConversation, type LoadOptions } from '../../src/io/conversationFile.js';
import { WEATHER_MESSAGES, WEATHER_TOOL } from '../support/cookbook.js';
import { oracleEncode } from '../support/oracle.js';
import { oracleLedger } from '../support/expectedLedger.js';

/** Python's json.dumps (", " and ": "), as LLaMA-Factory's and glaive's files write the JSON inside strings. */
const pythonJson = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(pythonJson).join(', ')}]`
    : value !== null && typeof value === 'object'
      ? `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${pythonJson(item)}`).join(', ')}}`
      : JSON.stringify(value);

const lines = (records: readonly unknown[]) => `${records.map((record) => JSON.stringify(record)).join('\n')}\n`;

const CHAT = [
  { role: 'user', content: '“свинья” 和 “свинец” 这两个词有什么联系？' },
  { role: 'assistant', content: '它们的词根相同，但意思不同：\n“свинья”是猪，“свинец”是铅。' },
  { role: 'user', content: 'And in English?  ' },
  { role: 'assistant', content: '"Pig" and "lead": the words only look alike.' },
] as const satisfies readonly (ChatMessage & { content: string })[];
const OTHER = [
  { role: 'user', content: 'Another one.' },
  { role: 'assistant', content: 'Not this one.' },
] as const satisfies readonly (ChatMessage & { content: string })[];

const FROM = { user: 'human', assistant: 'gpt', system: 'system' } as const;
const shareGptRecord = (messages: readonly (ChatMessage & { content: string })[]) => ({
  conversations: messages.map((m) => ({ from: FROM[m.role as keyof typeof FROM], value: m.content })),
});

/** The per-call figures of a loaded conversation, by our counter. */
async function usedTokens(loaded: LoadedConversation, encoding: EncodingName, model: string): Promise<number[]> {
  const { count } = await loadTokenizer(encoding);
  const tools = toolDefinitionTokens(loaded.tools ?? [], count, loaded.messages);
  const ledger = appendMessages(createLedger({ model: requireModel(model), count, tools }), loaded.messages);
  return ledgerEntries(ledger).map((entry) => entry.usedTokens);
}

function errorOf(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
}

const MODELS = [
  ['gpt-4', 'cl100k_base'],
  ['gpt-4o', 'o200k_base'],
] as const;

describe.each(MODELS)('each layout gives the ledger tiktoken gives on %s', (model, encoding) => {
  const expected = oracleLedger(encoding, CHAT).used;
  const cases: [string, string, LoadOptions, string][] = [
    ['ShareGPT JSONL, a record per line', lines([shareGptRecord(OTHER), shareGptRecord(CHAT)]), { conversation: 2 }, 'sharegpt'],
    ['ShareGPT JSONL, --format sharegpt', lines([shareGptRecord(CHAT)]), { format: 'sharegpt' }, 'sharegpt'],
    ['a JSON array of {"messages"} records (KTO)', JSON.stringify([{ messages: OTHER, label: false }, { messages: CHAT, label: true }], null, 2), { conversation: 2 }, 'finetune'],
    ['JSONL messages after a {"_meta"} header', lines([{ _meta: { session: 's1', model: 'gpt-4o' } }, ...CHAT]), {}, 'jsonl'],
    ['the same, --format jsonl', lines([{ _meta: { session: 's1' } }, ...CHAT]), { format: 'jsonl' }, 'jsonl'],
    ['fine-tuning JSONL after a header', lines([{ _meta: {} }, { messages: OTHER }, { messages: CHAT }]), { conversation: 2 }, 'finetune'],
    ['evals samples', lines([{ input: OTHER, ideal: 'x' }, { input: CHAT, ideal: ['Pig', 'lead'] }]), { conversation: 2 }, 'evals'],
  ];

  it.each(cases)('%s', async (_name, text, options, format) => {
    const loaded = loadConversation(text, 'file', options);
    expect(loaded.format).toBe(format);
    expect(loaded.messages).toEqual(CHAT);
    expect(await usedTokens(loaded, encoding, model)).toEqual(expected);
  });

  it("evals: the input is the request, and the ideal answer is not part of it", async () => {
    const input: ChatMessage[] = [
      { role: 'system', content: 'Complete the phrase as concisely as possible.' },
      { role: 'user', content: 'Once upon a ' },
    ];
    const sample = { input, ideal: 'time' };
    const loaded = loadConversation(lines([sample]), 'samples.jsonl');
    expect(loaded.messages).toEqual(sample.input);
    const used = await usedTokens(loaded, encoding, model);
    expect(used).toEqual(oracleLedger(encoding, sample.input).used);
    // The request as the cookbook bills it: 3 per message + role + content, and 3 to prime the reply.
    const tokens = (text: string) => oracleEncode(encoding, text).length;
    expect(used.at(-1)).toBe(3 + 3 + tokens('system') + tokens(input[0]!.content as string) + 3 + tokens('user') + tokens('Once upon a '));
  });
});

describe('ShareGPT with tool turns (LLaMA-Factory, glaive)', () => {
  const AREA = {
    name: 'calculate_area',
    description: 'Calculate the area of a given shape',
    parameters: { type: 'object', properties: { shape: { type: 'string', description: 'The shape' }, dimensions: { type: 'array', items: { type: 'number' } } }, required: ['shape'] },
  };
  const record = {
    conversations: [
      { from: 'human', value: 'I need the area of a rectangle, 5 by 3.' },
      { from: 'function_call', value: pythonJson({ name: 'calculate_area', arguments: { shape: 'rectangle', dimensions: [5, 3] } }) },
      { from: 'observation', value: pythonJson({ area: 15 }) },
      { from: 'gpt', value: 'The area is 15 square units.' },
    ],
    tools: pythonJson([AREA]),
  };
  const text = JSON.stringify([record, { conversations: [{ from: 'human', value: 'hi' }, { from: 'gpt', value: 'hello' }], tools: '[]' }], null, 2);

  it('maps a function_call turn to an assistant tool call with the arguments as the file writes them, an observation to a tool result', () => {
    const loaded = loadConversation(text, 'glaive.json');
    expect(loaded).toMatchObject({ format: 'sharegpt', conversation: 1, conversationCount: 2 });
    expect(loaded.messages).toEqual([
      { role: 'user', content: 'I need the area of a rectangle, 5 by 3.' },
      { role: 'assistant', content: null, tool_calls: [{ id: '', type: 'function', function: { name: 'calculate_area', arguments: '{"shape": "rectangle", "dimensions": [5, 3]}' } }] },
      { role: 'tool', content: '{"area": 15}' },
      { role: 'assistant', content: 'The area is 15 square units.' },
    ]);
    expect(loaded.tools).toEqual([{ type: 'function', function: AREA }]);
    expect(loadConversation(text, 'glaive.json', { conversation: 2 }).tools).toBeUndefined();
  });

  it.each(MODELS)('bills the call as its name and arguments, the result as its text, on %s', async (model, encoding) => {
    const loaded = loadConversation(text, 'glaive.json');
    const { count } = await loadTokenizer(encoding);
    const tools = toolDefinitionTokens(loaded.tools ?? [], count, loaded.messages);
    expect(tools).toBeGreaterThan(0);
    expect(await usedTokens(loaded, encoding, model)).toEqual(oracleLedger(encoding, loaded.messages, 3 + tools).used);
    const tokens = (t: string) => oracleEncode(encoding, t).length;
    const [, call] = oracleLedger(encoding, loaded.messages).tokens;
    // The message's 3 and role, then the call: 3 of framing, its name and its arguments.
    expect(call).toBe(3 + tokens('assistant') + 3 + tokens('calculate_area') + tokens('{"shape": "rectangle", "dimensions": [5, 3]}'));
  });

  it("a tools string holding the cookbook's function bills what the API billed: 105 tokens on gpt-4", async () => {
    const { type: _type, function: weather } = WEATHER_TOOL;
    const cookbook = {
      conversations: WEATHER_MESSAGES.map((m) => ({ from: m.role === 'user' ? 'human' : 'system', value: m.content as string })),
      tools: pythonJson([weather]),
    };
    const loaded = loadConversation(JSON.stringify([cookbook]), 'weather.json');
    expect(loaded.tools).toEqual([WEATHER_TOOL]);
    expect((await usedTokens(loaded, 'cl100k_base', 'gpt-4')).at(-1)).toBe(105);
  });

  it('reads parallel calls (a list), arguments given as a string, tools given as a list, and JSON lines', () => {
    const parallel = {
      conversations: [
        { from: 'human', value: 'Areas of a 2x2 square and a 1x3 rectangle?' },
        { from: 'function_call', value: JSON.stringify([{ name: 'calculate_area', arguments: { shape: 'square', dimensions: [2] } }, { name: 'calculate_area', arguments: '{"shape":"rectangle"}' }]) },
        { from: 'observation', value: '4' },
      ],
      tools: [{ type: 'function', function: AREA }],
    };
    const loaded = loadConversation(lines([parallel]), 'parallel.jsonl');
    expect(loaded.format).toBe('sharegpt');
    expect(loaded.messages[1]!.tool_calls!.map((call) => call.function.arguments)).toEqual(['{"shape":"square","dimensions":[2]}', '{"shape":"rectangle"}']);
    expect(loaded.tools).toEqual([{ type: 'function', function: AREA }]);
  });

  it('names the file, line and turn of a function_call that is not a call, and of tools that are not definitions', () => {
    const bad = (turn: object, tools: unknown = '[]') => JSON.stringify([{ conversations: [{ from: 'human', value: 'hi' }, turn], tools }], null, 2);
    expect(errorOf(() => loadConversation(bad({ from: 'function_call', value: 'calculate_area(5, 3)' }), 'g.json'))).toMatch(
      /^g\.json:10:18: conversation 1, message 1: .*function_call turn must hold JSON/,
    );
    expect(errorOf(() => loadConversation(bad({ from: 'function_call', value: '{"arguments": {}}' }), 'g.json'))).toMatch(
      /^g\.json:10:18: conversation 1, message 1: .*function_call: name: /,
    );
    expect(errorOf(() => loadConversation(bad({ from: 'gpt', value: 'ok' }, '[{"description": "no name"}]'), 'g.json'))).toMatch(
      /^g\.json:13:14: conversation 1: \[0\]\.tools: tool 0 name: /,
    );
    expect(errorOf(() => loadConversation(lines([{ conversations: [{ from: 'bing', value: 'hi' }] }]), 'g.jsonl'))).toMatch(
      /^g\.jsonl:1:\d+: conversation 1, message 0: /,
    );
  });
});

describe('files of many records', () => {
  it('gives every conversation, in order, each knowing its place', () => {
    const all = loadConversations(lines([shareGptRecord(CHAT), shareGptRecord(OTHER), shareGptRecord(CHAT)]), 's.jsonl');
    expect(all.map((c) => [c.conversation, c.conversationCount, c.messages.length])).toEqual([
      [1, 3, 4],
      [2, 3, 2],
      [3, 3, 4],
    ]);
    expect(loadConversations(JSON.stringify({ messages: CHAT }), 'one.json')).toHaveLength(1);
  });

  it('names the line of a bad message inside a JSON array of records', () => {
    const text = JSON.stringify([{ messages: OTHER }, { messages: [OTHER[0], { role: 'robot', content: 'x' }] }], null, 2);
    expect(errorOf(() => loadConversation(text, 'kto.json'))).toMatch(/^kto\.json:21:\d+: conversation 2, message 1: \[1\]\.messages\[1\]\.role: /);
  });

  it('names the line of an evals sample without an input', () => {
    expect(errorOf(() => loadConversation(lines([{ input: CHAT, ideal: 'a' }, { prompt: 'x', ideal: 'b' }]), 'samples.jsonl', { format: 'evals' }))).toMatch(
      /^samples\.jsonl:2:1: conversation 2 has no "input"/,
    );
  });

  it('reads an evals input given as a string as one system message, as evals sends it to a chat model', () => {
    expect(loadConversation(lines([{ input: 'Say hi.', ideal: 'hi' }]), 'samples.jsonl').messages).toEqual([{ role: 'system', content: 'Say hi.' }]);
  });

  it('takes a header line only at the top: a header alone is an empty history, one further down is a bad message', () => {
    expect(loadConversation(lines([{ _meta: { session: 's' } }]), 'h.jsonl')).toMatchObject({ format: 'jsonl', messages: [] });
    expect(errorOf(() => loadConversation(lines([{ _meta: {} }, CHAT[0], { _meta: {} }]), 'h.jsonl'))).toMatch(/^h\.jsonl:3:\d+: message 1/);
  });
});
