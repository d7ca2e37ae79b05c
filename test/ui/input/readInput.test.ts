import { describe, expect, it } from 'vitest';
import { endOfRead, IDLE, PASTE_END, PASTE_START, readInput, type InputEvent, type InputReaderState } from '../../../src/ui/input/readInput.js';

/**
 * Feeds raw events through the reader as Ink emits them, each string its own read from the
 * terminal and each array one read of several events; after each read, what the end of the read
 * gives (a paste whose end marker came) follows its events.
 */
function feed(reads: readonly (string | readonly string[])[]): InputEvent[] {
  let state: InputReaderState = IDLE;
  return reads.flatMap((read) => {
    const events = (typeof read === 'string' ? [read] : read).flatMap((raw) => {
      const step = readInput(state, raw);
      state = step.state;
      return step.events;
    });
    const end = endOfRead(state);
    state = end.state;
    return end.event ? [...events, end.event] : events;
  });
}

describe('readInput', () => {
  it('collects a bracketed paste into one paste, CR and CRLF turned into LF', () => {
    expect(feed([PASTE_START, 'one\rtwo\r\n', '\r', 'three', PASTE_END])).toEqual([{ kind: 'paste', text: 'one\ntwo\n\nthree' }]);
  });

  it('never reads keys inside a paste: Enter, Ctrl+L and escape sequences are text there', () => {
    const events = feed([PASTE_START, '\r', '\x0c', '\x1b[31m', 'red', PASTE_END, '\r']);
    expect(events[0]).toEqual({ kind: 'paste', text: '\n\x0c\x1b[31mred' });
    expect(events[1]).toMatchObject({ kind: 'key', key: { name: 'return' } });
  });

  it('ends a paste whose text ends in ESC (the ESC and the end marker come as one event)', () => {
    const events = feed([PASTE_START, 'a', '\x1b[', `\x1b${PASTE_END}`, 'x']);
    expect(events[0]).toEqual({ kind: 'paste', text: 'a\x1b[\x1b' });
    expect(events[1]).toMatchObject({ kind: 'key', key: { name: 'text', text: 'x' } });
    expect(feed([`\x1b${PASTE_START}`, 'b', PASTE_END])[0]).toEqual({ kind: 'paste', text: 'b' });
  });

  it('reads Ctrl+C pressed on its own as the key even inside a paste that never ended', () => {
    const events = feed([PASTE_START, 'half a paste', '\x03', 'x']);
    expect(events[0]).toMatchObject({ kind: 'key', key: { name: 'letter', ctrl: true, text: 'c' } });
    expect(events[1]).toMatchObject({ kind: 'key', key: { name: 'text', text: 'x' } });
    expect(feed([PASTE_START, 'a\x03b', PASTE_END])[0]).toEqual({ kind: 'paste', text: 'a\x03b' });
  });

  // Only a bracketed paste is a paste: "quick" and Enter in one read is typing, then sending.
  it('reads several keys arriving in one read as those keys, in order', () => {
    const names = (read: string) => feed([read]).map((event) => (event.kind === 'key' ? `${event.key.name}:${event.key.text}` : `paste:${event.text}`));
    expect(names('quick\r')).toEqual(['text:quick', 'return:']);
    expect(names('\x02\x02')).toEqual(['letter:b', 'letter:b']);
    expect(names('\x0e\x0e')).toEqual(['letter:n', 'letter:n']);
    expect(names('\x7f\x7f')).toEqual(['backspace:', 'backspace:']);
    expect(names('a\rb')).toEqual(['text:a', 'return:', 'text:b']);
  });

  it('keeps an end marker that pasted text holds, and what follows it in the same read, in the paste', () => {
    // "AAA<ESC>[201~BBB<CR>" pasted: one read, split by Ink into these events.
    const events = feed([[PASTE_START, 'AAA', PASTE_END, 'BBB\r', PASTE_END], 'x']);
    expect(events).toEqual([
      { kind: 'paste', text: `AAA${PASTE_END}BBB\n` },
      { kind: 'key', key: { name: 'text', ctrl: false, shift: false, meta: false, text: 'x' } },
    ]);
  });
});
