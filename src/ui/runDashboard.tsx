import { render } from 'ink';
import { App, type AppProps } from './App.js';
import { BRACKETED_PASTE_OFF, BRACKETED_PASTE_ON } from './readInput.js';

const ALTERNATE_SCREEN_ON = '\x1b[?1049h';
const ALTERNATE_SCREEN_OFF = '\x1b[?1049l';

/**
 * Draws the dashboard on the alternate screen with bracketed paste on, until Ctrl+C; then puts
 * the terminal back as it was (main screen, paste mode off; Ink restores raw mode and the cursor).
 */
export async function runDashboard(props: AppProps): Promise<void> {
  const { stdout } = process;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    stdout.write(BRACKETED_PASTE_OFF + ALTERNATE_SCREEN_OFF);
  };
  process.once('exit', restore);
  stdout.write(ALTERNATE_SCREEN_ON + BRACKETED_PASTE_ON);
  try {
    const instance = render(<App {...props} />, { exitOnCtrlC: false });
    await instance.waitUntilExit();
  } finally {
    restore();
    process.off('exit', restore);
  }
}
