import generated from './catalog.generated.json' with { type: 'json' };
import overridesData from './catalogOverrides.json' with { type: 'json' };
import {
  dashedDate,
  matchesRule,
  pricesAt,
  spanSeconds,
  type DatedPrices,
  type MatchLogic,
  type PriceValue,
  type SourceModel,
  type SourceProvider,
  type TokenPrices,
} from './catalogSource.js';
import type { OpenWeightFamily, TokenizerName } from './openWeight.js';

/**
 * A provider whose cache is written and read explicitly (Anthropic): written tokens cost
 * `writeMultiplier` x input, read tokens `readMultiplier` x input. Models without this field but
 * with a cached price follow OpenAI's automatic rule (see callPricing.ts).
 */
export interface WriteReadCacheRule {
  readonly style: 'write-read';
  readonly minTokens: number;
  readonly writeMultiplier: number;
  readonly readMultiplier: number;
  readonly source: string;
}

/** A higher list price for a whole call whose input is above `aboveInputTokens`. */
export interface PriceTier {
  readonly aboveInputTokens: number;
  readonly inputPerMillion: number;
  readonly outputPerMillion: number;
  /** The tier's own cache prices, where the source gives them (Anthropic, Gemini). */
  readonly cachedInputPerMillion?: number;
  readonly cacheWritePerMillion?: number;
  readonly cacheWrite1hPerMillion?: number;
}

/** Where an entry's two limits came from. */
export interface LimitSources {
  readonly contextWindow: string;
  readonly maxOutputTokens: string;
}

/** One model's limits and list prices (USD per 1M tokens), with where they came from. */
export interface ModelEntry {
  /** The source's id for the entry (genai-prices'), e.g. "gpt-4o" for "gpt-4o-2024-08-06". */
  readonly id: string;
  readonly encoding: TokenizerName;
  readonly contextWindow: number;
  readonly maxOutputTokens: number;
  readonly inputPerMillion: number;
  readonly outputPerMillion: number;
  /** Input read from the cache. */
  readonly cachedInputPerMillion?: number;
  readonly promptCache?: WriteReadCacheRule;
  readonly priceTiers?: readonly PriceTier[];
  /** Set where our counts only stand in for the provider's own tokenizer: says why. */
  readonly countsApproximate?: string;
  readonly source: string;
  readonly asOf: string;
  // Added with the maintained source (issue 18); all optional, so hand-made entries still type.
  /** The provider whose table the entry is from ("openai", "anthropic", "openrouter"...). */
  readonly provider?: string;
  readonly name?: string;
  /** What the user asked for, when the source's rules resolved it to this entry's id. */
  readonly requestedId?: string;
  /** True where tokens (and so prices) are estimates: the provider's tokenizer is not ours. */
  readonly estimate?: boolean;
  /** Input written to the cache, kept 5 minutes (Anthropic's default). */
  readonly cacheWritePerMillion?: number;
  /** Input written to the cache for 1 hour, where its price differs from the 5-minute one. */
  readonly cacheWrite1hPerMillion?: number;
  readonly limitSources?: LimitSources;
  /** Where `priceTiers` came from, when not from the price source (a checked-in override). */
  readonly tierSource?: string;
  /** The day the prices are those of, when asked for a day (a replayed log); else today's list. */
  readonly pricedOn?: string;
  /** The source has more than one price for the model over time (or by time of day). */
  readonly priceHistory?: readonly PricePeriod[];
  /** The provider's batch price (OpenAI Batch API, Anthropic Message Batches), where the catalog has it. */
  readonly batchPrice?: BatchPrice;
}

/** A batch request bills every token price of the call times `multiplier` (a checked-in override, with its source and date). */
export interface BatchPrice {
  readonly multiplier: number;
  readonly source: string;
  readonly asOf: string;
}

