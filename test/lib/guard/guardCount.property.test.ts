import fc from 'fast-check';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { requireModel } from '../../../src/core/catalog.js';
import type { ChatMessage, ToolDefinition } from '../../../src/core/chatFormat.js';
import { fileReport } from '../../../src/core/report/fileReport.js';
import { loadTokenizer } from '../../../src/core/tokenizer.js';
import { loadConversation } from '../../../src/io/conversationFile.js';
import { guard, type GuardedCall } from '../../../src/lib/index.js';
import { conversations } from '../../support/conversations.js';
import { apiServerPerFile } from '../../support/apiServer.js';

const api = apiServerPerFile();

const TOOLS: ToolDefinition[] = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Weather for a city',
      parameters: { type: 'object', properties: { city: { type: 'string', description: 'The city' }, unit: { type: 'string', enum: ['c', 'f'] } }, required: ['city'] },
    },
  },
  { type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { ids: { type: 'array', items: { type: 'number' } } } } } },
];

/** Random conversations, some of their text any Unicode, some with tool definitions and a tool choice. */
const requests = fc.record({
  messages: fc
    .tuple(conversations, fc.array(fc.string({ unit: 'grapheme', maxLength: 40 }), { minLength: 1, maxLength: 5 }))
    .map(([messages, texts]) =>
      messages.map((message, index): ChatMessage => (message.role === 'user' && index % 2 === 0 ? { ...message, content: texts[index % texts.length]! } : message)),
    ),
  tools: fc.option(fc.subarray(TOOLS, { minLength: 1 }), { nil: undefined }),
  toolChoice: fc.constantFrom(undefined, 'auto', 'none', { type: 'function', function: { name: 'get_weather' } }),
  model: fc.constantFrom('gpt-4o', 'gpt-4'),
});

describe("guard's count", () => {
  it("is report's: the same request read from a file and run by the report model counts the same tokens", async () => {
    const calls: GuardedCall[] = [];
    const client = guard(new OpenAI({ apiKey: 'sk-test', baseURL: `${api().url}/v1`, maxRetries: 0 }), { onCall: (call) => calls.push(call) });
    await fc.assert(
      fc.asyncProperty(requests, async ({ messages, tools, toolChoice, model }) => {
        const body = {
          messages,
          ...(tools && { tools }),
          ...(tools && toolChoice !== undefined && { tool_choice: toolChoice }),
        };
        await client.chat.completions.create({ model, ...(body as Omit<OpenAI.ChatCompletionCreateParamsNonStreaming, 'model'>) });
        const entry = requireModel(model);
        const { count } = await loadTokenizer(entry.encoding);
        // `report FILE --model M --json`'s object, built in-process from the same body as a file.
        const report = fileReport(loadConversation(JSON.stringify(body), 'request.json'), { model: entry, count, strategy: 'keep-all' });
        expect(calls.at(-1)!.counted.tokens).toBe(report.totals.usedTokens);
      }),
      { numRuns: 60 },
    );
  });
});
