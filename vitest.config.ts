import { defineConfig } from 'vitest/config';
import { INK_PACKAGES, inkVendorVite } from './scripts/ink-vendor.mjs';

export default defineConfig({
  // Ink's frame caches, as in the bundle (scripts/ink-vendor.mjs): the tests draw what users see.
  plugins: [inkVendorVite()],
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 60_000,
    // Two files at once on CI's 2 cores: vitest's default there is one (cores - 1), which leaves a
    // core idle while a file waits on a child process (the bin, tmux) and runs the suite serially.
    maxWorkers: 2,
    // Each worker runs its files in one module graph (vitest's default re-imports everything per
    // file): Ink, React, the catalog and the tokenizers are loaded once per worker, not once per
    // file, which cut the suite's CPU time by about a third. Per-file state is still per file:
    // setupFiles run before every file (a new XDG_STATE_HOME each), and the src modules read the
    // environment when called, not when imported.
    isolate: false,
    hookTimeout: 60_000,
    // Frames are asserted as text: no colour codes, whether or not the run has a terminal. And the
    // same frames under CI (CI=true) as on a developer's machine: in CI mode Ink draws only the
    // last frame, at unmount, which is not what a user's terminal shows.
    env: { FORCE_COLOR: '0', CI: 'false' },
    // A temporary XDG_STATE_HOME per test file: journals never land in the user's state directory.
    setupFiles: ['test/support/isolatedState.ts'],
    // Ink loaded by vite, so the plugin above can swap its files (node would load them as they are),
    // and with it the packages that import Ink, so that there is one Ink (one set of its contexts).
    server: { deps: { inline: INK_PACKAGES } },
  },
});
