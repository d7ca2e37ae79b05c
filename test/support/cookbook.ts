import type { ChatMessage, ToolDefinition } from '../../src/core/chatFormat.js';

/**
 * The cookbook's tool example ("How to count tokens with tiktoken", num_tokens_for_tools), as the
 * notebook sends it: the API billed these two messages with this one tool 105 prompt tokens on
 * gpt-4 and 101 on gpt-4o.
 */
export const WEATHER_TOOL: ToolDefinition = {
  type: 'function',
  function: {
    name: 'get_current_weather',
    description: 'Get the current weather in a given location',
    parameters: {
      type: 'object',
      properties: {
        location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' },
        unit: { type: 'string', description: 'The unit of temperature to return', enum: ['celsius', 'fahrenheit'] },
      },
      required: ['location'],
    },
  },
};

export const WEATHER_MESSAGES: ChatMessage[] = [
  { role: 'system', content: 'You are a helpful assistant that can answer to questions about the weather.' },
  { role: 'user', content: "What's the weather like in San Francisco?" },
];

/** The same request as a file. */
export const WEATHER_FILE = { messages: WEATHER_MESSAGES, tools: [WEATHER_TOOL] };
