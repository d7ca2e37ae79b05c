// esbuild options shared by every bundle of this program for Node: the bin (scripts/bundle.mjs)
// and the benchmark's dashboard child (bench/run.mjs), so both run the code users run.
import { inkVendorEsbuild } from './ink-vendor.mjs';

export const nodeBundleOptions = () => ({
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Ink's frame caches (src/vendor/ink/), and its devtools module left out: it is imported only
  // with DEV=true, for React DevTools, and would ship react-devtools-core and ws.
  plugins: [inkVendorEsbuild({ dropDevtools: true })],
  // The CommonJS inside (React, commander) calls require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  // React's production build, its development build left out (the dashboard sets NODE_ENV the
  // same way before it loads React when run unbundled, from dist/cli.js).
  define: { 'process.env.NODE_ENV': '"production"' },
  logOverride: { 'assign-to-define': 'silent' },
  logLevel: 'warning',
});
