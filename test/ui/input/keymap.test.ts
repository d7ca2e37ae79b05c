import { describe, expect, it } from 'vitest';
import { bindingsIn, commandFor, footerItems, KEYMAP, keyLabel, matches, type Command, type Scope } from '../../../src/ui/input/keymap.js';
import { parseKey } from '../../../src/ui/input/parseKey.js';

describe('keymap', () => {
  // What the terminal sends for each key, and what it does where.
  it.each<[string, string, Scope, Command | undefined]>([
    ['Enter', '\r', 'dashboard', 'send'],
    ['Tab', '\t', 'dashboard', 'cycleRole'],
    ['Ctrl+L', '\x0c', 'dashboard', 'pasteLogDump'],
    ['Ctrl+B', '\x02', 'dashboard', 'back'],
    ['Ctrl+N', '\x0e', 'dashboard', 'next'],
    ['Ctrl+P', '\x10', 'dashboard', 'togglePlay'],
    ['Ctrl+T', '\x14', 'dashboard', 'pickModel'],
    ['Ctrl+S', '\x13', 'dashboard', 'cycleStrategy'],
    ['Ctrl+G', '\x07', 'dashboard', 'toggleCompare'],
    ['PageUp', '\x1b[5~', 'dashboard', 'scrollUp'],
    ['PageDown', '\x1b[6~', 'dashboard', 'scrollDown'],
    ['Esc', '\x1b', 'dashboard', 'clearInput'],
    ['Ctrl+C', '\x03', 'dashboard', 'quit'],
    ['Ctrl+O', '\x0f', 'dashboard', 'loadFile'],
    ['Ctrl+X', '\x18', 'dashboard', 'exportSession'],
    ['Ctrl+R', '\x12', 'dashboard', 'sendReply'],
    ['Ctrl+J', '\n', 'dashboard', 'insertNewline'],
    ['Alt+Enter', '\x1b\r', 'dashboard', 'insertNewline'],
    ['Ctrl+J in the prompt (a path is one line)', '\n', 'prompt', undefined],
    ['Left', '\x1b[D', 'dashboard', 'cursorLeft'],
    ['Right (SS3)', '\x1bOC', 'dashboard', 'cursorRight'],
    ['Home', '\x1b[H', 'dashboard', 'lineStart'],
    ['Home (rxvt)', '\x1b[7~', 'dashboard', 'lineStart'],
    ['Home (linux)', '\x1b[1~', 'prompt', 'lineStart'],
    ['End', '\x1b[F', 'dashboard', 'lineEnd'],
    ['End (SS3)', '\x1bOF', 'prompt', 'lineEnd'],
    ['Ctrl+A', '\x01', 'dashboard', 'lineStart'],
    ['Ctrl+E', '\x05', 'dashboard', 'lineEnd'],
    ['Ctrl+E in the prompt', '\x05', 'prompt', 'lineEnd'],
    ['Alt+B', '\x1bb', 'dashboard', 'wordLeft'],
    ['Alt+F', '\x1bf', 'prompt', 'wordRight'],
    ['Ctrl+Left', '\x1b[1;5D', 'dashboard', 'wordLeft'],
    ['Ctrl+Right', '\x1b[1;5C', 'dashboard', 'wordRight'],
    ['Alt+Left', '\x1b[1;3D', 'dashboard', 'wordLeft'],
    ['Alt+Left (Esc and Left)', '\x1b\x1b[D', 'dashboard', 'wordLeft'],
    ['Backspace', '\x7f', 'dashboard', 'deleteBack'],
    ['Backspace (Ctrl+H)', '\b', 'prompt', 'deleteBack'],
    ['Delete', '\x1b[3~', 'dashboard', 'deleteForward'],
    ['Ctrl+W', '\x17', 'dashboard', 'deleteWordBack'],
    ['Alt+Backspace', '\x1b\x7f', 'prompt', 'deleteWordBack'],
    ['Ctrl+U', '\x15', 'dashboard', 'killToStart'],
    ['Ctrl+U in the prompt', '\x15', 'prompt', 'killToStart'],
    ['Ctrl+K', '\x0b', 'dashboard', 'killToEnd'],
    ['Left in the picker', '\x1b[D', 'picker', undefined],
    ['Ctrl+U in the picker', '\x15', 'picker', undefined],
    ['an unbound Ctrl+letter (Ctrl+Y: Ctrl+G is compare)', '\x19', 'dashboard', undefined],
    ['an unbound Alt+letter', '\x1bz', 'dashboard', undefined],
    ['Tab in the prompt', '\t', 'prompt', 'promptComplete'],
    ['Enter in the prompt', '\r', 'prompt', 'promptSubmit'],
    ['Esc in the prompt', '\x1b', 'prompt', 'promptCancel'],
    ['Ctrl+C in the prompt', '\x03', 'prompt', 'quit'],
    ['Alt+Ctrl+C (Esc just before Ctrl+C)', '\x1b\x03', 'prompt', 'quit'],
    ['Ctrl+N in the prompt', '\x0e', 'prompt', undefined],
    ['Ctrl+O in the picker', '\x0f', 'picker', undefined],
    ['a letter', 'a', 'dashboard', undefined],
    ['typed text', 'hello', 'dashboard', undefined],
    ['Shift+Tab', '\x1b[Z', 'dashboard', undefined],
    ['Up in the picker', '\x1b[A', 'picker', 'pickerUp'],
    ['Down in the picker', '\x1b[B', 'picker', 'pickerDown'],
    ['Enter in the picker', '\r', 'picker', 'pickerChoose'],
    ['Esc in the picker', '\x1b', 'picker', 'pickerClose'],
    ['Ctrl+T in the picker', '\x14', 'picker', 'pickerClose'],
    ['Ctrl+C in the picker', '\x03', 'picker', 'quit'],
    ['Ctrl+L in the picker', '\x0c', 'picker', undefined],
    ['Ctrl+S in the picker', '\x13', 'picker', undefined],
    ['+ while playing', '+', 'playing', 'faster'],
    ['- while playing', '-', 'playing', 'slower'],
    ['+ while not playing (typed)', '+', 'dashboard', undefined],
    ['- in the prompt (typed)', '-', 'prompt', undefined],
    ['++ (typed text, not a key)', '++', 'playing', undefined],
    ['Ctrl+P while playing', '\x10', 'playing', 'togglePlay'],
    ['Ctrl+N while playing', '\x0e', 'playing', 'next'],
    ['Enter while playing', '\r', 'playing', 'send'],
  ])('%s (%j) in %s: %s', (_name, raw, scope, command) => {
    expect(commandFor(parseKey(raw), scope)).toBe(command);
  });

  it('binds no key twice within a scope', () => {
    for (const scope of ['dashboard', 'playing', 'picker', 'prompt'] as const) {
      const keys = bindingsIn(scope).flatMap((entry) => entry.keys.map((binding) => keyLabel(binding)));
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  // Ctrl+S, Ctrl+O and Ctrl+E were reserved while their features were built on separate branches;
  // now each is bound once, on the dashboard only (the picker and the prompt must not act on them).
  it.each<[string, string, Command]>([
    ['Ctrl+S', '\x13', 'cycleStrategy'],
    ['Ctrl+O', '\x0f', 'loadFile'],
    ['Ctrl+X', '\x18', 'exportSession'],
  ])('binds %s to one dashboard command and nothing in the picker or the prompt', (_name, raw, command) => {
    const pressed = parseKey(raw);
    expect(KEYMAP.filter((entry) => entry.keys.some((binding) => matches(binding, pressed)))).toHaveLength(1);
    expect(commandFor(pressed, 'dashboard')).toBe(command);
    expect(commandFor(pressed, 'picker')).toBeUndefined();
    expect(commandFor(pressed, 'prompt')).toBeUndefined();
  });

  it('gives the footer one item per command, same-label neighbours merged', () => {
    expect(footerItems('picker')).toEqual([
      { keys: '↑/↓', label: 'move' },
      { keys: 'Enter', label: 'choose' },
      { keys: 'Esc/Ctrl+T', label: 'cancel' },
      { keys: 'Ctrl+C', label: 'quit' },
    ]);
    const labels = footerItems('dashboard').map((item) => `${item.keys} ${item.label}`);
    expect(labels).toContain('PgUp/PgDn scroll');
    expect(labels).toContain('Ctrl+S strategy');
    expect(labels).toContain('Ctrl+O load file');
    expect(labels).toContain('Ctrl+X export');
    // The newline key is in the footer; the editing keys every line editor has are not (README lists them).
    expect(labels).toContain('Ctrl+J new line');
    // Not in the footer: the editing keys every line editor has (README lists them), and Ctrl+R (the input line's hint names it).
    expect(labels.join(' ')).not.toMatch(/Ctrl\+W|Ctrl\+U|Ctrl\+R|Home|edit/);
    // Where room is short the hint under the empty draft names the newline key instead.
    expect(footerItems('dashboard', true).map((item) => item.keys)).not.toContain('^J');
    expect(footerItems('dashboard', true).map((item) => item.keys)).toContain('^L');
    // While playing, the speed keys join the dashboard's, right after play/pause; the newline key
    // leaves (nothing is typed while playing, and the empty draft's hint names it).
    const play = labels.indexOf('Ctrl+P play/pause') + 1;
    expect(play).toBeGreaterThan(0);
    const others = (from: readonly string[]) => from.filter((label) => label !== 'Ctrl+J new line');
    expect(footerItems('playing').map((item) => `${item.keys} ${item.label}`)).toEqual([...others(labels.slice(0, play)), '+/- speed', ...others(labels.slice(play))]);
    expect(labels).not.toContain('+/- speed');
    expect(KEYMAP.every((entry) => entry.keys.length > 0)).toBe(true);
  });
});