/** One price period of an entry, from the source's dated (or time-of-day) prices. */
export interface PricePeriod {
  readonly from?: string;
  readonly timeOfDay?: string;
  readonly inputPerMillion: number;
  readonly outputPerMillion: number;
  readonly priceTiers?: readonly PriceTier[];
}

export interface ModelOverrides {
  readonly limit?: number;
  readonly priceIn?: number;
  readonly priceOut?: number;
}

/** One model of the table as listed: its limits may be missing where no source has them. */
export interface CatalogModel extends Omit<ModelEntry, 'contextWindow' | 'maxOutputTokens'> {
  readonly provider: string;
  readonly contextWindow: number | null;
  readonly maxOutputTokens: number | null;
}

/** A price table: the source's providers and which package (and version) they are from. */
export interface PriceTable {
  readonly source: string;
  readonly version: string;
  readonly asOf: string;
  readonly providers: readonly SourceProvider[];
}

export const DEFAULT_MODEL_ID = 'gpt-4';

interface LimitGroup {
  readonly id: string;
  readonly source: string;
  readonly asOf: string;
  readonly models: Readonly<Record<string, { readonly contextWindow?: number; readonly maxOutputTokens?: number; readonly from?: string }>>;
}
interface EncodingRule {
  readonly providers: readonly string[];
  readonly match: MatchLogic;
  readonly encoding: TokenizerName;
}
const overrides = overridesData as unknown as {
  readonly encodings: {
    readonly source: string;
    readonly asOf: string;
    readonly rules: readonly EncodingRule[];
    readonly standIn: { readonly encoding: TokenizerName; readonly why: string };
    readonly why: Readonly<Record<string, string>>;
  };
  /** Which model ids an open-weight family's own tokenizer counts (exactly, so no estimate). */
  readonly families: { readonly source: string; readonly asOf: string; readonly rules: readonly { readonly match: MatchLogic; readonly family: OpenWeightFamily }[] };
  readonly promptCache: { readonly minTokens: number; readonly source: string };
  readonly limits: readonly LimitGroup[];
  /** Price tiers no source has, each group with its source and date (applied where the source has none). */
  readonly priceTiers: readonly { readonly id: string; readonly source: string; readonly asOf: string; readonly models: Readonly<Record<string, readonly PriceTier[]>> }[];
  /** Batch prices no source has: a provider's discount on the models its batch API takes. */
  readonly batch: readonly { readonly id: string; readonly source: string; readonly asOf: string; readonly scope: string; readonly providers: readonly string[]; readonly match: MatchLogic; readonly multiplier: number }[];
  readonly featured: readonly string[];
};

const BUNDLED: PriceTable = generated as unknown as PriceTable;
let active: PriceTable = BUNDLED;
let entries: readonly CatalogModel[] | undefined;
/** Entries built so far, by "provider/id": a session that uses one model builds one. */
const built = new Map<string, CatalogModel>();
let featured: readonly ModelEntry[] | undefined;

/** The table in use: the bundled one, or the one `setPriceTable` put in its place. */
export function priceTable(): PriceTable {
  return active;
}

export function bundledPriceTable(): PriceTable {
  return BUNDLED;
}

/** Prices from here on come from `table` (a newer copy of the source given with --prices). */
export function setPriceTable(table: PriceTable): void {
  active = table;
  entries = undefined;
  featured = undefined;
  built.clear();
}

/** The date of the table in use: what "as of" means for every entry of it. */
export function catalogAsOf(): string {
  return active.asOf;
}

/** Every model of the table in use, in the source's order (built on first use). */
export function catalogModels(): readonly CatalogModel[] {
  entries ??= active.providers.flatMap((provider) => provider.models.map((model) => entryFor(provider, model)));
  return entries;
}

function entryFor(provider: SourceProvider, model: SourceModel): CatalogModel {
  const key = `${provider.id}/${model.id}`;
  let entry = built.get(key);
  if (!entry) built.set(key, (entry = catalogEntry(active, provider, model)));
  return entry;
}

