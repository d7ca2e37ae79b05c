import type { DashboardAction } from '../state/dashboardReducer.js';
import type { LineEdit } from '../state/lineEdit.js';
import { cannedReply } from './cannedReplies.js';
import type { Command, EditCommand } from './keymap.js';

/** What a command needs besides the state: the conversation pane's page (to scroll by), and the configured log dump. */
export interface CommandContext {
  readonly page: number;
  readonly maxScroll: number;
  /** What Ctrl+L pastes (`--dump`): configuration, not state. */
  readonly dump: string;
  /** Messages in the conversation so far: which canned reply Ctrl+R sends. */
  readonly sent: number;
}

const EDITS: Readonly<Record<EditCommand, LineEdit>> = {
  cursorLeft: { kind: 'cursorLeft' },
  cursorRight: { kind: 'cursorRight' },
  wordLeft: { kind: 'wordLeft' },
  wordRight: { kind: 'wordRight' },
  lineStart: { kind: 'lineStart' },
  lineEnd: { kind: 'lineEnd' },
  deleteBack: { kind: 'deleteBack' },
  deleteForward: { kind: 'deleteForward' },
  deleteWordBack: { kind: 'deleteWordBack' },
  killToStart: { kind: 'killToStart' },
  killToEnd: { kind: 'killToEnd' },
};

/** What the hook does with the file system: open a prompt (its default path), complete the path, act on it. */
export type FileCommand = 'loadFile' | 'exportSession' | 'promptComplete' | 'promptSubmit';

/**
 * A command from the keymap as a reducer action. Quitting is not state, and the file commands
 * need the file system (the hook's), so those are answered by name.
 */
export function commandAction(command: Command, view: CommandContext): DashboardAction | 'quit' | FileCommand {
  switch (command) {
    case 'send':
      return { type: 'send' };
    case 'cycleRole':
      return { type: 'cycleRole' };
    case 'insertNewline':
      return { type: 'edit', edit: { kind: 'insert', text: '\n' } };
    case 'sendReply':
      return { type: 'reply', text: cannedReply(view.sent) };
    case 'pasteLogDump':
      return { type: 'pasteLogDump', text: view.dump };
    case 'back':
      return { type: 'back' };
    case 'next':
      return { type: 'replay/next' };
    case 'nextSession':
      return { type: 'calls/nextSession' };
    case 'toggleTurn':
      return { type: 'calls/toggleTurn' };
    case 'togglePlay':
      return { type: 'replay/toggle' };
    case 'faster':
      return { type: 'replay/speed', direction: 1 };
    case 'slower':
      return { type: 'replay/speed', direction: -1 };
    case 'pickModel':
      return { type: 'picker/open' };
    case 'cycleStrategy':
      return { type: 'strategy/cycle' };
    case 'toggleCompare':
      return { type: 'compare/toggle' };
    case 'scrollUp':
      return { type: 'scroll', delta: view.page, max: view.maxScroll };
    case 'scrollDown':
      return { type: 'scroll', delta: -view.page, max: view.maxScroll };
    case 'clearInput':
      return { type: 'draft/clear' };
    case 'pickerUp':
      return { type: 'picker/move', delta: -1 };
    case 'pickerDown':
      return { type: 'picker/move', delta: 1 };
    case 'pickerChoose':
      return { type: 'picker/choose' };
    case 'pickerClose':
      return { type: 'picker/close' };
    case 'promptCancel':
      return { type: 'prompt/close' };
    case 'loadFile':
    case 'exportSession':
    case 'promptComplete':
    case 'promptSubmit':
    case 'quit':
      return command;
    default:
      return { type: 'edit', edit: EDITS[command] };
  }
}
