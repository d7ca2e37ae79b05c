/**
 * The price table in the shape of its source, @pydantic/genai-prices (its `Provider[]`, the format
 * of its data.json), cut down to what the catalog uses: match rules, context windows and the five
 * per-token prices. `npm run catalog` writes catalog.generated.json with `compactProviders`, and
 * `--prices FILE` runs a newer copy of the source's file through the same function, so both are
 * read by one set of rules.
 */

/** The source's match rules (genai-prices `MatchLogic`), compared case-insensitively. */
export type MatchLogic =
  | { readonly equals: string }
  | { readonly starts_with: string }
  | { readonly ends_with: string }
  | { readonly contains: string }
  | { readonly regex: string }
  | { readonly or: readonly MatchLogic[] }
  | { readonly and: readonly MatchLogic[] };

/** A price that rises with the call's whole input: `price` applies once input is above `start`. */
export interface TieredPrice {
  readonly base: number;
  readonly tiers: readonly { readonly start: number; readonly price: number }[];
}
export type PriceValue = number | TieredPrice;

/** The per-token prices the catalog reads, USD per 1M tokens, under the source's own key names. */
export const TOKEN_PRICE_KEYS = ['input_mtok', 'output_mtok', 'cache_read_mtok', 'cache_write_mtok', 'cache_write_1h_mtok'] as const;
export type TokenPriceKey = (typeof TOKEN_PRICE_KEYS)[number];
export type TokenPrices = { readonly [K in TokenPriceKey]?: PriceValue };

export type PriceConstraint =
  | { readonly type: 'start_date'; readonly start_date: string }
  | { readonly type: 'time_of_date'; readonly start_time: string; readonly end_time: string };

export interface DatedPrices {
  readonly constraint?: PriceConstraint;
  readonly prices: TokenPrices;
}

export interface SourceModel {
  readonly id: string;
  readonly name?: string;
  readonly match: MatchLogic;
  readonly context_window?: number;
  /** One set of prices, or several with the date (or time of day) from which each applies. */
  readonly prices: TokenPrices | readonly DatedPrices[];
}

export interface SourceProvider {
  readonly id: string;
  readonly name: string;
  readonly model_match?: MatchLogic;
  readonly fallback_model_providers?: readonly string[];
  readonly models: readonly SourceModel[];
}

/** The source file's shape as far as `compactProviders` reads it (validated at the boundary). */
export interface RawProvider {
  readonly id: string;
  readonly name: string;
  readonly model_match?: MatchLogic | undefined;
  readonly fallback_model_providers?: readonly string[] | undefined;
  readonly models: readonly RawModel[];
}
export interface RawModel {
  readonly id: string;
  readonly name?: string | undefined;
  readonly match: MatchLogic;
  readonly context_window?: number | undefined;
  readonly prices: Readonly<Record<string, unknown>> | readonly RawDatedPrices[];
}
export interface RawDatedPrices {
  readonly constraint?: { readonly type?: string | undefined; readonly start_date?: string | undefined; readonly start_time?: string | undefined; readonly end_time?: string | undefined } | undefined;
  readonly prices: Readonly<Record<string, unknown>>;
}

/**
 * Keeps what the catalog uses: per provider its id, name, model rule and fallbacks; per model its
 * id, name, rule, window and token prices. A model with no input or output price per token (image,
 * audio-only, per-request models) is left out: nothing here could price it.
 */
export function compactProviders(providers: readonly RawProvider[]): SourceProvider[] {
  return providers.map((provider) => ({
    id: provider.id,
    name: provider.name,
    ...(provider.model_match && { model_match: provider.model_match }),
    ...(provider.fallback_model_providers && { fallback_model_providers: provider.fallback_model_providers }),
    models: provider.models.flatMap((model) => {
      const prices = Array.isArray(model.prices)
        ? (model.prices as readonly RawDatedPrices[]).map(compactDated)
        : tokenPrices(model.prices as Readonly<Record<string, unknown>>);
      const sets = Array.isArray(prices) ? prices.map((dated) => dated.prices) : [prices as TokenPrices];
      if (!sets.some((set) => set.input_mtok !== undefined || set.output_mtok !== undefined)) return [];
      return [
        {
          id: model.id,
          ...(model.name !== undefined && { name: model.name }),
          match: model.match,
          ...(model.context_window !== undefined && { context_window: model.context_window }),
          prices,
        },
      ];
    }),
  }));
}

