import {
  buildEntries,
  bundledPriceTable,
  catalogModels,
  priceTable,
  resolveCatalogModel,
  type CatalogModel,
  type PriceTable,
} from '../core/catalog.js';
import { formatPricePerMillion, formatTokens } from '../core/format.js';
import { sanitizeLine } from '../core/sanitize.js';
import { InputError } from '../core/errors.js';
import type { Command } from 'commander';
import { printReport, withExample, type OutputFlags } from './commandKit.js';
import { loadPriceFile } from './modelOptions.js';
import { formatTable } from '../core/report/conversationReport.js';

export interface ModelsFlags extends OutputFlags {
  readonly provider?: string;
  readonly prices?: string;
}

/** Per-model detail lines (tiers, caveats) are printed when the list is at most this long. */
const DETAIL_LIMIT = 40;

/** The models matching a search word (in id or name) and a provider, in the table's order. */
export function modelsReport(word?: string, provider?: string): readonly CatalogModel[] {
  const all = catalogModels();
  if (provider !== undefined && !all.some((model) => model.provider === provider)) {
    const providers = [...new Set(all.map((model) => model.provider))].sort();
    throw new InputError(`--provider: no provider "${provider}" in the catalog; providers: ${providers.join(', ')}`);
  }
  const needle = word?.toLowerCase();
  const resolved = word === undefined ? undefined : resolveCatalogModel(word);
  return all.filter(
    (model) =>
      (provider === undefined || model.provider === provider) &&
      (needle === undefined ||
        model.id.toLowerCase().includes(needle) ||
        (model.name ?? '').toLowerCase().includes(needle) ||
        (resolved !== undefined && resolved.provider === model.provider && resolved.id === model.id)),
  );
}

export function formatModels(models: readonly CatalogModel[], word?: string): string {
  const resolved = word === undefined ? undefined : resolveCatalogModel(word);
  const head = resolved ? `"${sanitizeLine(word!)}" resolves to ${resolved.provider} ${resolved.id} (the source's match rules).\n\n` : '';
  if (models.length === 0) return `${head}No model matches.\n`;
  const groups = new Map<string, CatalogModel[]>();
  for (const model of models) groups.set(model.provider, [...(groups.get(model.provider) ?? []), model]);
  const tables = [...groups].map(([provider, group]) => `${provider} (${group.length} model${group.length === 1 ? '' : 's'})\n${modelTable(group)}`);
  const table = priceTable();
  const details = models.length <= DETAIL_LIMIT ? detailLines(models) : [];
  const notes =
    details.length > 0
      ? `\nNotes:\n${details.join('\n')}\n`
      : models.length > DETAIL_LIMIT
        ? `\nFor each model's price tiers, cache and limit sources: a search word or --provider (${DETAIL_LIMIT} models at most), or --json.\n`
        : '';
  return (
    `${head}${tables.join('\n\n')}\n\n` +
    `${models.length} model${models.length === 1 ? '' : 's'}. Prices in USD per 1M tokens, from ${table.source} ${table.version} (${table.asOf}); ` +
    `"write" is a 5-minute cache write (1-hour after the slash, where it differs). ` +
    `"estimate": counted with a stand-in tokenizer. "tiers": dearer above an input size. "dated": priced by the day of the call. "-": in no source.\n${notes}`
  );
}

function modelTable(models: readonly CatalogModel[]): string {
  const rows = models.map((m) => [
    m.id,
    m.estimate ? `${m.encoding} (estimate)` : m.encoding,
    m.contextWindow === null ? '-' : formatTokens(m.contextWindow),
    m.maxOutputTokens === null ? '-' : formatTokens(m.maxOutputTokens),
    formatPricePerMillion(m.inputPerMillion),
    formatPricePerMillion(m.outputPerMillion),
    m.cachedInputPerMillion === undefined ? '-' : formatPricePerMillion(m.cachedInputPerMillion),
    m.cacheWritePerMillion === undefined
      ? '-'
      : formatPricePerMillion(m.cacheWritePerMillion) + (m.cacheWrite1hPerMillion === undefined ? '' : ` / ${formatPricePerMillion(m.cacheWrite1hPerMillion)}`),
    [...(m.estimate ? ['estimate'] : []), ...(m.priceTiers ? ['tiers'] : []), ...(m.priceHistory ? ['dated'] : [])].join(', '),
  ]);
  return formatTable(
    ['model', 'encoding', 'context', 'output', 'input/1M', 'output/1M', 'cached/1M', 'write/1M', 'notes'],
    rows,
    [false, false, true, true, true, true, true, true, false],
  );
}

