import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Frames are asserted as text: no colour codes, whether or not the run has a terminal.
    env: { FORCE_COLOR: '0' },
    // A temporary XDG_STATE_HOME per test file: journals never land in the user's state directory.
    setupFiles: ['test/support/isolatedState.ts'],
  },
});
