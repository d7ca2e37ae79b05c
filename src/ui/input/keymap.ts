import type { DashboardState } from '../state/dashboardState.js';
import type { EditKind } from '../state/lineEdit.js';
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
  | 'faster'
  | 'slower'
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
  | 'promptCancel'
  | 'insertNewline'
  | 'sendReply'
  | 'nextSession'
  | 'toggleTurn'
  | EditCommand;

/** Editing the line being typed (the draft, or the path in the prompt): the keys of readline. */
export type EditCommand = EditKind;

/**
 * Where a binding applies: the dashboard, the model picker, or the path prompt (Ctrl+O, Ctrl+E).
 * `playing` is the dashboard while autoplay runs and nothing is typed: every dashboard key, plus
 * `+` / `-` for the speed (typed text takes them as text again).
 */
export type Scope = 'dashboard' | 'playing' | 'picker' | 'prompt' | 'calls';

/** A scope that has every binding of another too. */
const INHERITS: Partial<Record<Scope, Scope>> = { playing: 'dashboard' };

const inScope = (entry: CommandBinding, scope: Scope): boolean =>
  entry.scopes.includes(scope) || (INHERITS[scope] !== undefined && entry.scopes.includes(INHERITS[scope]));

/** Where keys go in a state: the prompt or the picker while open, the speed keys while autoplay runs with nothing typed, else the dashboard. */
export function scopeOf(state: Pick<DashboardState, 'prompt' | 'picker' | 'playing' | 'draft'> & { readonly calls?: unknown }): Scope {
  if (state.prompt) return 'prompt';
  // Reported calls (a log, the proxy): nothing to type, the replay keys step calls.
  if (state.calls) return 'calls';
  if (state.picker) return 'picker';
  const typing = state.draft.text !== '' || state.draft.pastes.length > 0;
  return state.playing && !typing ? 'playing' : 'dashboard';
}

export interface KeyBinding {
  readonly key: KeyName;
  /** For `letter` and `text`: which one (Ctrl+L is `{ key: 'letter', letter: 'l', ctrl: true }`, + is `{ key: 'text', letter: '+' }`). */
  readonly letter?: string;
  readonly ctrl?: boolean;
  readonly shift?: boolean;
  /** Alt (sent as ESC before the key). */
  readonly meta?: boolean;
}

export interface CommandBinding {
  readonly command: Command;
  readonly scopes: readonly Scope[];
  readonly keys: readonly KeyBinding[];
  /** What the footer says it does; consecutive commands with the same label share one footer item. */
  readonly label: string;
  /** The label where room is short. */
  readonly short?: string;
  /** False: not in the footer (the editing keys, which every line editor has; README lists them). */
  readonly footer?: false;
  /**
   * False: left out of the short footer (a narrow terminal's) and of the footer while autoplay
   * runs (nothing is typed then, so the empty draft's hint names it): shown where it matters instead.
   */
  readonly compact?: false;
  /** How many of `keys` the footer names (the first ones), where room is dear; README lists the rest. */
  readonly footerKeys?: number;
}

const ctrl = (letter: string): KeyBinding => ({ key: 'letter', letter, ctrl: true });
const alt = (letter: string): KeyBinding => ({ key: 'letter', letter, meta: true });
const key = (name: KeyName, modifiers: Omit<KeyBinding, 'key' | 'letter'> = {}): KeyBinding => ({ key: name, ...modifiers });
const typed = (letter: string): KeyBinding => ({ key: 'text', letter });
const EVERYWHERE: readonly Scope[] = ['dashboard', 'picker', 'prompt', 'calls'];
const TYPING: readonly Scope[] = ['dashboard', 'prompt'];
const edit = (command: EditCommand, keys: readonly KeyBinding[]): CommandBinding => ({ command, scopes: TYPING, keys, label: 'edit', footer: false });

