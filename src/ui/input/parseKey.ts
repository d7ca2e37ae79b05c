/**
 * One key (as `splitKeys` cuts it from a read: one control byte, one escape sequence, or a run of
 * printable text) turned into a key. Only what the keymap binds is named; anything else is text
 * (printable runs) or `other` (ignored: an unbound control byte or sequence never becomes text).
 */
export type KeyName =
  | 'return'
  | 'tab'
  | 'escape'
  | 'backspace'
  | 'delete'
  | 'up'
  | 'down'
  | 'left'
  | 'right'
  | 'home'
  | 'end'
  | 'pageup'
  | 'pagedown'
  | 'letter'
  | 'text'
  | 'other';

export interface Key {
  readonly name: KeyName;
  readonly ctrl: boolean;
  readonly shift: boolean;
  /** Alt (Meta): the key came after an ESC, or with a modifier parameter of 3. */
  readonly meta: boolean;
  /** The letter of a Ctrl+letter or Alt+letter, or the text typed. */
  readonly text: string;
}

type Modifiers = Pick<Key, 'ctrl' | 'shift' | 'meta'>;
const PLAIN: Modifiers = { ctrl: false, shift: false, meta: false };

const SEQUENCES: Readonly<Record<string, Omit<Key, 'text'>>> = {
  '\r': { name: 'return', ...PLAIN },
  '\t': { name: 'tab', ...PLAIN },
  '\x1b[Z': { name: 'tab', ...PLAIN, shift: true },
  '\x1b': { name: 'escape', ...PLAIN },
  '\x1b\x1b': { name: 'escape', ...PLAIN, meta: true },
  '\x7f': { name: 'backspace', ...PLAIN },
  '\b': { name: 'backspace', ...PLAIN },
  '\x1b\x7f': { name: 'backspace', ...PLAIN, meta: true },
  '\x1b\b': { name: 'backspace', ...PLAIN, meta: true },
  '\x1b\r': { name: 'return', ...PLAIN, meta: true },
  '\x1b[[5~': { name: 'pageup', ...PLAIN },
  '\x1b[[6~': { name: 'pagedown', ...PLAIN },
};

/** The final byte of a CSI or SS3 key sequence ("\x1b[A", "\x1bOA", "\x1b[1;5C"). */
const FINALS: Readonly<Record<string, KeyName>> = { A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end' };
/** The number of a "\x1b[N~" sequence. */
const TILDES: Readonly<Record<string, KeyName>> = { '1': 'home', '7': 'home', '4': 'end', '8': 'end', '3': 'delete', '5': 'pageup', '6': 'pagedown' };

/** xterm's modifier parameter: 1 + (shift 1, alt 2, ctrl 4), as in "\x1b[1;5C" (Ctrl+Right). */
function modifiers(parameter: string | undefined): Modifiers {
  const bits = Math.max(0, Number(parameter ?? '1') - 1);
  return { shift: (bits & 1) !== 0, meta: (bits & 2) !== 0, ctrl: (bits & 4) !== 0 };
}

function csiKey(sequence: string): Omit<Key, 'text'> | undefined {
  const csi = /^\x1b\[(\d*)(?:;(\d+))?([A-DFH~])$/.exec(sequence) ?? /^\x1bO()()([A-DFH])$/.exec(sequence);
  if (!csi) return undefined;
  const [, number, modifier, final] = csi;
  const name = final === '~' ? TILDES[number ?? ''] : FINALS[final ?? ''];
  return name ? { name, ...modifiers(modifier) } : undefined;
}

const OTHER: Key = { name: 'other', ...PLAIN, text: '' };

export function parseKey(event: string): Key {
  const known = SEQUENCES[event] ?? csiKey(event);
  if (known) return { ...known, text: '' };
  const code = event.length === 1 ? event.charCodeAt(0) : -1;
  // Ctrl+letter; Ctrl+J is the line feed, Ctrl+I Tab and Ctrl+M Enter (named above).
  if (code >= 1 && code <= 26) return { name: 'letter', ...PLAIN, ctrl: true, text: String.fromCharCode(code + 96) };
  if (event.startsWith('\x1b') && event.length > 1) {
    const inner = event.slice(1);
    // Alt with a Ctrl+letter (an Esc pressed just before it is read the same way): the Ctrl+letter.
    const innerCode = inner.length === 1 ? inner.charCodeAt(0) : -1;
    if (innerCode >= 1 && innerCode <= 26) return { name: 'letter', ...PLAIN, ctrl: true, text: String.fromCharCode(innerCode + 96) };
    // Alt+letter ("\x1bb"): word moves.
    if (/^[a-z]$/i.test(inner)) return { name: 'letter', ...PLAIN, meta: true, text: inner.toLowerCase() };
    // Alt with an arrow ("\x1b\x1b[D", as some terminals send Alt+Left).
    const sequence = inner.startsWith('\x1b') ? csiKey(inner) : undefined;
    if (sequence) return { ...sequence, meta: true, text: '' };
    return OTHER;
  }
  if (code === 0 || (code >= 27 && code < 32) || code === 0x7f || (code >= 0x80 && code <= 0x9f)) return OTHER;
  return { name: 'text', ...PLAIN, text: event };
}
