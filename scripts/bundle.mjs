// Run by `npm run build` after tsc: bundles the program (dist/cli.js and all it imports, Ink and
// React included) into dist/context-accountant.js, the bin, and dist/chunks/ (the dashboard and
// other code loaded on demand). Node 20 spends most of a cold start finding, reading and compiling
// the ~780 modules the program, Ink, React and zod are spread over; a few files start in under
// half the time (README, "Speed"). tsc's own output stays beside it, for the tests, the worker and the benchmarks.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry a hash: clear out the last build's.
rmSync(new URL('../dist/chunks/', import.meta.url), { recursive: true, force: true });

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

await build({
  entryPoints: { 'context-accountant': 'dist/cli.js' },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Ink loads react-devtools-core only with DEV=true; the prepared rank tables (dist/ranks/) make
  // js-tiktoken's own only a fallback, left to load from node_modules if ever needed.
  external: ['react-devtools-core', 'js-tiktoken/ranks/*'],
  // The CommonJS inside (React, commander) calls require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  // React's production build, its development build left out (the dashboard sets NODE_ENV the
  // same way before it loads React when run unbundled, from dist/cli.js).
  define: { 'process.env.NODE_ENV': '"production"' },
  logOverride: { 'assign-to-define': 'silent' },
  plugins: [jsonParsedCatalog],
  logLevel: 'warning',
});