export const KEYMAP: readonly CommandBinding[] = [
  { command: 'send', scopes: ['dashboard'], keys: [key('return')], label: 'send' },
  // Where room is short (the short footer) the input line's hint names it instead, while the draft is empty.
  { command: 'insertNewline', scopes: ['dashboard'], keys: [ctrl('j'), key('return', { meta: true })], label: 'new line', footerKeys: 1, compact: false },
  { command: 'cycleRole', scopes: ['dashboard'], keys: [key('tab')], label: 'role' },
  // Not in the footer: the input line's hint names it when the role is the assistant's, the one time it is of use.
  { command: 'sendReply', scopes: ['dashboard'], keys: [ctrl('r')], label: 'canned reply', footer: false },
  { command: 'pasteLogDump', scopes: ['dashboard'], keys: [ctrl('l')], label: 'paste log', short: 'log' },
  { command: 'next', scopes: ['dashboard'], keys: [ctrl('n')], label: 'next turn', short: 'next' },
  // A replayed log steps calls, not turns: the footer says so.
  { command: 'next', scopes: ['calls'], keys: [ctrl('n')], label: 'next call', short: 'next' },
  { command: 'back', scopes: ['dashboard', 'calls'], keys: [ctrl('b')], label: 'back' },
  { command: 'togglePlay', scopes: ['dashboard', 'calls'], keys: [ctrl('p')], label: 'play/pause', short: 'play' },
  { command: 'faster', scopes: ['playing', 'calls'], keys: [typed('+')], label: 'speed' },
  { command: 'slower', scopes: ['playing', 'calls'], keys: [typed('-')], label: 'speed' },
  // Reported calls of several proxy clients: one session's at a time.
  { command: 'nextSession', scopes: ['calls'], keys: [key('tab')], label: 'session' },
  // A replayed call's turn is folded; Enter unfolds the newest call's (and folds it again).
  { command: 'toggleTurn', scopes: ['calls'], keys: [key('return')], label: 'unfold', short: 'unfold' },
  { command: 'pickModel', scopes: ['dashboard'], keys: [ctrl('t')], label: 'model' },
  { command: 'cycleStrategy', scopes: ['dashboard'], keys: [ctrl('s')], label: 'strategy' },
  { command: 'toggleCompare', scopes: ['dashboard'], keys: [ctrl('g')], label: 'compare', short: 'all' },
  { command: 'loadFile', scopes: ['dashboard', 'calls'], keys: [ctrl('o')], label: 'load file', short: 'load' },
  { command: 'exportSession', scopes: ['dashboard'], keys: [ctrl('x')], label: 'export' },
  { command: 'scrollUp', scopes: ['dashboard', 'calls'], keys: [key('pageup')], label: 'scroll' },
  { command: 'scrollDown', scopes: ['dashboard', 'calls'], keys: [key('pagedown')], label: 'scroll' },
  { command: 'clearInput', scopes: ['dashboard'], keys: [key('escape')], label: 'clear' },
  { command: 'pickerUp', scopes: ['picker'], keys: [key('up')], label: 'move' },
  { command: 'pickerDown', scopes: ['picker'], keys: [key('down')], label: 'move' },
  { command: 'pickerChoose', scopes: ['picker'], keys: [key('return')], label: 'choose' },
  { command: 'pickerClose', scopes: ['picker'], keys: [key('escape'), ctrl('t')], label: 'cancel' },
  { command: 'promptComplete', scopes: ['prompt'], keys: [key('tab')], label: 'complete' },
  { command: 'promptSubmit', scopes: ['prompt'], keys: [key('return')], label: 'confirm' },
  { command: 'promptCancel', scopes: ['prompt'], keys: [key('escape')], label: 'cancel' },
  { command: 'quit', scopes: EVERYWHERE, keys: [ctrl('c')], label: 'quit' },
  edit('cursorLeft', [key('left')]),
  edit('cursorRight', [key('right')]),
  edit('wordLeft', [alt('b'), key('left', { ctrl: true }), key('left', { meta: true })]),
  edit('wordRight', [alt('f'), key('right', { ctrl: true }), key('right', { meta: true })]),
  edit('lineStart', [key('home'), ctrl('a')]),
  edit('lineEnd', [key('end'), ctrl('e')]),
  edit('deleteBack', [key('backspace')]),
  edit('deleteForward', [key('delete'), ctrl('d')]),
  edit('deleteWordBack', [ctrl('w'), key('backspace', { meta: true })]),
  edit('killToStart', [ctrl('u')]),
  edit('killToEnd', [ctrl('k')]),
];

export function matches(binding: KeyBinding, pressed: Key): boolean {
  return (
    binding.key === pressed.name &&
    ((binding.key !== 'letter' && binding.key !== 'text') || binding.letter === pressed.text) &&
    Boolean(binding.ctrl) === pressed.ctrl &&
    Boolean(binding.shift) === pressed.shift &&
    Boolean(binding.meta) === pressed.meta
  );
}

export function commandFor(pressed: Key, scope: Scope): Command | undefined {
  return KEYMAP.find((entry) => inScope(entry, scope) && entry.keys.some((binding) => matches(binding, pressed)))?.command;
}

export function bindingsIn(scope: Scope): CommandBinding[] {
  return KEYMAP.filter((entry) => inScope(entry, scope));
}

const KEY_LABELS: Partial<Record<KeyName, string>> = {
  return: 'Enter',
  tab: 'Tab',
  escape: 'Esc',
  backspace: 'Backspace',
  delete: 'Delete',
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  home: 'Home',
  end: 'End',
  pageup: 'PgUp',
  pagedown: 'PgDn',
};

/** "Ctrl+L", or "^L" where room is short; "Alt+Enter", or "M-Enter". */
export function keyLabel(binding: KeyBinding, short = false): string {
  if (binding.key === 'text') return binding.letter ?? '';
  const name = binding.key === 'letter' ? (binding.letter ?? '').toUpperCase() : KEY_LABELS[binding.key] ?? binding.key;
  if (binding.ctrl) return short ? `^${name}` : `Ctrl+${name}`;
  if (binding.meta) return short ? `M-${name}` : `Alt+${name}`;
  return binding.shift ? `Shift+${name}` : name;
}

export interface FooterItem {
  readonly keys: string;
  readonly label: string;
}

/** The footer's items for a scope: every binding, neighbours with one label merged ("PgUp/PgDn scroll"). */
export function footerItems(scope: Scope, short = false, omit: readonly Command[] = []): FooterItem[] {
  const items: FooterItem[] = [];
  for (const entry of bindingsIn(scope)) {
    // A key that can do nothing here (Tab with only one session) is not offered.
    if (omit.includes(entry.command)) continue;
    // While playing the draft is empty and its hint names the key: "+/- speed" then fits at 120 columns.
    if (entry.footer === false || ((short || scope === 'playing') && entry.compact === false)) continue;
    const keys = entry.keys
      .slice(0, entry.footerKeys ?? entry.keys.length)
      .map((binding) => keyLabel(binding, short))
      .join('/');
    const label = short ? entry.short ?? entry.label : entry.label;
    const last = items[items.length - 1];
    if (last && last.label === label) items[items.length - 1] = { keys: `${last.keys}/${keys}`, label };
    else items.push({ keys, label });
  }
  return items;
}
