import { describe, expect, it } from 'vitest';
import { requestTokens } from '../../src/core/chatFormat.js';
import { loadTokenizer } from '../../src/core/tokenizer.js';
import { toolsTokens } from '../../src/core/toolDefinitions.js';
import { loadConversation } from '../../src/io/conversationFile.js';
import { asRequestFile, billedCase } from '../support/functionCallingCases.js';

// gpt-tokenizer 4.0.0's fixture: an assistant's legacy function_call, 27 tokens on gpt-4o.
const FUNCTION_CALL = {
  messages: [{ role: 'assistant', content: '', function_call: { name: 'do_stuff', arguments: '{"foo": "bar", "baz": 1.5}' } }],
};

// hmarr/openai-chat-tokens: two legacy functions, a function_call naming one; 55 on gpt-3.5-turbo.
const LEGACY = billedCase('two functions and function_call naming one');

describe('legacy function calling in an OpenAI chat file', () => {
  it("counts an assistant's function_call (27 on gpt-4o, where its empty content alone gave 7)", async () => {
    const loaded = loadConversation(JSON.stringify(FUNCTION_CALL), 'call.json');
    const { count } = await loadTokenizer('o200k_base');
    expect(requestTokens(loaded.messages, count)).toBe(27);
  });

  it('bills the top-level functions and function_call as the API billed them (55 on gpt-3.5-turbo)', async () => {
    const loaded = loadConversation(asRequestFile(LEGACY), 'legacy.json');
    expect(loaded.tools?.map((tool) => tool.function.name)).toEqual(['do_stuff', 'do_other_stuff']);
    expect(loaded.toolChoice).toEqual({ name: 'do_stuff', legacy: true });
    const { count } = await loadTokenizer('cl100k_base');
    expect(requestTokens(loaded.messages, count) + toolsTokens(loaded.tools ?? [], loaded.toolChoice, count, loaded.messages)).toBe(LEGACY.billed);
  });

  it('reads a function result message and says which parts rest on unpublished rules', () => {
    const text = JSON.stringify({
      messages: [
        { role: 'user', content: 'hello world' },
        { role: 'function', name: 'do_stuff', content: '{}' },
        { role: 'assistant', content: null, tool_calls: [1, 2].map((n) => ({ id: `call_${n}`, type: 'function', function: { name: 'f', arguments: '{}' } })) },
        { role: 'tool', tool_call_id: 'call_1', content: 'one' },
      ],
      tools: [{ type: 'function', function: { name: 'f' } }],
      tool_choice: 'required',
    });
    const loaded = loadConversation(text, 'mixed.json');
    expect(loaded.messages[1]).toEqual({ role: 'function', name: 'do_stuff', content: '{}' });
    expect(loaded.countingNotes).toEqual([
      expect.stringMatching(/^tool definitions: counted as the TypeScript-like declarations/),
      expect.stringMatching(/^tool calls: message 2 make several calls at once/),
      expect.stringMatching(/^tool results: message 3 carry no function name/),
      expect.stringMatching(/^tool_call_id: not counted/),
      expect.stringMatching(/^tool_choice "required"/),
    ]);
  });

  it('says nothing when every part is counted by a published or measured rule', () => {
    expect(loadConversation(JSON.stringify(FUNCTION_CALL), 'call.json').countingNotes).toBeUndefined();
  });

  it('refuses a null content without a call, naming the message', () => {
    const text = JSON.stringify({ messages: [{ role: 'assistant', content: null }] });
    expect(() => loadConversation(text, 'bad.json')).toThrow(/^bad.json:1:\d+: message 0: \.messages\[0\]\.content: is null: only an assistant message with tool_calls or a function_call/);
  });
});
