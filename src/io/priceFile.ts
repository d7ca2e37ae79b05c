import { statSync } from 'node:fs';
import { z } from 'zod';
import type { PriceTable } from '../core/catalog.js';
import { compactProviders, secondsOfDay, type MatchLogic, type RawProvider } from '../core/catalogSource.js';
import { parseJson, schemaError } from './loaderKit.js';
import { readTextFile } from './readText.js';

/**
 * A newer copy of the pinned source's table (genai-prices' data.json: an array of providers), as a
 * user downloads it. Checked here, at the boundary, for everything the catalog reads; fields it
 * does not read (descriptions, extractors, prices of images or searches) may be anything.
 */
const matchLogic: z.ZodType<MatchLogic> = z.lazy(() =>
  z.union([
    z.strictObject({ equals: z.string() }),
    z.strictObject({ starts_with: z.string() }),
    z.strictObject({ ends_with: z.string() }),
    z.strictObject({ contains: z.string() }),
    z.strictObject({ regex: z.string().refine(compiles, 'not a regular expression JavaScript can compile') }),
    z.strictObject({ or: z.array(matchLogic).min(1) }),
    z.strictObject({ and: z.array(matchLogic).min(1) }),
  ]),
);

const usd = z.number().finite().nonnegative();
const tieredPrice = z.object({
  base: usd,
  tiers: z.array(z.object({ start: z.number().int().nonnegative(), price: usd })),
});
const priceValue = z.union([usd, tieredPrice]);
const tokenPrices = z.object({
  input_mtok: priceValue.optional(),
  output_mtok: priceValue.optional(),
  cache_read_mtok: priceValue.optional(),
  cache_write_mtok: priceValue.optional(),
  cache_write_1h_mtok: priceValue.optional(),
});
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date must be written YYYY-MM-DD').refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'not a real date');
const timeOfDay = z.string().refine((value) => {
  try {
    secondsOfDay(value);
    return true;
  } catch {
    return false;
  }
}, 'a time of day must be written HH:MM:SS with Z or an offset, e.g. 16:30:00Z');
const constraint = z.union([
  z.strictObject({ start_date: day, type: z.literal('start_date').optional() }),
  z.strictObject({ start_time: timeOfDay, end_time: timeOfDay, type: z.literal('time_of_date').optional() }),
]);
const model = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  match: matchLogic,
  context_window: z.number().int().positive().optional(),
  prices: z.union([tokenPrices, z.array(z.object({ constraint: constraint.optional(), prices: tokenPrices })).min(1)]),
});
const provider = z.object({
  id: z.string().min(1),
  name: z.string(),
  model_match: matchLogic.optional(),
  fallback_model_providers: z.array(z.string()).optional(),
  models: z.array(model),
});
const priceFileSchema = z.array(provider).min(1, 'the table has no provider');

/**
 * Reads a price table in genai-prices' own format. A file that is not one is refused with one line
 * naming file:line:column and the JSON path (an InputError: exit 2).
 */
export function readPriceFile(path: string): PriceTable {
  const text = readTextFile(path);
  const data = parseJson(text, path);
  const parsed = priceFileSchema.safeParse(data);
  if (!parsed.success) throw schemaError({ file: path, text, data, label: (where) => ownerOf(data, where) }, parsed.error);
  return {
    source: `genai-prices table ${path}`,
    version: 'file',
    asOf: statSync(path).mtime.toISOString().slice(0, 10),
    providers: compactProviders(parsed.data as unknown as RawProvider[]),
  };
}

/** "provider openai, model gpt-4o": who a path belongs to, by the ids in the data. */
function ownerOf(data: unknown, path: readonly PropertyKey[]): string | undefined {
  if (!Array.isArray(data) || typeof path[0] !== 'number') return undefined;
  const providerData = data[path[0]] as { id?: unknown; models?: unknown[] } | undefined;
  const providerName = typeof providerData?.id === 'string' ? `provider ${JSON.stringify(providerData.id)}` : `provider ${path[0]}`;
  if (path[1] !== 'models' || typeof path[2] !== 'number') return providerName;
  const modelData = providerData?.models?.[path[2]] as { id?: unknown } | undefined;
  return `${providerName}, model ${typeof modelData?.id === 'string' ? JSON.stringify(modelData.id) : path[2]}`;
}

function compiles(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}
