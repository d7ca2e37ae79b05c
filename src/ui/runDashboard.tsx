import { render } from 'ink';
import { App, type AppProps } from './App.js';
import { enterDashboardScreen, terminalRestorer } from './terminalMode.js';

export interface DashboardStreams {
  readonly stdout: NodeJS.WriteStream;
  readonly stdin: NodeJS.ReadStream;
  readonly stderr: NodeJS.WriteStream;
}

/** Signals that end the process: the terminal is put back first, then the signal does what it would have. */
const ENDING_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Draws the dashboard on the alternate screen with bracketed paste on, until Ctrl+C; then puts
 * the terminal back as it was (see terminalMode.ts), on every way out.
 */
export async function runDashboard(props: AppProps, streams: DashboardStreams = process): Promise<void> {
  const { stdout, stdin, stderr } = streams;
  const restore = terminalRestorer(stdout, stdin);
  const onSignal = (signal: NodeJS.Signals) => {
    restore();
    // Every turn is already on disk; closing only lets go of the session's lock.
    props.recorder?.close();
    stopListening();
    process.kill(process.pid, signal);
  };
  const stopListening = () => {
    process.off('exit', restore);
    for (const signal of ENDING_SIGNALS) process.off(signal, onSignal);
  };
  process.once('exit', restore);
  for (const signal of ENDING_SIGNALS) process.once(signal, onSignal);
  enterDashboardScreen(stdout);
  try {
    // Nothing here writes to the console, so Ink need not patch it (and under a test runner it cannot).
    const instance = render(<App {...props} />, { stdout, stdin, stderr, exitOnCtrlC: false, patchConsole: false });
    await instance.waitUntilExit();
  } finally {
    restore();
    stopListening();
  }
}
