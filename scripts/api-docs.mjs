// The library's API reference (docs/api/), generated from the doc comments of its entry points by
// TypeDoc and typedoc-plugin-markdown: `npm run docs` writes it; `node scripts/api-docs.mjs --check`
// (run by .ci/run) fails when the checked-in copy is not what the sources generate.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application } from 'typedoc';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = join(root, 'docs/api');
const check = process.argv.includes('--check');
const out = check ? mkdtempSync(join(tmpdir(), 'api-docs-')) : target;

const app = await Application.bootstrapWithPlugins({
  entryPoints: ['src/lib/index.ts', 'src/lib/tokenizer.ts', 'src/lib/catalog.ts'],
  tsconfig: join(root, 'tsconfig.types.json'),
  plugin: ['typedoc-plugin-markdown'],
  out,
  readme: 'none',
  name: 'context-accountant',
  // No version, date or source links in the pages: the same sources always make the same files.
  includeVersion: false,
  disableSources: true,
  excludePrivate: true,
  excludeInternal: true,
  hideGenerator: true,
  entryFileName: 'README',
  router: 'module',
  hidePageHeader: true,
  hideBreadcrumbs: true,
  logLevel: 'Warn',
  treatWarningsAsErrors: true,
});
app.options.setValue('basePath', root);
if (!check) rmSync(target, { recursive: true, force: true });
const project = await app.convert();
if (!project) throw new Error('api docs: TypeDoc could not read the entry points');
await app.generateOutputs(project);

if (check) {
  const files = (dir) => readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.md')).sort();
  const want = files(out);
  const have = files(target);
  const stale = [...new Set([...want, ...have])].filter((file) => {
    try {
      return readFileSync(join(out, file), 'utf8') !== readFileSync(join(target, file), 'utf8');
    } catch {
      return true;
    }
  });
  rmSync(out, { recursive: true, force: true });
  if (stale.length > 0) {
    console.error(`api docs: ${stale.map((f) => relative(root, join(target, f))).join(', ')} not as the doc comments make them; run npm run docs`);
    process.exit(1);
  }
  console.log(`api docs: docs/api/ is current (${want.length} files)`);
}
