import fc from 'fast-check';
import type { ChatMessage } from '../../src/core/chatFormat.js';

/** A counter whose answers are easy to add up by hand: one token per word. */
export const countWords = (text: string): number => (text.trim() === '' ? 0 : text.trim().split(/\s+/).length);

export const words = (n: number): string => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');
export const system = (content: string): ChatMessage => ({ role: 'system', content });
export const user = (content: string): ChatMessage => ({ role: 'user', content });
export const assistant = (content: string): ChatMessage => ({ role: 'assistant', content });
export const toolCall = (...ids: string[]): ChatMessage => ({
  role: 'assistant',
  content: null,
  tool_calls: ids.map((id) => ({ id, type: 'function', function: { name: 'lookup', arguments: '{}' } })),
});
export const toolResult = (id: string, content: string): ChatMessage => ({ role: 'tool', tool_call_id: id, content });

const size = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 12 }) }, { weight: 1, arbitrary: fc.integer({ min: 30, max: 120 }) });

/** One step of a conversation: a message, or a tool call with its results (sometimes with a user message in between). */
const event = fc.oneof(
  { weight: 1, arbitrary: size.map((n) => [system(words(n))]) },
  { weight: 5, arbitrary: size.map((n) => [user(words(n))]) },
  { weight: 5, arbitrary: size.map((n) => [assistant(words(n))]) },
  {
    weight: 3,
    arbitrary: fc.record({ results: fc.array(size, { minLength: 1, maxLength: 3 }), interrupted: fc.boolean(), id: fc.nat() }).map(
      ({ results, interrupted, id }) => {
        const ids = results.map((_, i) => `call_${id}_${i}`);
        const answers = results.map((n, i) => toolResult(ids[i]!, words(n)));
        return interrupted ? [toolCall(...ids), answers[0]!, user('and?'), ...answers.slice(1)] : [toolCall(...ids), ...answers];
      },
    ),
  },
);

/** Random conversations with system prompts, tool calls, large messages and malformed tool orderings. */
export const conversations = fc.array(event, { minLength: 1, maxLength: 30 }).map((events) => events.flat());
