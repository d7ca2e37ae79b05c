import { describe, expect, it } from 'vitest';
import { IDLE, PASTE_END, PASTE_START, readInput, type InputEvent, type InputReaderState } from '../../src/ui/readInput.js';

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

  it('takes multi-line text without markers (a terminal without bracketed paste) as a paste', () => {
    expect(feed(['a\rb'])).toEqual([{ kind: 'paste', text: 'a\nb' }]);
    expect(feed(['ab'])).toEqual([{ kind: 'key', key: { name: 'text', ctrl: false, shift: false, text: 'ab' } }]);
  });
});
