// Ink's files that context-accountant replaces with its own copies (src/vendor/ink/: Ink's frame
// caches carried from frame to frame, docs/ink-frame-caches.md). The copies are swapped in where
// Ink's code is loaded: by esbuild when it bundles the bin (scripts/bundle.mjs) and by vite when
// vitest runs the tests (vitest.config.ts), never by editing node_modules. A copy is loaded in
// place of Ink's file of the same name, so its own imports resolve exactly as the original's.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Ink release the copies were made from: any other would mix its files with 6.8.0's. */
export const VENDORED_INK_VERSION = '6.8.0';
const VENDOR_DIR = fileURLToPath(new URL('../src/vendor/ink/', import.meta.url));
const FILES = ['measure-text.js', 'output.js', 'render-node-to-output.js', 'renderer.js'];

/** node_modules/ink/build/, checked to hold the Ink release the copies were made from. */
function inkBuildDir() {
  // Ink's exports map names only its entry (build/index.js), so its folder is found from that.
  const buildDir = dirname(createRequire(import.meta.url).resolve('ink'));
  const { version } = JSON.parse(readFileSync(join(buildDir, '..', 'package.json'), 'utf8'));
  if (version !== VENDORED_INK_VERSION) {
    throw new Error(
      `src/vendor/ink/ holds copies of Ink ${VENDORED_INK_VERSION}'s files, but node_modules has Ink ${version}: ` +
        'copy the new release\'s files and redo the changes (docs/ink-frame-caches.md), or install ink@' + VENDORED_INK_VERSION,
    );
  }
  return buildDir;
}

/** Ink's file path -> the copy loaded in its place. */
export function vendoredInkFiles() {
  const buildDir = inkBuildDir();
  return new Map(FILES.map((file) => [join(buildDir, file), join(VENDOR_DIR, file)]));
}

/**
 * esbuild: loads the copies in place of Ink's files; with `dropDevtools`, Ink's devtools module
 * (imported only when DEV=true, and pulling in react-devtools-core and ws) as an empty one.
 */
export function inkVendorEsbuild({ dropDevtools = false } = {}) {
  return {
    name: 'ink-vendor',
    setup(build) {
      const files = vendoredInkFiles();
      if (dropDevtools) {
        // An empty module, and no file for it: `import('./devtools.js')` becomes an import of a data: URL.
        build.onResolve({ filter: /^\.\/devtools\.js$/ }, (args) =>
          args.importer === join(inkBuildDir(), 'reconciler.js') ? { path: 'data:text/javascript,', external: true } : undefined,
        );
      }
      build.onLoad({ filter: /[\\/]ink[\\/]build[\\/][\w-]+\.js$/ }, (args) => {
        const copy = files.get(args.path);
        if (!copy) return undefined;
        return { contents: readFileSync(copy, 'utf8'), loader: 'js', resolveDir: dirname(args.path), watchFiles: [copy] };
      });
    },
  };
}

/** The packages vitest must inline (load through vite) for the copies to be swapped in: Ink and those that import it. */
export const INK_PACKAGES = [/[\\/]node_modules[\\/]ink[\\/]/, /[\\/]node_modules[\\/]ink-testing-library[\\/]/, /[\\/]node_modules[\\/]ink-text-input[\\/]/];

/**
 * vite (vitest): the same copies in place of Ink's files. The other files of INK_PACKAGES are
 * loaded without their source map comments: the maps name TypeScript sources npm does not ship,
 * and vite would warn of each.
 */
export function inkVendorVite() {
  const files = vendoredInkFiles();
  return {
    name: 'ink-vendor',
    enforce: 'pre',
    load(id) {
      const path = id.split('?')[0];
      const copy = files.get(path);
      if (copy) {
        this.addWatchFile(copy);
        return readFileSync(copy, 'utf8');
      }
      if (path.endsWith('.js') && INK_PACKAGES.some((pattern) => pattern.test(path))) {
        return readFileSync(path, 'utf8').replace(/^\/\/# sourceMappingURL=.*$/m, '');
      }
      return undefined;
    },
  };
}
