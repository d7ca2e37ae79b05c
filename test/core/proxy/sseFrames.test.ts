import { describe, expect, it } from 'vitest';
import { sseSplitter, withoutMember } from '../../../src/core/proxy/sseFrames.js';

const encoder = new TextEncoder();
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

const STREAM = [
  'event: message_start\ndata: {"type":"message_start"}\n\n',
  ': a comment, a keep-alive\n\n',
  'data: {"text":"caf\u00e9 \u{1F600}"}\r\n\r\n',
  'data: line one\ndata: line two\n\n',
  'data: [DONE]\n\n',
];

describe('sseSplitter: events cut from a byte stream wherever its chunks break', () => {
  it('every split point gives the same events, each with its exact bytes', () => {
    const bytes = encoder.encode(STREAM.join(''));
    for (let cut = 0; cut <= bytes.length; cut++) {
      const splitter = sseSplitter();
      const frames = [...splitter.push(bytes.subarray(0, cut)), ...splitter.push(bytes.subarray(cut))];
      expect(frames.map((frame) => text(frame.bytes))).toEqual(STREAM);
      expect(frames.map((frame) => frame.data)).toEqual(['{"type":"message_start"}', undefined, '{"text":"caf\u00e9 \u{1F600}"}', 'line one\nline two', '[DONE]']);
      expect(frames[0]!.event).toBe('message_start');
      expect(splitter.rest()).toHaveLength(0);
    }
  });

  it('a stream cut half-way through an event keeps that event as the rest', () => {
    const splitter = sseSplitter();
    expect(splitter.push(encoder.encode('data: {"a":1}\n\ndata: {"b"'))).toHaveLength(1);
    expect(text(splitter.rest())).toBe('data: {"b"');
  });
});

describe('withoutMember: a top-level member taken out, the rest of the text as it was', () => {
  it.each([
    ['{"id":"x","choices":[],"usage":null}', '{"id":"x","choices":[]}'],
    ['{"usage":null,"id":"x"}', '{"id":"x"}'],
    ['{ "id" : "x" , "usage" : null }', '{ "id" : "x" }'],
    ['{"id":"x","usage":{"prompt_tokens":1},"model":"m"}', '{"id":"x","model":"m"}'],
    ['{"usage":null}', '{}'],
    // A "usage" inside a string or a nested object is not the member.
    ['{"text":"\\"usage\\":null","choices":[{"usage":1}],"usage":null}', '{"text":"\\"usage\\":null","choices":[{"usage":1}]}'],
    ['{"id":"\\u00e9","usage":null}', '{"id":"\\u00e9"}'],
  ])('%s', (json, expected) => {
    expect(withoutMember(json, 'usage')).toBe(expected);
    const { usage: _usage, ...rest } = JSON.parse(json) as Record<string, unknown>;
    expect(JSON.parse(expected)).toEqual(rest);
  });

  it.each(['{"id":"x"}', '[1,2]', '{"id":', 'not json'])('%s has no such member: undefined', (json) => {
    expect(withoutMember(json, 'usage')).toBeUndefined();
  });
});