export function buildEntries(table: PriceTable, at?: Date): CatalogModel[] {
  return table.providers.flatMap((provider) => provider.models.map((model) => catalogEntry(table, provider, model, at)));
}

/** The short list the dashboard's model picker offers (every model is still reachable by --model). */
export function featuredModels(): readonly ModelEntry[] {
  featured ??= overrides.featured.flatMap((key) => {
    const [providerId, id] = splitKey(key);
    const provider = active.providers.find((candidate) => candidate.id === providerId);
    const model = provider?.models.find((candidate) => candidate.id === id);
    const found = provider && model && entryFor(provider, model);
    return found && found.contextWindow !== null ? [usable(found)] : [];
  });
  return featured;
}

export class UnknownModelError extends Error {
  constructor(readonly modelId: string, readonly nearest: readonly string[]) {
    super(`unknown model "${modelId}"; nearest known: ${nearest.join(', ')} (see: context-accountant models)`);
    this.name = 'UnknownModelError';
  }
}

/** A model the table has, but whose context window no source gives: --limit must. */
export class UnknownWindowError extends Error {
  constructor(readonly modelId: string) {
    super(`the context window of "${modelId}" is in no source (see: context-accountant models); give it with --limit TOKENS`);
    this.name = 'UnknownWindowError';
  }
}

/**
 * The entry a model id resolves to, by the source's own rules: `provider:model` names the provider;
 * otherwise the first provider whose model rule matches; then the first of its models whose match
 * rule does (a `-YYYYMMDD` date tried again as `-YYYY-MM-DD`), then its fallback providers. An id
 * no rule claims is looked for among every provider's ids as they are.
 */
export function resolveCatalogModel(requested: string): CatalogModel | undefined {
  const table = active;
  const wanted = requested.toLowerCase().trim();
  const colon = wanted.indexOf(':');
  const named = colon > 0 ? table.providers.find((provider) => provider.id === wanted.slice(0, colon)) : undefined;
  const id = named ? wanted.slice(colon + 1) : wanted;
  const provider = named ?? table.providers.find((candidate) => candidate.model_match && matchesRule(candidate.model_match, id));
  const found = provider ? matchIn(table, provider, id) ?? matchIn(table, provider, dashedDate(id)) : exactIn(table, id);
  if (!found) return undefined;
  const entry = entryFor(found.provider, found.model);
  return entry.id === requested ? entry : { ...entry, requestedId: requested };
}

function matchIn(table: PriceTable, provider: SourceProvider, id: string): { provider: SourceProvider; model: SourceModel } | undefined {
  const model = provider.models.find((candidate) => matchesRule(candidate.match, id));
  if (model) return { provider, model };
  for (const fallbackId of provider.fallback_model_providers ?? []) {
    const fallback = table.providers.find((candidate) => candidate.id === fallbackId);
    const inner = fallback && fallback.models.find((candidate) => matchesRule(candidate.match, id));
    if (fallback && inner) return { provider: fallback, model: inner };
  }
  return undefined;
}

function exactIn(table: PriceTable, id: string): { provider: SourceProvider; model: SourceModel } | undefined {
  for (const provider of table.providers) {
    const model = provider.models.find((candidate) => candidate.id.toLowerCase() === id) ?? provider.models.find((candidate) => matchesRule(candidate.match, id));
    if (model) return { provider, model };
  }
  return undefined;
}

/** The entry for an id, by the source's match rules; undefined when none claims it. */
export function findModel(id: string): ModelEntry | undefined {
  const found = resolveCatalogModel(id);
  return found && found.contextWindow !== null ? usable(found) : undefined;
}

