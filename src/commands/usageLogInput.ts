import { requireModel, UnknownModelError, UnknownWindowError, type ModelEntry } from '../core/catalog.js';
import { formatRuleForModel } from '../core/chatTemplates.js';
import { InputError } from '../core/errors.js';
import {
  catalogPricesOn,
  pricedLog,
  usageReport,
  type ExactCounter,
  type PricedLog,
  type UsageReport,
  type UsageReportInput,
  type UserPrices,
} from '../core/report/usageReport.js';
import { loadTokenizer } from '../core/tokenizerOnDemand.js';
import type { TokenizerName } from '../core/tokenizer.js';
import { readLimits, type InputFlags } from './inputOptions.js';
import { loadPriceFile, parseModelOverrides } from './modelOptions.js';

/** The flags that make `report` / `compare` read an agent or API log. */
export interface UsageLogFlags extends InputFlags {
  readonly format?: string;
  readonly reprice?: string;
  /** `--model`, heeded on a log only where the user typed it (commander fills in its default otherwise). */
  readonly model?: string;
  /** The user's prices and window, for every call of the log (`--price-in`, `--price-out`, `--limit`). */
  readonly priceIn?: string;
  readonly priceOut?: string;
  readonly limit?: string;
  /** A newer price table in place of the bundled one. */
  readonly prices?: string;
}

/** How the command line was given, beyond its flags' values. */
export interface UsageLogOptions {
  /** `--model` was typed (not commander's default): it prices the calls whose log names no model or one the catalog lacks. */
  readonly modelGiven?: boolean;
}

/** Whether `file` is to be read as an agent or API log: `--format` names one, or the content (a directory) says so. */
export async function isUsageLogInput(file: string, flags: UsageLogFlags): Promise<boolean> {
  const { isUsageLogPath, parseUsageLogFormat } = await import('../io/usageLogs/usageLogFile.js');
  if (flags.format !== undefined) return parseUsageLogFormat(flags.format) !== undefined;
  return isUsageLogPath(file, readLimits(flags));
}

/** `--reprice a,b` and `--models a,b`: catalog models, an unknown id refused naming the nearest. */
export function parseModelList(flag: string, value: string | undefined): ModelEntry[] {
  if (value === undefined) return [];
  const ids = value.split(',').map((id) => id.trim()).filter((id) => id !== '');
  if (ids.length === 0) throw new InputError(`${flag} takes model ids separated by commas, got "${value}"`);
  return ids.map((id) => catalogModel(flag, id));
}

/** A catalog model a flag names; an unknown id is refused naming the nearest. */
function catalogModel(flag: string, id: string): ModelEntry {
  try {
    return requireModel(id);
  } catch (error) {
    if (error instanceof UnknownModelError || error instanceof UnknownWindowError) throw new InputError(`${flag}: ${error.message}`);
    throw error;
  }
}

/** Reads the log(s) at `path` and builds the per-call report: our own counts where the tokenizer is exact. */
export async function usageLogReport(
  path: string,
  flags: UsageLogFlags,
  reprice: readonly ModelEntry[] = parseModelList('--reprice', flags.reprice),
  options: UsageLogOptions = {},
): Promise<UsageReport> {
  return usageReport(await usageLogInput(path, flags, reprice, options));
}

/**
 * The calls of the log(s) at `path`, each priced as `report` prices it (the same flags read the
 * same way: `--model`, the user's prices, `--prices`): what the dashboard replays, with the notes
 * that say whose prices they are.
 */
export async function usageLogCalls(path: string, flags: UsageLogFlags, options: UsageLogOptions = {}): Promise<PricedLog> {
  return pricedLog(await usageLogInput(path, flags, [], options));
}

/** The user's prices and window as typed (the flags read as for a conversation); undefined where none was given. */
function userPricesOf(flags: UsageLogFlags): UserPrices | undefined {
  const overrides = parseModelOverrides(flags);
  return Object.keys(overrides).length > 0 ? overrides : undefined;
}

/** The report's input, for the report and the replay alike: the logs read, the prices they are billed at, a counter for each encoding whose requests the logs hold. */
async function usageLogInput(path: string, flags: UsageLogFlags, reprice: readonly ModelEntry[], options: UsageLogOptions): Promise<UsageReportInput> {
  const userPrices = userPricesOf(flags);
  const table = flags.prices !== undefined ? await loadPriceFile(flags.prices) : undefined;
  // After the table: --model is looked up in the prices the calls are billed at.
  const fallbackModel = options.modelGiven && flags.model !== undefined ? catalogModel('--model', flags.model) : undefined;
  const { readUsageLogs, parseUsageLogFormat } = await import('../io/usageLogs/usageLogFile.js');
  const format = parseUsageLogFormat(flags.format);
  const { logs, warnings } = readUsageLogs(path, format ? { format } : {}, readLimits(flags));
  const encodings = new Set<TokenizerName>();
  for (const call of logs.flatMap((log) => log.calls)) {
    const entry = call.request ? (call.model ? catalogPricesOn(call.model, undefined) : undefined) ?? fallbackModel : undefined;
    if (entry) encodings.add(entry.encoding);
  }
  const counters = new Map<TokenizerName, (text: string) => number>();
  for (const encoding of encodings) counters.set(encoding, (await loadTokenizer(encoding)).count);
  const counterFor = (model: ModelEntry): ExactCounter | undefined => {
    const count = counters.get(model.encoding);
    return count && { count, rule: formatRuleForModel(model) };
  };
  return {
    logs,
    pricesOn: catalogPricesOn,
    counterFor,
    reprice,
    warnings,
    ...(fallbackModel && { fallbackModel }),
    ...(userPrices && { userPrices }),
    ...(table && { priceTable: { source: table.source, asOf: table.asOf } }),
  };
}
