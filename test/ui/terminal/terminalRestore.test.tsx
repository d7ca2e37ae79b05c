import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dashboardIo } from '../../../src/commands/dashboardIo.js';
import { requireModel } from '../../../src/core/catalog.js';
import { FORMAT_RULES } from '../../../src/core/chatFormat.js';
import { BRACKETED_PASTE_OFF, BRACKETED_PASTE_ON } from '../../../src/ui/input/readInput.js';
import { runDashboard } from '../../../src/ui/terminal/runDashboard.js';
import { ALTERNATE_SCREEN_OFF, ALTERNATE_SCREEN_ON, SHOW_CURSOR, terminalRestorer } from '../../../src/ui/terminal/terminalMode.js';
import { FakeInput, FakeOutput, fakeTerminal } from '../../support/fakeTerminal.js';
import { settled } from '../../support/settled.js';
import { CTRL, ENTER, ESC, PASTE_START, TAB } from '../../support/renderDashboard.js';

const RESTORED = BRACKETED_PASTE_OFF + SHOW_CURSOR + ALTERNATE_SCREEN_OFF;
// Random keys may export (Ctrl+X, Enter): into a temporary folder, never the working directory.
const props = {
  model: requireModel('gpt-4'),
  rule: FORMAT_RULES.cookbook,
  dump: 'Error: Connection Refused '.repeat(50),
  queue: [],
  io: dashboardIo({ place: { cwd: mkdtempSync(join(tmpdir(), 'ca-restore-')) } }),
};

describe('terminalRestorer', () => {
  it('turns raw mode off, bracketed paste off, shows the cursor and leaves the alternate screen, once', () => {
    const stdout = new FakeOutput();
    const stdin = new FakeInput().setRawMode(true);
    const restore = terminalRestorer(stdout, stdin);
    restore();
    expect(stdout.written).toBe(RESTORED);
    expect(stdin.isRaw).toBe(false);
    restore();
    expect(stdout.written).toBe(RESTORED);
  });

  it('still writes the sequences when the terminal refuses to leave raw mode (it may be gone)', () => {
    const stdout = new FakeOutput();
    const stdin = Object.assign(new FakeInput().setRawMode(true), {
      setRawMode() {
        throw new Error('EIO');
      },
    });
    terminalRestorer(stdout, stdin)();
    expect(stdout.written).toBe(RESTORED);
  });
});

/** Runs the real dashboard on a fake terminal until it has raw mode on (its input is live). */
async function started(columns = 100, rows = 30) {
  const terminal = fakeTerminal(columns, rows);
  const done = runDashboard({ ...props }, terminal.streams);
  const deadline = Date.now() + 10_000;
  while (!terminal.stdin.isRaw && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
  expect(terminal.stdin.isRaw).toBe(true);
  return { ...terminal, done };
}

describe('runDashboard', () => {
  it('opens the alternate screen with bracketed paste, and puts the terminal back on Ctrl+C, leaving no listener behind', async () => {
    const listeners = () => ['SIGINT', 'SIGTERM', 'SIGHUP', 'exit'].map((name) => process.listenerCount(name));
    let after: number[] = [];
    for (let run = 0; run < 2; run++) {
      const { stdout, stdin, done } = await started();
      expect(stdout.written.startsWith(ALTERNATE_SCREEN_ON + BRACKETED_PASTE_ON)).toBe(true);
      stdin.type(CTRL.c);
      await done;
      expect(stdout.written.endsWith(RESTORED)).toBe(true);
      expect(stdin.isRaw).toBe(false);
      // Ink's own helpers may stay loaded after the first run; a second run adds nothing.
      if (run === 1) expect(listeners()).toEqual(after);
      after = listeners();
    }
  });

  it('ends, cleaned up, when the terminal goes away (its output fails), and absorbs later write errors', async () => {
    const { stdout, stdin, done } = await started();
    stdout.emit('error', Object.assign(new Error('write EIO'), { code: 'EIO' }));
    await done;
    expect(stdin.isRaw).toBe(false);
    expect(() => stdout.emit('error', new Error('write EIO'))).not.toThrow();
  });

  it.runIf(process.platform !== 'win32').each(['SIGQUIT', 'SIGTERM', 'SIGHUP'])('puts the terminal back on %s, then ends by it', (signal) => {
    const child = fileURLToPath(new URL('../../support/dashboardSignal.mjs', import.meta.url));
    const result = spawnSync(process.execPath, [child, signal], { encoding: 'utf8', timeout: 30_000 });
    expect(result.signal).toBe(signal);
    expect(result.stdout.startsWith(ALTERNATE_SCREEN_ON)).toBe(true);
    // Put back after the last frame (Ink may show the cursor once more as it goes: harmless).
    const restoredAt = result.stdout.lastIndexOf(RESTORED);
    expect(restoredAt).toBeGreaterThan(0);
    expect(result.stdout.slice(restoredAt + RESTORED.length)).toMatch(/^(\x1b\[\?25h)*$/);
  });

  const RESIZE = 'resize to 40 x 12';
  const KEYS = [RESIZE, 'Hello', ENTER, CTRL.l, CTRL.n, CTRL.p, CTRL.t, CTRL.o, CTRL.x, TAB, ESC, '/tmp/', `${PASTE_START}half a paste`, '\x1b[31m'];

  it('leaves the terminal restored on Ctrl+C at any moment: typing, counting, the picker, a prompt, inside a paste, after a resize', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...KEYS), { maxLength: 8 }), fc.constantFrom([100, 30], [40, 12]), async (keys, [columns, rows]) => {
        const { stdout, stdin, done } = await started(columns, rows);
        for (const key of keys) {
          await settled(() => {
            if (key === RESIZE) {
              Object.assign(stdout, { columns: 40, rows: 12 });
              stdout.emit('resize');
            } else stdin.type(key);
          });
        }
        stdin.type(CTRL.c);
        await done;
        expect(stdout.written.endsWith(RESTORED)).toBe(true);
        expect(stdin.isRaw).toBe(false);
      }),
      { numRuns: 15 },
    );
  });
});