/** Looks a model up; an unknown id is an error naming the closest ids, never a silent default. */
export function requireModel(id: string, modelOverrides: ModelOverrides = {}, { at }: { at?: Date } = {}): ModelEntry {
  const found = resolveCatalogModel(id);
  if (!found) throw new UnknownModelError(id, nearestModelIds(id));
  const dated = at ? modelOn(found, at) : found;
  const contextWindow = modelOverrides.limit ?? dated.contextWindow;
  if (contextWindow === null) throw new UnknownWindowError(id);
  const model = usable({ ...dated, contextWindow });
  return {
    ...model,
    ...(modelOverrides.limit !== undefined && { contextWindow: modelOverrides.limit }),
    inputPerMillion: modelOverrides.priceIn ?? model.inputPerMillion,
    outputPerMillion: modelOverrides.priceOut ?? model.outputPerMillion,
  };
}

/**
 * The same entry priced at the rate in force on `at` (a call's date in a replayed log), where the
 * source has dated prices; otherwise the entry as it is, marked with the day asked for.
 */
export function modelOn<T extends ModelEntry | CatalogModel>(model: T, at: Date): T {
  const source = sourceOf(model);
  if (!source || !Array.isArray(source.model.prices)) return { ...model, pricedOn: at.toISOString().slice(0, 10) };
  const { cachedInputPerMillion, cacheWritePerMillion, cacheWrite1hPerMillion, promptCache, priceTiers, ...rest } = model;
  void [cachedInputPerMillion, cacheWritePerMillion, cacheWrite1hPerMillion, promptCache, priceTiers];
  const fields = withTierOverride(`${source.provider.id}/${source.model.id}`, pricedFields(pricesAt(source.model.prices, at)));
  return { ...rest, ...fields, pricedOn: at.toISOString().slice(0, 10) } as T;
}

function sourceOf(model: { readonly provider?: string; readonly id: string }): { provider: SourceProvider; model: SourceModel } | undefined {
  const provider = active.providers.find((candidate) => candidate.id === (model.provider ?? 'openai'));
  const found = provider?.models.find((candidate) => candidate.id === model.id);
  return provider && found ? { provider, model: found } : undefined;
}

/** A listed model made usable by the accounting: its window known, its output limit bounded by it. */
function usable(model: CatalogModel): ModelEntry {
  if (model.contextWindow === null) throw new UnknownWindowError(model.id);
  return { ...model, contextWindow: model.contextWindow, maxOutputTokens: model.maxOutputTokens ?? model.contextWindow };
}

/** The ids closest to `id` by edit distance, across every provider (dated ids count their base). */
export function nearestModelIds(id: string, count = 3): string[] {
  const wanted = id.toLowerCase();
  const ids = new Set(active.providers.flatMap((provider) => provider.models.map((model) => model.id)));
  return [...ids]
    .map((known) => ({ id: known, distance: editDistance(wanted, known.toLowerCase()) }))
    .sort((a, b) => a.distance - b.distance || a.id.localeCompare(b.id))
    .slice(0, count)
    .map((entry) => entry.id);
}

function catalogEntry(table: PriceTable, provider: SourceProvider, model: SourceModel, at?: Date): CatalogModel {
  const key = `${provider.id}/${model.id}`;
  const { encoding, why } = encodingOf(provider.id, model.id);
  const limits = limitsOf(table, key, model);
  const prices = Array.isArray(model.prices) ? pricesAt(model.prices, at ?? new Date()) : (model.prices as TokenPrices);
  const listed = Array.isArray(model.prices) && !at ? listPrices(model.prices as readonly DatedPrices[]) : prices;
  const history = Array.isArray(model.prices) ? historyOf(model.prices as readonly DatedPrices[]) : undefined;
  return {
    id: model.id,
    provider: provider.id,
    ...(model.name !== undefined && { name: model.name }),
    encoding,
    contextWindow: limits.contextWindow,
    maxOutputTokens: limits.maxOutputTokens,
    ...withTierOverride(key, pricedFields(listed)),
    ...(why !== undefined && { countsApproximate: why, estimate: true }),
    source: `${table.source} ${table.version} (provider "${provider.id}", model "${model.id}")`,
    asOf: table.asOf,
    limitSources: limits.sources,
    ...(history && { priceHistory: history }),
    ...batchPriceOf(provider.id, model.id),
  };
}

