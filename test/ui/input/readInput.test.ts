import { describe, expect, it } from 'vitest';
import { IDLE, PASTE_END, PASTE_START, readInput, type InputEvent, type InputReaderState } from '../../../src/ui/input/readInput.js';

/** Feeds raw events through the reader, as Ink emits them. */
function feed(events: readonly string[]): InputEvent[] {
  let state: InputReaderState = IDLE;
  return events.map((raw) => {
    const step = readInput(state, raw);
    state = step.state;
    return step.event;
  });
}

describe('readInput', () => {
  it('collects a bracketed paste into one paste, CR and CRLF turned into LF', () => {
    const events = feed([PASTE_START, 'one\rtwo\r\n', '\r', 'three', PASTE_END]);
    expect(events.slice(0, 4).every((event) => event.kind === 'pasting')).toBe(true);
    expect(events[4]).toEqual({ kind: 'paste', text: 'one\ntwo\n\nthree' });
  });

  it('never reads keys inside a paste: Enter, Ctrl+L and escape sequences are text there', () => {
    const events = feed([PASTE_START, '\r', '\x0c', '\x1b[31m', 'red', PASTE_END, '\r']);
    expect(events[5]).toEqual({ kind: 'paste', text: '\n\x0c\x1b[31mred' });
    expect(events[6]).toMatchObject({ kind: 'key', key: { name: 'return' } });
  });

  it('ends a paste whose text ends in ESC (the ESC and the end marker come as one event)', () => {
    const events = feed([PASTE_START, 'a', '\x1b[', `\x1b${PASTE_END}`, 'x']);
    expect(events[3]).toEqual({ kind: 'paste', text: 'a\x1b[\x1b' });
    expect(events[4]).toMatchObject({ kind: 'key', key: { name: 'text', text: 'x' } });
    expect(feed([`\x1b${PASTE_START}`, 'b', PASTE_END])[2]).toEqual({ kind: 'paste', text: 'b' });
  });

  it('reads Ctrl+C pressed on its own as the key even inside a paste that never ended', () => {
    const events = feed([PASTE_START, 'half a paste', '\x03', 'x']);
    expect(events[2]).toMatchObject({ kind: 'key', key: { name: 'letter', ctrl: true, text: 'c' } });
    expect(events[3]).toMatchObject({ kind: 'key', key: { name: 'text', text: 'x' } });
    expect(feed([PASTE_START, 'a\x03b', PASTE_END])[2]).toEqual({ kind: 'paste', text: 'a\x03b' });
  });

  it('takes multi-line text without markers (a terminal without bracketed paste) as a paste', () => {
    expect(feed(['a\rb'])).toEqual([{ kind: 'paste', text: 'a\nb' }]);
    expect(feed(['ab'])).toEqual([{ kind: 'key', key: { name: 'text', ctrl: false, shift: false, text: 'ab' } }]);
  });
});