function detailLines(models: readonly CatalogModel[]): string[] {
  // An id several providers list is named with its provider.
  const counts = new Map<string, number>();
  for (const m of models) counts.set(m.id, (counts.get(m.id) ?? 0) + 1);
  const label = (m: CatalogModel) => (counts.get(m.id)! > 1 ? `${m.provider}:${m.id}` : m.id);
  // A caveat many models share (a stand-in tokenizer, Anthropic's cache rule) is said once, with their ids.
  const shared = new Map<string, string[]>();
  const share = (text: string, m: CatalogModel) => shared.set(text, [...(shared.get(text) ?? []), label(m)]);
  const own = models.flatMap((m) => {
    if (m.countsApproximate) share(`estimate: ${m.countsApproximate}`, m);
    if (m.promptCache) share(`--cache: write-read caching, minimum ${formatTokens(m.promptCache.minTokens)} tokens (${m.promptCache.source})`, m);
    const history = m.priceHistory ?? [];
    const byTime = history.some((period) => period.timeOfDay !== undefined);
    return [
      ...(m.priceTiers ?? []).map((tier) => `- ${label(m)}: a call above ${formatTokens(tier.aboveInputTokens)} input tokens is billed ${tierPrices(tier)} per 1M, all of it.`),
      ...history.map((period, i) => {
        const when = period.from
          ? `from ${period.from}`
          : period.timeOfDay
            ? `${period.timeOfDay}`
            : byTime
              ? 'the rest of the day'
              : `before ${history[i + 1]?.from ?? '-'}`;
        const tiers = (period.priceTiers ?? []).map((tier) => `, ${tierPrices(tier)} above ${formatTokens(tier.aboveInputTokens)}`).join('');
        return `- ${label(m)}: ${when}: ${tierPrices(period)}${tiers} per 1M.`;
      }),
      ...(m.limitSources ? [`- ${label(m)}: window ${m.limitSources.contextWindow}; output limit ${m.limitSources.maxOutputTokens}.`] : []),
    ];
  });
  return [...[...shared].map(([text, ids]) => `- ${ids.join(', ')}: ${text}.`), ...own];
}

function tierPrices(prices: { readonly inputPerMillion: number; readonly outputPerMillion: number }): string {
  return `${formatPricePerMillion(prices.inputPerMillion)} / ${formatPricePerMillion(prices.outputPerMillion)}`;
}

/** What a newer table changes against the bundled one: models added, gone, and changed figures. */
export interface PriceChanges {
  readonly from: { readonly source: string; readonly version: string; readonly asOf: string };
  readonly to: { readonly source: string; readonly asOf: string };
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly { readonly model: string; readonly changes: readonly FieldChange[] }[];
}

export interface FieldChange {
  readonly field: string;
  readonly from: number | null;
  readonly to: number | null;
}

const COMPARED = ['contextWindow', 'inputPerMillion', 'outputPerMillion', 'cachedInputPerMillion', 'cacheWritePerMillion', 'cacheWrite1hPerMillion'] as const;

export function priceChanges(before: PriceTable, after: PriceTable): PriceChanges {
  const at = new Date();
  const keyed = (table: PriceTable) => new Map(buildEntries(table, at).map((model) => [`${model.provider}/${model.id}`, model]));
  const old = keyed(before);
  const fresh = keyed(after);
  const changed = [...fresh].flatMap(([key, model]) => {
    const previous = old.get(key);
    if (!previous) return [];
    const changes: FieldChange[] = COMPARED.flatMap((field) => {
      const from = previous[field] ?? null;
      const to = model[field] ?? null;
      return from === to ? [] : [{ field, from, to }];
    });
    const tiers = (entry: CatalogModel) => JSON.stringify(entry.priceTiers ?? []);
    if (tiers(previous) !== tiers(model)) changes.push({ field: 'priceTiers', from: previous.priceTiers?.length ?? 0, to: model.priceTiers?.length ?? 0 });
    return changes.length > 0 ? [{ model: key, changes }] : [];
  });
  return {
    from: { source: before.source, version: before.version, asOf: before.asOf },
    to: { source: after.source, asOf: after.asOf },
    added: [...fresh.keys()].filter((key) => !old.has(key)),
    removed: [...old.keys()].filter((key) => !fresh.has(key)),
    changed,
  };
}

export function formatPriceChanges(report: PriceChanges): string {
  const list = (title: string, keys: readonly string[]) => (keys.length === 0 ? [] : [`${title} (${keys.length}):`, ...keys.map((key) => `  ${sanitizeLine(key)}`)]);
  const show = (value: number | null) => (value === null ? '-' : String(value));
  const lines = [
    `${sanitizeLine(report.to.source)} (${report.to.asOf}) against the bundled ${report.from.source} ${report.from.version} (${report.from.asOf}):`,
    ...list('added', report.added),
    ...list('removed', report.removed),
    ...(report.changed.length === 0
      ? []
      : [
          `changed (${report.changed.length}):`,
          ...report.changed.map(
            (entry) => `  ${sanitizeLine(entry.model)}: ${entry.changes.map((change) => `${change.field} ${show(change.from)} -> ${show(change.to)}`).join(', ')}`,
          ),
        ]),
  ];
  if (report.added.length + report.removed.length + report.changed.length === 0) lines.push('no change.');
  return `${lines.join('\n')}\n`;
}

export function registerModels(program: Command): void {
  withExample(
    program.command('models').argument('[word]', 'only models whose id or name holds this word (or that this id resolves to)'),
    'context-accountant models claude --provider anthropic',
    'context-accountant models gpt-4o-2024-08-06',
    'context-accountant models --prices data.json',
  )
    .description('the model catalog by provider: context windows, output limits and list prices, with sources')
    .option('--provider <id>', 'only this provider\'s models (e.g. openai, anthropic, google, openrouter)')
    .option('--prices <file>', 'a newer price table in genai-prices\' own format (its data.json): show what it changes')
    .option('--json', 'print the list (or, with --prices, the changes) as JSON')
    .action(async (word: string | undefined, flags: ModelsFlags) => {
      if (flags.prices !== undefined) {
        const table = await loadPriceFile(flags.prices);
        printReport(priceChanges(bundledPriceTable(), table), formatPriceChanges, flags);
        return;
      }
      printReport(modelsReport(word, flags.provider), (models) => formatModels(models, word), flags);
    });
}
