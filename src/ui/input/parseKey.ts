/**
 * One raw input event (as Ink's input parser splits stdin: a run of text, or one escape sequence)
 * turned into a key. Only what the keymap binds is named; anything else is text.
 */
export type KeyName =
  | 'return'
  | 'tab'
  | 'escape'
  | 'backspace'
  | 'up'
  | 'down'
  | 'pageup'
  | 'pagedown'
  | 'letter'
  | 'text'
  | 'other';

export interface Key {
  readonly name: KeyName;
  readonly ctrl: boolean;
  readonly shift: boolean;
  /** The letter of a Ctrl+letter, or the text typed. */
  readonly text: string;
}

const SEQUENCES: Readonly<Record<string, Omit<Key, 'text'>>> = {
  '\r': { name: 'return', ctrl: false, shift: false },
  '\n': { name: 'return', ctrl: false, shift: false },
  '\t': { name: 'tab', ctrl: false, shift: false },
  '\x1b[Z': { name: 'tab', ctrl: false, shift: true },
  '\x1b': { name: 'escape', ctrl: false, shift: false },
  '\x7f': { name: 'backspace', ctrl: false, shift: false },
  '\b': { name: 'backspace', ctrl: false, shift: false },
  '\x1b[A': { name: 'up', ctrl: false, shift: false },
  '\x1bOA': { name: 'up', ctrl: false, shift: false },
  '\x1b[B': { name: 'down', ctrl: false, shift: false },
  '\x1bOB': { name: 'down', ctrl: false, shift: false },
  '\x1b[5~': { name: 'pageup', ctrl: false, shift: false },
  '\x1b[[5~': { name: 'pageup', ctrl: false, shift: false },
  '\x1b[6~': { name: 'pagedown', ctrl: false, shift: false },
  '\x1b[[6~': { name: 'pagedown', ctrl: false, shift: false },
};

export function parseKey(event: string): Key {
  const known = SEQUENCES[event];
  if (known) return { ...known, text: '' };
  const code = event.length === 1 ? event.charCodeAt(0) : -1;
  if (code >= 1 && code <= 26) {
    return { name: 'letter', ctrl: true, shift: false, text: String.fromCharCode(code + 96) };
  }
  // Alt with a Ctrl+letter (an Esc pressed just before it is read the same way): the Ctrl+letter.
  if (event.length === 2 && event.startsWith('\x1b')) {
    const inner = event.charCodeAt(1);
    if (inner >= 1 && inner <= 26) return { name: 'letter', ctrl: true, shift: false, text: String.fromCharCode(inner + 96) };
  }
  if (event.startsWith('\x1b')) return { name: 'other', ctrl: false, shift: false, text: '' };
  return { name: 'text', ctrl: false, shift: false, text: event };
}
