import type { ChatMessage } from './chatFormat.js';

/**
 * The lesson's scenario ("Week 1, Day 4: Context Window & The KV Cache"): a hello, a pasted log of
 * 2,000 "Error: Connection Refused ", then five short assistant / user pairs. `statusAfter` lists the
 * message counts after which the lesson's script prints its status block.
 */
export const LESSON_LOG_DUMP = `Here is my log file: ${'Error: Connection Refused '.repeat(2000)}`;

export const LESSON_MESSAGES: readonly ChatMessage[] = [
  { role: 'user', content: 'Hello there.' },
  { role: 'user', content: LESSON_LOG_DUMP },
  ...Array.from({ length: 5 }, (): ChatMessage[] => [
    { role: 'assistant', content: 'I see the error on line 40.' },
    { role: 'user', content: 'What about line 50?' },
  ]).flat(),
];

export const LESSON_STATUS_AFTER: readonly number[] = [1, 2, 12];
