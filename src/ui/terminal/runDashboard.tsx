import { render } from 'ink';
import { App, type AppProps } from '../App.js';
import { enterDashboardScreen, terminalRestorer } from './terminalMode.js';

export interface DashboardStreams {
  readonly stdout: NodeJS.WriteStream;
  readonly stdin: NodeJS.ReadStream;
  readonly stderr: NodeJS.WriteStream;
}

/**
 * Signals that end the process: the terminal is put back first, then the signal does what it would
 * have. SIGQUIT (Ctrl+\ in a cooked terminal, `kill -QUIT`) too: its default ends the process
 * without a word, which left the terminal on the alternate screen.
 */
const ENDING_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];

/**
 * Draws the dashboard on the alternate screen with bracketed paste on, until Ctrl+C; then puts
 * the terminal back as it was (see terminalMode.ts), on every way out.
 */
export async function runDashboard(props: AppProps, streams: DashboardStreams = process): Promise<void> {
  const { stdout, stdin, stderr } = streams;
  const restore = terminalRestorer(stdout, stdin);
  const onSignal = (signal: NodeJS.Signals) => {
    stopListening();
    // Every turn is already on disk; closing only lets go of the session's lock. First, because
    // the terminal may be gone (SIGHUP) and writing to it fail.
    try {
      props.recorder?.close();
    } finally {
      try {
        restore();
        // The signal, raised again, ends the process once it is delivered, which may be after a
        // frame Ink had already scheduled: nothing is drawn on the terminal once it is put back.
        stdout.write = () => true;
      } finally {
        process.kill(process.pid, signal);
      }
    }
  };
  // An exit from anywhere (an uncaught error, the terminal's input failing when it closes).
  const onExit = () => {
    try {
      props.recorder?.close();
    } finally {
      restore();
    }
  };
  const stopListening = () => {
    process.off('exit', onExit);
    for (const signal of ENDING_SIGNALS) process.off(signal, onSignal);
  };
  process.once('exit', onExit);
  for (const signal of ENDING_SIGNALS) process.once(signal, onSignal);
  // The terminal went away (EIO, EPIPE): nothing can be shown any more, so the dashboard ends.
  let unmount: (() => void) | undefined;
  let gone = false;
  const onOutputError = () => {
    gone = true;
    unmount?.();
  };
  stdout.on('error', onOutputError);
  enterDashboardScreen(stdout);
  try {
    // Nothing here writes to the console, so Ink need not patch it (and under a test runner it cannot).
    const instance = render(<App {...props} />, { stdout, stdin, stderr, exitOnCtrlC: false, patchConsole: false });
    unmount = () => instance.unmount();
    await instance.waitUntilExit();
  } finally {
    restore();
    stopListening();
    // A big count still running holds its worker (and so the process) open: stop it. Unmounting
    // has already cancelled it; this ends the thread at once rather than within a step.
    await props.io.closeWorkers();
    // Once the terminal is gone, later writes fail too: the listener stays to absorb them.
    if (!gone) stdout.off('error', onOutputError);
  }
}