/** The checked-in batch discount of a provider's model (catalogOverrides.json `batch`), where it has one. */
function batchPriceOf(provider: string, id: string): { batchPrice?: BatchPrice } {
  const group = overrides.batch.find((candidate) => candidate.providers.includes(provider) && matchesRule(candidate.match, id.toLowerCase()));
  return group ? { batchPrice: { multiplier: group.multiplier, source: group.source, asOf: group.asOf } } : {};
}

/** The price fields of an entry from one set of the source's prices. */
function pricedFields(prices: TokenPrices): Pick<
  ModelEntry,
  'inputPerMillion' | 'outputPerMillion' | 'cachedInputPerMillion' | 'cacheWritePerMillion' | 'cacheWrite1hPerMillion' | 'promptCache' | 'priceTiers'
> {
  const input = baseOf(prices.input_mtok) ?? 0;
  const read = baseOf(prices.cache_read_mtok);
  const write = baseOf(prices.cache_write_mtok);
  const write1h = baseOf(prices.cache_write_1h_mtok);
  const tiers = tiersOf(prices);
  return {
    inputPerMillion: input,
    outputPerMillion: baseOf(prices.output_mtok) ?? 0,
    ...(read !== undefined && { cachedInputPerMillion: read }),
    ...(write !== undefined && { cacheWritePerMillion: write }),
    ...(write1h !== undefined && write1h !== write && { cacheWrite1hPerMillion: write1h }),
    ...(write !== undefined &&
      input > 0 && {
        promptCache: {
          style: 'write-read' as const,
          minTokens: overrides.promptCache.minTokens,
          // Ratios for the engine's write-read rule, rid of float noise (0.3 / 3 is 0.09999999999999999).
          writeMultiplier: Number((write / input).toFixed(12)),
          readMultiplier: Number(((read ?? input) / input).toFixed(12)),
          source: overrides.promptCache.source,
        },
      }),
    ...(tiers.length > 0 && { priceTiers: tiers }),
  };
}

/** The checked-in tiers of a model the source gives none (catalogOverrides.json `priceTiers`), with where they came from. */
function withTierOverride<F extends { readonly priceTiers?: readonly PriceTier[] }>(key: string, fields: F): F & { readonly tierSource?: string } {
  if (fields.priceTiers) return fields;
  const group = overrides.priceTiers.find((candidate) => candidate.models[key]);
  return group ? { ...fields, priceTiers: group.models[key]!, tierSource: `${group.source}, ${group.asOf}` } : fields;
}

function baseOf(value: PriceValue | undefined): number | undefined {
  return value === undefined ? undefined : typeof value === 'number' ? value : value.base;
}

function priceAbove(value: PriceValue | undefined, inputTokens: number): number | undefined {
  if (value === undefined || typeof value === 'number') return value;
  let price = value.base;
  for (const tier of value.tiers) if (inputTokens > tier.start) price = tier.price;
  return price;
}

/** The source tiers each price on its own; a tier here is every price at one threshold. */
function tiersOf(prices: TokenPrices): PriceTier[] {
  const starts = new Set<number>();
  for (const value of Object.values(prices)) if (value !== undefined && typeof value !== 'number') for (const tier of value.tiers) starts.add(tier.start);
  return [...starts]
    .sort((a, b) => a - b)
    .map((start) => {
      const above = start + 1;
      const read = priceAbove(prices.cache_read_mtok, above);
      const write = priceAbove(prices.cache_write_mtok, above);
      const write1h = priceAbove(prices.cache_write_1h_mtok, above);
      return {
        aboveInputTokens: start,
        inputPerMillion: priceAbove(prices.input_mtok, above) ?? 0,
        outputPerMillion: priceAbove(prices.output_mtok, above) ?? 0,
        ...(read !== undefined && { cachedInputPerMillion: read }),
        ...(write !== undefined && { cacheWritePerMillion: write }),
        ...(write1h !== undefined && write1h !== write && { cacheWrite1hPerMillion: write1h }),
      };
    });
}

