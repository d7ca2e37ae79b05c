import type { ChatMessage, FunctionDefinition } from '../../src/core/chatFormat.js';

/**
 * hmarr/openai-chat-tokens' cases (tests/token-counts.test.ts at b8e3b11): requests and the
 * prompt tokens gpt-3.5-turbo billed for them (the suite checks each against the live API when
 * asked to). Transcribed: the requests as sent, the billed figure beside each.
 */
export interface BilledRequest {
  readonly what: string;
  readonly messages: readonly ChatMessage[];
  readonly functions?: readonly FunctionDefinition[];
  readonly function_call?: 'none' | 'auto' | { readonly name: string };
  readonly billed: number;
}

const hello: ChatMessage[] = [{ role: 'user', content: 'hello' }];
const foo: FunctionDefinition = { name: 'foo', parameters: { type: 'object', properties: {} } };
const doStuff: FunctionDefinition = { name: 'do_stuff', parameters: { type: 'object', properties: {} } };
const helloSystem = (first: string): ChatMessage[] => [
  { role: 'system', content: first },
  { role: 'user', content: 'Hi there' },
];

export const GPT_35_TURBO_BILLED: readonly BilledRequest[] = [
  { what: 'a user message', messages: hello, billed: 8 },
  { what: 'a system message ending in a colon', messages: [{ role: 'system', content: 'hello:' }], billed: 9 },
  {
    what: 'three messages',
    messages: [
      { role: 'system', content: "# Important: you're the best robot" },
      { role: 'user', content: 'hello robot' },
      { role: 'assistant', content: 'hello world' },
    ],
    billed: 27,
  },
  { what: 'a function without parameters', messages: hello, functions: [foo], billed: 31 },
  { what: 'function_call "none"', messages: hello, functions: [foo], function_call: 'none', billed: 32 },
  { what: 'function_call "auto"', messages: hello, functions: [foo], function_call: 'auto', billed: 31 },
  { what: 'function_call naming a function', messages: hello, functions: [foo], function_call: { name: 'foo' }, billed: 36 },
  { what: 'a function with a description', messages: hello, functions: [{ ...foo, description: 'Do a foo' }], billed: 36 },
  {
    what: 'a string parameter',
    messages: hello,
    functions: [{ name: 'bing_bong', description: 'Do a bing bong', parameters: { type: 'object', properties: { foo: { type: 'string' } } } }],
    billed: 49,
  },
  {
    what: 'a parameter with a description',
    messages: hello,
    functions: [
      {
        name: 'bing_bong',
        description: 'Do a bing bong',
        parameters: { type: 'object', properties: { foo: { type: 'string' }, bar: { type: 'number', description: 'A number' } } },
      },
    ],
    billed: 57,
  },
  {
    what: 'a nested object with an enum',
    messages: hello,
    functions: [
      {
        name: 'bing_bong',
        description: 'Do a bing bong',
        parameters: {
          type: 'object',
          properties: {
            foo: { type: 'object', properties: { bar: { type: 'string', enum: ['a', 'b', 'c'] }, baz: { type: 'boolean' } } },
          },
        },
      },
    ],
    billed: 68,
  },
  {
    what: 'a function result',
    messages: [
      { role: 'user', content: 'hello world' },
      { role: 'function', name: 'do_stuff', content: '{}' },
    ],
    billed: 15,
  },
  {
    what: 'a longer function result',
    messages: [
      { role: 'user', content: 'hello world' },
      { role: 'function', name: 'do_stuff', content: '{"foo": "bar", "baz": 1.5}' },
    ],
    billed: 28,
  },
  { what: 'a function result alone', messages: [{ role: 'function', name: 'dance_the_tango', content: '{"a": { "b" : { "c": false}}}' }], billed: 24 },
  {
    what: 'an assistant function_call',
    messages: [{ role: 'assistant', content: '', function_call: { name: 'do_stuff', arguments: '{"foo": "bar", "baz": 1.5}' } }],
    billed: 26,
  },
  {
    what: 'an assistant function_call with newlines in its arguments',
    messages: [{ role: 'assistant', content: '', function_call: { name: 'do_stuff', arguments: '{"foo":"bar", "baz":\n\n 1.5}' } }],
    billed: 25,
  },
  { what: 'functions with a system message', messages: helloSystem('Hello'), functions: [doStuff], billed: 35 },
  { what: 'functions with a system message ending in a colon', messages: helloSystem('Hello:'), functions: [doStuff], billed: 35 },
  {
    what: 'functions with two system messages',
    messages: [{ role: 'system', content: 'Hello:' }, ...helloSystem('Hello')],
    functions: [doStuff],
    billed: 40,
  },
  {
    what: 'two functions with two system messages',
    messages: [{ role: 'system', content: 'Hello:' }, ...helloSystem('Hello')],
    functions: [doStuff, { name: 'do_other_stuff', parameters: { type: 'object', properties: {} } }],
    billed: 49,
  },
  {
    what: 'two functions and function_call naming one',
    messages: [{ role: 'system', content: 'Hello:' }, ...helloSystem('Hello')],
    functions: [doStuff, { name: 'do_other_stuff', parameters: { type: 'object', properties: {} } }],
    function_call: { name: 'do_stuff' },
    billed: 55,
  },
  {
    what: 'arrays of objects, required fields and enums (the recipe)',
    messages: hello,
    functions: [
      {
        name: 'get_recipe',
        parameters: {
          type: 'object',
          required: ['ingredients', 'instructions', 'time_to_cook'],
          properties: {
            ingredients: {
              type: 'array',
              items: {
                type: 'object',
                required: ['name', 'unit', 'amount'],
                properties: {
                  name: { type: 'string' },
                  unit: { enum: ['grams', 'ml', 'cups', 'pieces', 'teaspoons'], type: 'string' },
                  amount: { type: 'number' },
                },
              },
            },
            instructions: { type: 'array', items: { type: 'string' }, description: 'Steps to prepare the recipe (no numbering)' },
            time_to_cook: { type: 'number', description: 'Total time to prepare the recipe in minutes' },
          },
        },
      },
    ],
    billed: 106,
  },
  {
    what: 'a nested description, which the API leaves out',
    messages: hello,
    functions: [
      {
        name: 'function',
        description: 'description',
        parameters: {
          type: 'object',
          properties: {
            quality: {
              type: 'object',
              properties: { pros: { type: 'array', items: { type: 'string' }, description: 'Write 3 points why this text is well written' } },
            },
          },
        },
      },
    ],
    billed: 46,
  },
  {
    what: 'anyOf: a string or a number',
    messages: helloSystem('Hello'),
    // The string member also has `const: "a"`, which the rendering does not read.
    functions: [{ name: 'do_stuff', parameters: { type: 'object', properties: { foo: { anyOf: [{ type: 'string' }, { type: 'number' }] } } } }],
    billed: 44,
  },
];

/** One of the cases above, by its description. */
export function billedCase(what: string): BilledRequest {
  const found = GPT_35_TURBO_BILLED.find((request) => request.what === what);
  if (!found) throw new Error(`no billed case "${what}"`);
  return found;
}

/** A case as an OpenAI chat file: the request's fields as sent. */
export function asRequestFile({ messages, functions, function_call }: BilledRequest): string {
  return JSON.stringify({ messages, ...(functions && { functions }), ...(function_call && { function_call }) });
}
