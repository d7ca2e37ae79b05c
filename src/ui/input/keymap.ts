import type { Key, KeyName } from './parseKey.js';

/**
 * The one keymap: it dispatches keys and the footer renders it, so the footer cannot lie.
 * A scope is where a binding applies: the dashboard itself, the model picker or the path prompt while open.
 */
export type Command =
  | 'send'
  | 'cycleRole'
  | 'pasteLogDump'
  | 'back'
  | 'next'
  | 'togglePlay'
  | 'pickModel'
  | 'cycleStrategy'
  | 'toggleCompare'
  | 'scrollUp'
  | 'scrollDown'
  | 'clearInput'
  | 'quit'
  | 'pickerUp'
  | 'pickerDown'
  | 'pickerChoose'
  | 'pickerClose'
  | 'loadFile'
  | 'exportSession'
  | 'promptComplete'
  | 'promptSubmit'
  | 'promptCancel';

/** Where a binding applies: the dashboard, the model picker, or the path prompt (Ctrl+O, Ctrl+E). */
export type Scope = 'dashboard' | 'picker' | 'prompt';

export interface KeyBinding {
  readonly key: KeyName;
  /** For `letter`: which one (Ctrl+L is `{ key: 'letter', letter: 'l', ctrl: true }`). */
  readonly letter?: string;
  readonly ctrl?: boolean;
  readonly shift?: boolean;
}

export interface CommandBinding {
  readonly command: Command;
  readonly scopes: readonly Scope[];
  readonly keys: readonly KeyBinding[];
  /** What the footer says it does; consecutive commands with the same label share one footer item. */
  readonly label: string;
  /** The label where room is short. */
  readonly short?: string;
}

const ctrl = (letter: string): KeyBinding => ({ key: 'letter', letter, ctrl: true });
const key = (name: KeyName): KeyBinding => ({ key: name });
const EVERYWHERE: readonly Scope[] = ['dashboard', 'picker', 'prompt'];

export const KEYMAP: readonly CommandBinding[] = [
  { command: 'send', scopes: ['dashboard'], keys: [key('return')], label: 'send' },
  { command: 'cycleRole', scopes: ['dashboard'], keys: [key('tab')], label: 'role' },
  { command: 'pasteLogDump', scopes: ['dashboard'], keys: [ctrl('l')], label: 'paste log', short: 'log' },
  { command: 'next', scopes: ['dashboard'], keys: [ctrl('n')], label: 'next turn', short: 'next' },
  { command: 'back', scopes: ['dashboard'], keys: [ctrl('b')], label: 'back' },
  { command: 'togglePlay', scopes: ['dashboard'], keys: [ctrl('p')], label: 'play/pause', short: 'play' },
  { command: 'pickModel', scopes: ['dashboard'], keys: [ctrl('t')], label: 'model' },
  { command: 'cycleStrategy', scopes: ['dashboard'], keys: [ctrl('s')], label: 'strategy' },
  { command: 'toggleCompare', scopes: ['dashboard'], keys: [ctrl('g')], label: 'compare', short: 'all' },
  { command: 'loadFile', scopes: ['dashboard'], keys: [ctrl('o')], label: 'load file', short: 'load' },
  { command: 'exportSession', scopes: ['dashboard'], keys: [ctrl('e')], label: 'export' },
  { command: 'scrollUp', scopes: ['dashboard'], keys: [key('pageup')], label: 'scroll' },
  { command: 'scrollDown', scopes: ['dashboard'], keys: [key('pagedown')], label: 'scroll' },
  { command: 'clearInput', scopes: ['dashboard'], keys: [key('escape')], label: 'clear' },
  { command: 'pickerUp', scopes: ['picker'], keys: [key('up')], label: 'move' },
  { command: 'pickerDown', scopes: ['picker'], keys: [key('down')], label: 'move' },
  { command: 'pickerChoose', scopes: ['picker'], keys: [key('return')], label: 'choose' },
  { command: 'pickerClose', scopes: ['picker'], keys: [key('escape'), ctrl('t')], label: 'cancel' },
  { command: 'promptComplete', scopes: ['prompt'], keys: [key('tab')], label: 'complete' },
  { command: 'promptSubmit', scopes: ['prompt'], keys: [key('return')], label: 'confirm' },
  { command: 'promptCancel', scopes: ['prompt'], keys: [key('escape')], label: 'cancel' },
  { command: 'quit', scopes: EVERYWHERE, keys: [ctrl('c')], label: 'quit' },
];

export function matches(binding: KeyBinding, pressed: Key): boolean {
  return (
    binding.key === pressed.name &&
    (binding.key !== 'letter' || binding.letter === pressed.text) &&
    Boolean(binding.ctrl) === pressed.ctrl &&
    Boolean(binding.shift) === pressed.shift
  );
}

export function commandFor(pressed: Key, scope: Scope): Command | undefined {
  return KEYMAP.find((entry) => entry.scopes.includes(scope) && entry.keys.some((binding) => matches(binding, pressed)))?.command;
}

export function bindingsIn(scope: Scope): CommandBinding[] {
  return KEYMAP.filter((entry) => entry.scopes.includes(scope));
}

const KEY_LABELS: Partial<Record<KeyName, string>> = {
  return: 'Enter',
  tab: 'Tab',
  escape: 'Esc',
  backspace: 'Backspace',
  up: '↑',
  down: '↓',
  pageup: 'PgUp',
  pagedown: 'PgDn',
};

/** "Ctrl+L", or "^L" where room is short. */
export function keyLabel(binding: KeyBinding, short = false): string {
  const name = binding.key === 'letter' ? (binding.letter ?? '').toUpperCase() : KEY_LABELS[binding.key] ?? binding.key;
  if (binding.ctrl) return short ? `^${name}` : `Ctrl+${name}`;
  return binding.shift ? `Shift+${name}` : name;
}

export interface FooterItem {
  readonly keys: string;
  readonly label: string;
}

/** The footer's items for a scope: every binding, neighbours with one label merged ("PgUp/PgDn scroll"). */
export function footerItems(scope: Scope, short = false): FooterItem[] {
  const items: FooterItem[] = [];
  for (const entry of bindingsIn(scope)) {
    const keys = entry.keys.map((binding) => keyLabel(binding, short)).join('/');
    const label = short ? entry.short ?? entry.label : entry.label;
    const last = items[items.length - 1];
    if (last && last.label === label) items[items.length - 1] = { keys: `${last.keys}/${keys}`, label };
    else items.push({ keys, label });
  }
  return items;
}
