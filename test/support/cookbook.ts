import type { ChatMessage, ToolDefinition } from '../../src/core/chatFormat.js';

/**
 * The cookbook's tool example ("How to count tokens with tiktoken", num_tokens_for_tools): the API
 * billed these two messages with this one tool 105 prompt tokens on gpt-4 and 101 on gpt-4o.
 */
export const WEATHER_TOOL: ToolDefinition = {
  type: 'function',
  function: {
    name: 'get_current_weather',
    description: 'Get the current weather in a given location',
    parameters: {
      properties: {
        location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' },
        unit: { type: 'string', description: 'The unit of temperature to return', enum: ['celsius', 'fahrenheit'] },
      },
    },
  },
};

export const WEATHER_MESSAGES: ChatMessage[] = [
  { role: 'system', content: 'You are a helpful assistant that can answer to questions about the weather.' },
  { role: 'user', content: "What's the weather like in San Francisco?" },
];

/** The same request as a file, with the JSON Schema fields the API takes but the rule does not read. */
export const WEATHER_FILE = {
  messages: WEATHER_MESSAGES,
  tools: [
    {
      ...WEATHER_TOOL,
      function: { ...WEATHER_TOOL.function, parameters: { type: 'object', ...WEATHER_TOOL.function.parameters, required: ['location'] } },
    },
  ],
};
