import type { DashboardAction } from './dashboardReducer.js';
import type { Command } from './keymap.js';

/** What the conversation pane needs to know to scroll by a page. */
export interface ScrollView {
  readonly page: number;
  readonly maxScroll: number;
}

/** A command from the keymap as a reducer action; quitting is not state, so it is its own answer. */
export function commandAction(command: Command, view: ScrollView): DashboardAction | 'quit' {
  switch (command) {
    case 'send':
      return { type: 'send' };
    case 'cycleRole':
      return { type: 'cycleRole' };
    case 'pasteLogDump':
      return { type: 'pasteLogDump' };
    case 'back':
      return { type: 'back' };
    case 'next':
      return { type: 'replay/next' };
    case 'togglePlay':
      return { type: 'replay/toggle' };
    case 'pickModel':
      return { type: 'picker/open' };
    case 'cycleStrategy':
      return { type: 'strategy/cycle' };
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
    case 'quit':
      return 'quit';
  }
}
