import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locateJsonPath } from '../../src/io/jsonLocate.js';
import { findJsonSyntaxError } from '../../src/io/jsonSyntax.js';

describe('findJsonSyntaxError', () => {
  const damaged = fc
    .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', 'x', '\u001b', '0'))
    .map(([text, at, insert]) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + insert + text.slice(i + (insert === '' ? 1 : 0));
    });

  it('agrees with JSON.parse on which texts are valid', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), damaged), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(findJsonSyntaxError(text) === undefined).toBe(valid);
      }),
      { numRuns: 3000 },
    );
  });

  it('puts the error where JSON.parse does, when JSON.parse says', () => {
    fc.assert(
      fc.property(damaged, (text) => {
        try {
          JSON.parse(text);
        } catch (error) {
          const position = /at position (\d+)/.exec((error as Error).message);
          if (position) expect(findJsonSyntaxError(text)?.offset).toBe(Number(position[1]));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it.each(['f"alse', 'tru', '-', '1.', '"abc', '[1 2', '{"a":1,}', '01', '1e', '[-]', '"\\u12x4"', '"\\u"', '"\\ "', '{"a" 1}'])(
    'matches JSON.parse on %j',
    (text) => {
      const position = /at position (\d+)/.exec(captureParseError(text));
      const found = findJsonSyntaxError(text);
      expect(found).toBeDefined();
      if (position) expect(found!.offset).toBe(Number(position[1]));
    },
  );

  it('quotes at most one character, escaped', () => {
    expect(findJsonSyntaxError('{"a": \u001b[31m}')).toEqual({ offset: 6, reason: 'unexpected "\\u001b"' });
  });
});

function captureParseError(text: string): string {
  try {
    JSON.parse(text);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('locateJsonPath', () => {
  it('finds each element of an array of messages, however the text is laid out', () => {
    const message = fc.record({ role: fc.string(), content: fc.json() });
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 8 }), fc.constantFrom(0, 1, 2, '\t'), fc.nat(), (messages, indent, pick) => {
        const k = pick % messages.length;
        const marked = messages.map((m, id) => ({ id, ...m }));
        const text = JSON.stringify({ other: [1, { messages: 'no' }], messages: marked }, null, indent);
        const at = locateJsonPath(text, ['messages', k]);
        expect(text.slice(at)).toMatch(new RegExp(`^\\{\\s*"id":\\s*${k},`));
      }),
      { numRuns: 500 },
    );
  });

  it('stops at the deepest part of the path that exists', () => {
    const text = '{"messages": [\n  {"content": "x"}\n]}';
    expect(locateJsonPath(text, ['messages', 0, 'role'])).toBe(text.indexOf('{"content"'));
  });
});
