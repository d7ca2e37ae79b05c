// The library's entry points (issue 20), bundled with the bin by scripts/bundle.mjs: `import
// 'context-accountant'` and its subpaths (package.json "exports"). They sit one folder down
// (dist/library/), as the chunks do, so the tokenizer finds its prepared ranks at ../ranks/.
export const LIBRARY_ENTRIES = {
  'library/index': 'dist/lib/index.js',
  'library/tokenizer': 'dist/lib/tokenizer.js',
  'library/catalog': 'dist/lib/catalog.js',
};

/** Packages an application importing the library must not get: the dashboard's. */
const DASHBOARD_ONLY = /node_modules\/(ink|ink-[\w-]+|react|react-reconciler|scheduler|yoga-layout|commander)\//;

/**
 * Fails the build if a library entry loads (statically or on demand) any file holding Ink, React
 * or commander: the library is for applications, which get the accounting and nothing of the UI.
 */
export function checkLibraryBundle(metafile) {
  const outputs = metafile.outputs;
  for (const entry of Object.keys(LIBRARY_ENTRIES)) {
    const seen = new Set();
    const queue = [`dist/${entry}.js`];
    while (queue.length > 0) {
      const file = queue.pop();
      if (seen.has(file)) continue;
      seen.add(file);
      const output = outputs[file];
      if (!output) throw new Error(`library bundle: ${file} is not an output`);
      const pulled = Object.keys(output.inputs).find((input) => DASHBOARD_ONLY.test(input));
      if (pulled) throw new Error(`library bundle: ${entry} loads ${file}, which holds ${pulled}`);
      for (const { path, external } of output.imports) if (!external && path.startsWith('dist/')) queue.push(path);
    }
  }
}
