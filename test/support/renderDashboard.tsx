import { setTimeout as sleep } from 'node:timers/promises';
import { render } from 'ink-testing-library';
import { requireModel } from '../../src/core/catalog.js';
import { FORMAT_RULES } from '../../src/core/chatFormat.js';
import { LESSON_LOG_DUMP } from '../../src/core/lesson.js';
import { dashboardIo, type DashboardIoOptions } from '../../src/commands/dashboardIo.js';
import { App, type AppProps } from '../../src/ui/App.js';
import { settled } from './settled.js';

export interface Size {
  readonly columns: number;
  readonly rows: number;
}

/**
 * The real App in ink-testing-library, on a terminal of `size` (the library's stdout says 100
 * columns and no rows; a resize event tells the App otherwise). Resolves once the encoder has loaded,
 * which also means every input listener is in place.
 */
export async function renderDashboard(
  { place, ...props }: Partial<AppProps> & Pick<DashboardIoOptions, 'place'> = {},
  size: Size = { columns: 100, rows: 30 },
) {
  const io = dashboardIo(place ? { place } : {});
  const app = render(<App model={requireModel('gpt-4')} rule={FORMAT_RULES.cookbook} dump={LESSON_LOG_DUMP} io={io} {...props} />);
  resize(app.stdout, size);
  const frame = () => app.lastFrame() ?? '';
  await until(frame, (f) => f !== '' && !f.includes('loading'), 'the encoder to load');
  /** Types keys as one read from the terminal; resolves once React has handled them (see settled). */
  const press = (keys: string) => settled(() => app.stdin.write(keys));
  return { ...app, frame, press };
}

export function resize(stdout: NodeJS.EventEmitter, { columns, rows }: Size): void {
  Object.defineProperty(stdout, 'columns', { value: columns, configurable: true });
  Object.defineProperty(stdout, 'rows', { value: rows, configurable: true });
  stdout.emit('resize');
}

/**
 * Waits for the frame to satisfy `check`, yielding to the event loop between looks (no fixed
 * sleeps). Unlike vi.waitFor it never advances fake timers, so a replay test decides every tick.
 */
export async function until(frame: () => string, check: (frame: string) => boolean, what = 'the expected frame'): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (let looks = 0; !check(frame()); looks++) {
    if (Date.now() > deadline) throw new Error(`waited 10 s for ${what}; last frame:\n${frame()}`);
    // The first looks at once (a render a turn away); then 1 ms apart: a count in a worker thread
    // or a child process is not hurried by a loop that keeps a core busy looking (CI has two).
    // node:timers, not the global: fake timers never hold it back.
    await (looks < 100 ? new Promise((resolve) => setImmediate(resolve)) : sleep(1));
  }
  return frame();
}

export const ENTER = '\r';
export const TAB = '\t';
export const CTRL = {
  a: '\x01',
  b: '\x02',
  c: '\x03',
  e: '\x05',
  j: '\n',
  l: '\x0c',
  n: '\x0e',
  o: '\x0f',
  p: '\x10',
  r: '\x12',
  s: '\x13',
  t: '\x14',
  u: '\x15',
  w: '\x17',
  x: '\x18',
} as const;
export const ALT = { b: '\x1bb', f: '\x1bf', enter: '\x1b\r' } as const;
export const LEFT = '\x1b[D';
export const RIGHT = '\x1b[C';
export const HOME = '\x1b[H';
export const END = '\x1b[F';
export const CTRL_LEFT = '\x1b[1;5D';
export const CTRL_RIGHT = '\x1b[1;5C';
export const ESC = '\x1b';
export const BACKSPACE = '\x7f';
export const PAGE_UP = '\x1b[5~';
export const DOWN = '\x1b[B';
export const PASTE_START = '\x1b[200~';
export const PASTE_END = '\x1b[201~';