/**
 * Without a date, an entry lists today's prices; where the source prices by time of day, the
 * prices of the longest part of the day (the standard rate, not an off-peak discount).
 */
function listPrices(prices: readonly DatedPrices[]): TokenPrices {
  const byTime = prices.filter((entry) => entry.constraint?.type === 'time_of_date');
  if (byTime.length === 0) return pricesAt(prices, new Date());
  let best = prices.find((entry) => entry.constraint === undefined) ?? prices[0]!;
  let bestSpan = 86_400 - byTime.reduce((sum, entry) => sum + spanSeconds(entry.constraint as Extract<typeof entry.constraint, { type: 'time_of_date' }>), 0);
  for (const entry of byTime) {
    const span = spanSeconds(entry.constraint as Extract<typeof entry.constraint, { type: 'time_of_date' }>);
    if (span > bestSpan) [best, bestSpan] = [entry, span];
  }
  return best.prices;
}

function historyOf(prices: readonly DatedPrices[]): PricePeriod[] {
  return prices.map((entry) => {
    const tiers = tiersOf(entry.prices);
    return {
      ...(entry.constraint?.type === 'start_date' && { from: entry.constraint.start_date }),
      ...(entry.constraint?.type === 'time_of_date' && { timeOfDay: `${entry.constraint.start_time}-${entry.constraint.end_time}` }),
      inputPerMillion: baseOf(entry.prices.input_mtok) ?? 0,
      outputPerMillion: baseOf(entry.prices.output_mtok) ?? 0,
      ...(tiers.length > 0 && { priceTiers: tiers }),
    };
  });
}

function encodingOf(provider: string, id: string): { encoding: TokenizerName; why?: string } {
  const lower = id.toLowerCase();
  const rule = overrides.encodings.rules.find((candidate) => candidate.providers.includes(provider) && matchesRule(candidate.match, lower));
  if (rule) return { encoding: rule.encoding };
  const family = overrides.families.rules.find((candidate) => matchesRule(candidate.match, lower));
  if (family) return { encoding: family.family };
  const vendor = lower.includes('claude') ? 'anthropic' : lower.includes('gemini') ? 'google' : undefined;
  return { encoding: overrides.encodings.standIn.encoding, why: (vendor && overrides.encodings.why[vendor]) ?? overrides.encodings.standIn.why };
}

function limitsOf(table: PriceTable, key: string, model: SourceModel): { contextWindow: number | null; maxOutputTokens: number | null; sources: LimitSources } {
  const sourceName = `${table.source} ${table.version}`;
  let contextWindow: number | null = null;
  let maxOutputTokens: number | null = null;
  let windowFrom = 'in no source';
  let outputFrom = 'in no source (the accounting bounds it by the context window)';
  for (const group of overrides.limits) {
    const limits = group.models[key];
    if (!limits) continue;
    const where = `${group.source}${limits.from ? ` (its "${limits.from}")` : ''}, ${group.asOf}`;
    if (contextWindow === null && limits.contextWindow !== undefined) [contextWindow, windowFrom] = [limits.contextWindow, where];
    if (maxOutputTokens === null && limits.maxOutputTokens !== undefined) [maxOutputTokens, outputFrom] = [limits.maxOutputTokens, where];
  }
  if (contextWindow === null && model.context_window !== undefined) [contextWindow, windowFrom] = [model.context_window, sourceName];
  return { contextWindow, maxOutputTokens, sources: { contextWindow: windowFrom, maxOutputTokens: outputFrom } };
}

function splitKey(key: string): [string, string] {
  const slash = key.indexOf('/');
  return [key.slice(0, slash), key.slice(slash + 1)];
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
