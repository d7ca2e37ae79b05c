import { BRACKETED_PASTE_OFF, BRACKETED_PASTE_ON } from '../input/readInput.js';

/**
 * The terminal modes the dashboard changes, and putting them back. Ink restores raw mode and the
 * cursor when it unmounts normally; `restoreTerminal` does it all again, whatever the way out (Ctrl+C,
 * an error, a signal, process exit), and is safe to run twice.
 */
export const ALTERNATE_SCREEN_ON = '\x1b[?1049h';
export const ALTERNATE_SCREEN_OFF = '\x1b[?1049l';
export const SHOW_CURSOR = '\x1b[?25h';

export interface TerminalOut {
  write(text: string): unknown;
}

export interface TerminalIn {
  readonly isTTY?: boolean;
  readonly isRaw?: boolean;
  setRawMode?(mode: boolean): unknown;
}

export function enterDashboardScreen(stdout: TerminalOut): void {
  stdout.write(ALTERNATE_SCREEN_ON + BRACKETED_PASTE_ON);
}

/** A function that puts the terminal back as it was: raw mode off, paste mode off, cursor shown, main screen. Runs once. */
export function terminalRestorer(stdout: TerminalOut, stdin: TerminalIn): () => void {
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    try {
      if (stdin.isTTY && stdin.isRaw) stdin.setRawMode?.(false);
    } catch {
      // The terminal may already be gone (SIGHUP); the escape sequences below are still worth a try.
    }
    stdout.write(BRACKETED_PASTE_OFF + SHOW_CURSOR + ALTERNATE_SCREEN_OFF);
  };
}
