import {
  DEFAULT_MODEL_ID,
  requireModel,
  UnknownModelError,
  UnknownWindowError,
  setPriceTable,
  type ModelEntry,
  type ModelOverrides,
  type PriceTable,
} from '../core/catalog.js';
import { FORMAT_RULES, type FormatRule } from '../core/chatFormat.js';
import { formatRuleForModel } from '../core/chatTemplates.js';
import { InputError } from '../core/errors.js';
import { sanitizeLine } from '../core/sanitize.js';

/** The flags every accounting command shares, as commander hands them over (strings). */
export interface ModelFlags {
  readonly model?: string;
  readonly limit?: string;
  readonly priceIn?: string;
  readonly priceOut?: string;
  readonly overhead?: string;
  /** A newer price table in the source's own format, used in place of the bundled one. */
  readonly prices?: string;
}

export interface ModelChoice {
  readonly model: ModelEntry;
  readonly rule: FormatRule;
}

export function parseNonNegative(flag: string, value: string | undefined, { integer = false } = {}): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  const number = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(number) || number < 0 || (integer && !Number.isInteger(number))) {
    const kind = integer ? 'a whole number of tokens' : 'a number of US dollars per 1M tokens';
    throw new InputError(`${flag} must be ${kind} (0 or more), got "${value}"`);
  }
  return number;
}

/** Async only for `--prices`: the price file's reader (zod) is loaded when a command is given one, never at start-up. */
/** `--limit`, `--price-in`, `--price-out` as typed (bad values are one line, exit 2); only those given are set. */
export function parseModelOverrides(flags: Pick<ModelFlags, 'limit' | 'priceIn' | 'priceOut'>): ModelOverrides {
  const limit = parseNonNegative('--limit', flags.limit, { integer: true });
  if (limit === 0) throw new InputError('--limit must be a whole number of tokens (1 or more), got "0"');
  const priceIn = parseNonNegative('--price-in', flags.priceIn);
  const priceOut = parseNonNegative('--price-out', flags.priceOut);
  return {
    ...(limit !== undefined && { limit }),
    ...(priceIn !== undefined && { priceIn }),
    ...(priceOut !== undefined && { priceOut }),
  };
}

export async function resolveModel(flags: ModelFlags): Promise<ModelChoice> {
  const overrides = parseModelOverrides(flags);
  const forced = parseOverhead(flags.overhead);
  if (flags.prices !== undefined) await loadPriceFile(flags.prices);
  try {
    const model = requireModel(flags.model ?? DEFAULT_MODEL_ID, overrides);
    const note = resolutionNote(model);
    if (note) process.stderr.write(`context-accountant: ${note}\n`);
    return { model, rule: forced ?? formatRuleForModel(model) };
  } catch (error) {
    if (error instanceof UnknownModelError || error instanceof UnknownWindowError) throw new InputError(error.message);
    throw error;
  }
}

/** Reads a newer price table (--prices FILE) and prices everything from it from here on. */
export async function loadPriceFile(path: string): Promise<PriceTable> {
  const { readPriceFile } = await import('../io/priceFile.js');
  const table = readPriceFile(path);
  setPriceTable(table);
  return table;
}

/**
 * One line saying which entry a model id resolved to, when it is not the entry's own id (a dated
 * id, an alias): printed on stderr, so that --json output stays the report alone.
 */
export function resolutionNote(model: ModelEntry): string | undefined {
  if (model.requestedId === undefined || model.requestedId.toLowerCase() === model.id.toLowerCase()) return undefined;
  return `model "${sanitizeLine(model.requestedId)}" is priced as ${model.provider ?? "the catalog's"} "${model.id}"${model.name ? ` (${sanitizeLine(model.name)})` : ''}, by ${model.source.split(' (')[0]}'s match rules`;
}

/**
 * --overhead as given; without it, the rule of the model asked for (formatRuleForModel: an open-weight
 * family's chat template, gpt-3.5-turbo-0301's own rule, else the cookbook's).
 */
function parseOverhead(value: string | undefined): FormatRule | undefined {
  if (value === undefined) return undefined;
  if (value === 'cookbook') return FORMAT_RULES.cookbook;
  if (value === '0301') return FORMAT_RULES['0301'];
  if (value === '4' || value === 'lesson') return FORMAT_RULES.lesson;
  throw new InputError(
    `--overhead must be "cookbook" (the API's rule), "0301" (gpt-3.5-turbo-0301's) or "4" (the lesson script's), got "${value}"`,
  );
}