function compactDated(dated: RawDatedPrices): DatedPrices {
  const constraint = dated.constraint;
  const prices = tokenPrices(dated.prices);
  if (!constraint) return { prices };
  // The source's older files leave `type` out: the fields say which kind it is.
  if (constraint.start_date !== undefined) return { constraint: { type: 'start_date', start_date: constraint.start_date }, prices };
  return { constraint: { type: 'time_of_date', start_time: constraint.start_time ?? '', end_time: constraint.end_time ?? '' }, prices };
}

function tokenPrices(prices: Readonly<Record<string, unknown>>): TokenPrices {
  const kept: Partial<Record<TokenPriceKey, PriceValue>> = {};
  for (const key of TOKEN_PRICE_KEYS) {
    const value = prices[key];
    if (value !== undefined) kept[key] = value as PriceValue;
  }
  return kept;
}

/** Whether `id` (already lower-cased) satisfies a rule, as genai-prices decides it. */
export function matchesRule(rule: MatchLogic, id: string): boolean {
  if ('or' in rule) return rule.or.some((inner) => matchesRule(inner, id));
  if ('and' in rule) return rule.and.every((inner) => matchesRule(inner, id));
  if ('equals' in rule) return id === rule.equals.toLowerCase();
  if ('starts_with' in rule) return id.startsWith(rule.starts_with.toLowerCase());
  if ('ends_with' in rule) return id.endsWith(rule.ends_with.toLowerCase());
  if ('contains' in rule) return id.includes(rule.contains.toLowerCase());
  return regexOf(rule.regex).test(id);
}

const compiled = new Map<string, RegExp>();
function regexOf(source: string): RegExp {
  let regex = compiled.get(source);
  if (!regex) compiled.set(source, (regex = new RegExp(source)));
  return regex;
}

/** A dated id written `-YYYYMMDD` is tried again as `-YYYY-MM-DD`, the source's second chance. */
export function dashedDate(id: string): string {
  return id.replace(/(-)(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=-|:|$)/g, (whole, dash, year, month, day) => {
    const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
    const real = date.getUTCFullYear() === Number(year) && date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day);
    return real ? `${dash}${year}-${month}-${day}` : whole;
  });
}

/** Seconds after midnight UTC of a time like `16:30:00Z` or `08:00:00+08:00`. */
export function secondsOfDay(time: string): number {
  const parts = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|([+-])(\d{2}):(\d{2}))$/.exec(time);
  if (!parts) throw new Error(`invalid time of day: ${time}`);
  const [, hours, minutes, seconds, fraction = '', zone, sign, zoneHours = '00', zoneMinutes = '00'] = parts;
  const local = Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds) + Number(`0.${fraction}`);
  const offset = zone === 'Z' ? 0 : (sign === '+' ? 1 : -1) * (Number(zoneHours) * 60 + Number(zoneMinutes)) * 60;
  return (local - offset + 86_400) % 86_400;
}

/**
 * The prices in force at `at`, chosen as genai-prices chooses them: the last entry whose
 * constraint holds (a start date reached, a time of day inside its span), else the first.
 */
export function pricesAt(prices: SourceModel['prices'], at: Date): TokenPrices {
  if (!Array.isArray(prices)) return prices as TokenPrices;
  const dated = prices as readonly DatedPrices[];
  for (let i = dated.length - 1; i >= 0; i--) {
    const entry = dated[i]!;
    if (holds(entry.constraint, at)) return entry.prices;
  }
  return dated[0]!.prices;
}

function holds(constraint: PriceConstraint | undefined, at: Date): boolean {
  if (!constraint) return true;
  if (constraint.type === 'start_date') return at.getTime() >= Date.parse(`${constraint.start_date}T00:00:00Z`);
  const now = at.getUTCHours() * 3600 + at.getUTCMinutes() * 60 + at.getUTCSeconds() + at.getUTCMilliseconds() / 1000;
  const start = secondsOfDay(constraint.start_time);
  const end = secondsOfDay(constraint.end_time);
  return end < start ? now >= start || now < end : now >= start && now < end;
}

/** Seconds of the day a time-of-day price covers. */
export function spanSeconds(constraint: Extract<PriceConstraint, { type: 'time_of_date' }>): number {
  const start = secondsOfDay(constraint.start_time);
  const end = secondsOfDay(constraint.end_time);
  return end < start ? 86_400 - start + end : end - start;
}
