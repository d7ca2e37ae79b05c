// esbuild options shared by every bundle of this program for Node: the bin (scripts/bundle.mjs)
// and the benchmark's dashboard child (bench/run.mjs), so both run the code users run.
import { readFileSync } from 'node:fs';
import { inkVendorEsbuild } from './ink-vendor.mjs';

// The price table (src/core/catalog.generated.json, ~300 KB) goes in as a string for JSON.parse:
// V8 reads that several times faster than the same data written as an object literal, which is
// how esbuild inlines JSON (measured 2026-12-01: ~8 ms against ~40-100 ms on this machine).
const jsonParsedCatalog = {
  name: 'json-parsed-catalog',
  setup(build) {
    build.onLoad({ filter: /catalog\.generated\.json$/ }, (args) => ({
      contents: `export default JSON.parse(${JSON.stringify(readFileSync(args.path, 'utf8'))});`,
      loader: 'js',
    }));
  },
};

export const nodeBundleOptions = () => ({
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Ink's frame caches (src/vendor/ink/), and its devtools module left out: it is imported only
  // with DEV=true, for React DevTools, and would ship react-devtools-core and ws.
  plugins: [inkVendorEsbuild({ dropDevtools: true }), jsonParsedCatalog],
  // The CommonJS inside (React, commander) calls require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  // React's production build, its development build left out (the dashboard sets NODE_ENV the
  // same way before it loads React when run unbundled, from dist/cli.js).
  define: { 'process.env.NODE_ENV': '"production"' },
  logOverride: { 'assign-to-define': 'silent' },
  logLevel: 'warning',
});
