// `npm run catalog`: writes src/core/catalog.generated.json from the pinned @pydantic/genai-prices
// (a devDependency; its bundled table is what `waitForUpdate()` resolves to before any update),
// cut down by compactProviders (src/core/catalogSource.ts, run from tsc's output in dist/) to the
// match rules, windows and per-token prices the catalog reads. One model per line, so that a
// refresh reads as a diff of figures.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { waitForUpdate } from '@pydantic/genai-prices';
import { compactProviders } from '../dist/core/catalogSource.js';

const packageName = '@pydantic/genai-prices';
const { version } = JSON.parse(readFileSync(new URL('../node_modules/@pydantic/genai-prices/package.json', import.meta.url), 'utf8'));
// The date the pinned version was published: the figures' "as of".
const published = JSON.parse(execFileSync('npm', ['view', `${packageName}@${version}`, 'time', '--json'], { encoding: 'utf8' }))[version];
if (typeof published !== 'string') throw new Error(`npm view gave no publication date for ${packageName}@${version}`);

const providers = compactProviders(await waitForUpdate());
const lines = [
  '{',
  `  "source": ${JSON.stringify(packageName)},`,
  `  "version": ${JSON.stringify(version)},`,
  `  "asOf": ${JSON.stringify(published.slice(0, 10))},`,
  '  "providers": [',
  providers
    .map((provider) => {
      const { models, ...head } = provider;
      const body = models.map((model) => `      ${JSON.stringify(model)}`).join(',\n');
      return `    ${JSON.stringify(head).slice(0, -1)}, "models": [\n${body}\n    ]}`;
    })
    .join(',\n'),
  '  ]',
  '}',
];
const target = new URL('../src/core/catalog.generated.json', import.meta.url);
writeFileSync(target, `${lines.join('\n')}\n`);
const count = providers.reduce((sum, provider) => sum + provider.models.length, 0);
console.log(`src/core/catalog.generated.json: ${count} models of ${providers.length} providers from ${packageName} ${version} (${published.slice(0, 10)})`);
