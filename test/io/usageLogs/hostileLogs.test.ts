import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { USAGE_LOG_FORMATS } from '../../../src/core/usage/reportedUsage.js';
import { readUsageLog } from '../../../src/io/usageLogs/usageLogFile.js';

/** Lines that look like each log's records, with any value where a field should be. */
const anyValue = fc.oneof(fc.jsonValue(), fc.constant(null), fc.string(), fc.integer({ min: -5, max: 5 }));
const recordLike = fc.oneof(
  fc.record({ type: fc.constantFrom('assistant', 'user', 'summary', 'event_msg', 'turn_context', 'session_meta', 'gemini'), payload: anyValue, message: anyValue, info: anyValue, costUSD: anyValue }, { requiredKeys: ['type'] }),
  fc.record({ custom_id: fc.string(), response: anyValue, error: anyValue }, { requiredKeys: [] }),
  fc.record({ custom_id: fc.string(), result: fc.oneof(anyValue, fc.record({ type: fc.constantFrom('succeeded', 'errored', 'expired'), message: anyValue, error: anyValue })) }, { requiredKeys: ['custom_id'] }),
  fc.record({ usage: anyValue, object: fc.constantFrom('chat.completion', 'response'), model: anyValue, $rewindTo: anyValue, $set: anyValue }, { requiredKeys: [] }),
  fc.jsonValue(),
);

describe('hostile logs', () => {
  it('a log of any records, read as any format, is read or refused with an InputError: never a crash', () => {
    fc.assert(
      fc.property(fc.constantFrom(...USAGE_LOG_FORMATS), fc.array(recordLike, { maxLength: 6 }), fc.boolean(), (format, records, torn) => {
        const text = records.map((record) => JSON.stringify(record)).join('\n') + (torn ? '\n{"type": "assi' : '\n');
        try {
          const log = readUsageLog('h.jsonl', text, { format });
          for (const call of log.calls) {
            for (const value of Object.values(call.usage)) expect(Number.isInteger(value) && value >= 0).toBe(true);
            if (call.loggedCost !== undefined) expect(call.loggedCost).toBeGreaterThanOrEqual(0);
          }
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          expect(error.message).toMatch(/^h\.jsonl(:\d+)?/);
        }
      }),
      { numRuns: 300 },
    );
  });
});
