import { functionCallingTestCases } from 'gpt-tokenizer/fixtures/functionCallingTestCases';
import { describe, expect, it } from 'vitest';
import { requestTokens, type ChatMessage, type FunctionDefinition, type ToolDefinition } from '../../src/core/chatFormat.js';
import { loadTokenizer } from '../../src/core/tokenizer.js';
import {
  promptTokens,
  renderToolDefinitions,
  toolDefinitionTokens,
  type ChatRequest,
  type ToolChoice,
} from '../../src/core/toolDefinitions.js';
import { WEATHER_MESSAGES, WEATHER_TOOL } from '../support/cookbook.js';
import { GPT_35_TURBO_BILLED, type BilledRequest } from '../support/functionCallingCases.js';

const asTools = (functions: readonly FunctionDefinition[] = []): ToolDefinition[] => functions.map((fn) => ({ type: 'function', function: fn }));

function legacyRequest({ messages, functions, function_call }: Pick<BilledRequest, 'messages' | 'functions' | 'function_call'>): ChatRequest {
  const toolChoice: ToolChoice | undefined =
    function_call === undefined || typeof function_call === 'string' ? function_call : { name: function_call.name, legacy: true };
  return { messages, tools: asTools(functions), ...(toolChoice && { toolChoice }) };
}

describe('function calling, as the API billed it (hmarr/openai-chat-tokens, gpt-3.5-turbo, cl100k_base)', () => {
  it.each(GPT_35_TURBO_BILLED.map((request) => [request.what, request] as const))('%s', async (_what, request) => {
    const { count } = await loadTokenizer('cl100k_base');
    expect(promptTokens(legacyRequest(request), count)).toBe(request.billed);
  });
});

describe("gpt-tokenizer 4.0.0's function-calling cases (gpt-4o, o200k_base)", () => {
  // The same rendering and constants on o200k_base; the 16 with function definitions among them.
  const cases = functionCallingTestCases.map(({ tokens, messages, functions, function_call }, index) => {
    const request = legacyRequest({
      messages: messages as ChatMessage[],
      functions: functions as FunctionDefinition[] | undefined,
      function_call: function_call as BilledRequest['function_call'],
    });
    return [index, (functions?.length ?? 0) > 0 ? 'with functions' : 'messages only', request, tokens] as const;
  });

  it('has 16 cases with function definitions', () => {
    expect(cases.filter(([, kind]) => kind === 'with functions')).toHaveLength(16);
  });

  it.each(cases)('case %i (%s)', async (_index, _kind, request, tokens) => {
    const { count } = await loadTokenizer('o200k_base');
    expect(promptTokens(request, count)).toBe(tokens);
  });
});

describe('tool definitions (the cookbook weather tool, billed 105 on gpt-4 and 101 on gpt-4o)', () => {
  it.each([
    ['cl100k_base', 105],
    ['o200k_base', 101],
  ] as const)('%s: %i', async (encoding, billed) => {
    const { count } = await loadTokenizer(encoding);
    expect(requestTokens(WEATHER_MESSAGES, count) + toolDefinitionTokens([WEATHER_TOOL], count, WEATHER_MESSAGES)).toBe(billed);
  });

  it('renders the declarations the API writes into the prompt', () => {
    expect(renderToolDefinitions([WEATHER_TOOL])).toBe(
      [
        'namespace functions {',
        '',
        '// Get the current weather in a given location',
        'type get_current_weather = (_: {',
        '// The city and state, e.g. San Francisco, CA',
        'location: string,',
        '// The unit of temperature to return',
        'unit?: "celsius" | "fahrenheit",',
        '}) => any;',
        '',
        '} // namespace functions',
      ].join('\n'),
    );
  });

  it('writes nested objects indented, arrays as T[], type lists and anyOf as unions, and no nested descriptions', () => {
    const tool: ToolDefinition = {
      type: 'function',
      function: {
        name: 'plan',
        parameters: {
          type: 'object',
          required: ['steps'],
          properties: {
            steps: {
              type: 'array',
              description: 'What to do',
              items: {
                type: 'object',
                required: ['at'],
                properties: {
                  at: { type: ['string', 'null'], description: 'lost: nested' },
                  who: { type: 'object', properties: { id: { type: 'integer', enum: [1, 2] } } },
                },
              },
            },
            mode: { anyOf: [{ type: 'string', enum: ['fast'] }, { type: 'boolean' }] },
            extra: { description: 'no type' },
          },
        },
      },
    };
    expect(renderToolDefinitions([tool])).toBe(
      [
        'namespace functions {',
        '',
        'type plan = (_: {',
        '// What to do',
        'steps: {',
        '  at: string | null,',
        '  who?: {',
        '    id?: 1 | 2,',
        '  },',
        '}[],',
        'mode?: "fast" | boolean,',
        '// no type',
        'extra?: any,',
        '}) => any;',
        '',
        '} // namespace functions',
      ].join('\n'),
    );
  });

  it('adds nothing when no tool is offered, and 9 for the framing of its own system message otherwise', async () => {
    const { count } = await loadTokenizer('cl100k_base');
    expect(toolDefinitionTokens([], count, WEATHER_MESSAGES)).toBe(0);
    const alone = toolDefinitionTokens([WEATHER_TOOL], count);
    expect(alone).toBe(count(renderToolDefinitions([WEATHER_TOOL])) + 9);
    // Joining the system message: 4 fewer, and the newline that message's text gains.
    const system = WEATHER_MESSAGES[0]!.content as string;
    expect(toolDefinitionTokens([WEATHER_TOOL], count, WEATHER_MESSAGES)).toBe(alone - 4 + count(`${system}\n`) - count(system));
  });
});
