// `node scripts/catalog-limits.mjs LITELLM_JSON SOURCE_NOTE DATE`: refreshes the "litellm" group of
// src/core/catalogOverrides.json, the output limits (and some windows) that genai-prices does not
// give, from a copy of LiteLLM's model_prices_and_context_window.json. Each LiteLLM key is resolved
// by genai-prices' own rules (provider by its model rule, then the model's match rule); per entry
// the key equal to its id is used, else the shortest key that resolves to it. A window is taken
// where genai-prices has none, or where genai-prices' window is LiteLLM's input limit plus its
// output limit (a total: gpt-5's 400,000 is 272,000 of prompt and 128,000 of output).
// Run `npx tsc -p tsconfig.build.json` first: it reads the catalog through dist/.
import { readFileSync, writeFileSync } from 'node:fs';
import { matchesRule, dashedDate } from '../dist/core/catalogSource.js';

const [file, note, date] = process.argv.slice(2);
if (!file || !note || !/^\d{4}-\d{2}-\d{2}$/.test(date ?? '')) {
  console.error('usage: node scripts/catalog-limits.mjs LITELLM_JSON "where the copy came from" YYYY-MM-DD');
  process.exit(2);
}
const litellm = JSON.parse(readFileSync(file, 'utf8'));
const catalog = JSON.parse(readFileSync(new URL('../src/core/catalog.generated.json', import.meta.url), 'utf8'));
const overridesUrl = new URL('../src/core/catalogOverrides.json', import.meta.url);
const overrides = JSON.parse(readFileSync(overridesUrl, 'utf8'));
const FIRST_PARTY = ['openai', 'anthropic', 'google', 'x-ai', 'deepseek', 'mistral'];

function resolve(key) {
  const id = key.toLowerCase().trim();
  const provider = catalog.providers.find((p) => p.model_match && matchesRule(p.model_match, id));
  if (!provider || !FIRST_PARTY.includes(provider.id)) return undefined;
  const model = provider.models.find((m) => matchesRule(m.match, id)) ?? provider.models.find((m) => matchesRule(m.match, dashedDate(id)));
  return model && { provider, model };
}

const chosen = new Map();
for (const [key, value] of Object.entries(litellm)) {
  if (typeof value !== 'object' || value === null || value.mode !== 'chat' || key.includes('/')) continue;
  const found = resolve(key);
  if (!found) continue;
  const entryKey = `${found.provider.id}/${found.model.id}`;
  const previous = chosen.get(entryKey);
  const better = !previous || key === found.model.id || (previous.key !== found.model.id && key.length < previous.key.length);
  if (better) chosen.set(entryKey, { key, value, model: found.model });
}

const models = {};
for (const [entryKey, { key, value, model }] of [...chosen].sort(([a], [b]) => a.localeCompare(b))) {
  const limits = {};
  const input = value.max_input_tokens;
  const output = value.max_output_tokens;
  if (Number.isInteger(output) && output > 0) limits.maxOutputTokens = output;
  if (Number.isInteger(input) && input > 0) {
    const window = model.context_window;
    if (window === undefined || (Number.isInteger(output) && input + output === window && input !== window)) limits.contextWindow = input;
  }
  if (Object.keys(limits).length > 0) models[entryKey] = { ...limits, ...(key !== model.id && { from: key }) };
}
overrides.limits = overrides.limits.filter((group) => group.id !== 'litellm');
overrides.limits.push({ id: 'litellm', source: note, asOf: date, models });
writeFileSync(overridesUrl, `${JSON.stringify(overrides, null, 2)}\n`);
console.log(`src/core/catalogOverrides.json: limits of ${Object.keys(models).length} entries from ${file}`);
