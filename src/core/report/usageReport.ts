import { priceUsage } from '../callPricing.js';
import { calibrate, type Calibration, type CalibrationSample } from '../calibration.js';
import { findModel, modelOn, type ModelEntry, type ModelOverrides } from '../catalog.js';
import type { CountText, FormatRule } from '../chatFormat.js';
import { roundPercent, roundUsd } from '../format.js';
import { sanitizeLine } from '../sanitize.js';
import { promptTokens } from '../toolDefinitions.js';
import { addUsage, NO_USAGE, promptOf, type ReportedCall, type ReportedUsage, type UsageLog, type UsageLogFormat } from '../usage/reportedUsage.js';

/** The model a call is priced on, at the prices in force on `at` (the call's date). */
export type PricesOn = (modelId: string, at: Date | undefined) => ModelEntry | undefined;

/** The catalog's prices on a call's day, where the source has their history (the list's today where it has none, or the call no date). */
export const catalogPricesOn: PricesOn = (modelId, at) => {
  const model = findModel(modelId);
  return model && at && !Number.isNaN(at.getTime()) ? modelOn(model, at) : model;
};

/** Our own count of a request: the model's tokenizer, exact or (Claude, Gemini) the stand-in whose count is only calibrated against the reported figure. */
export interface ExactCounter {
  readonly count: CountText;
  readonly rule: FormatRule;
}
export type CounterFor = (model: ModelEntry) => ExactCounter | undefined;

export interface UsageReportInput {
  readonly logs: readonly (UsageLog & { readonly file: string })[];
  readonly pricesOn: PricesOn;
  readonly counterFor?: CounterFor;
  /** Models to price the same calls on besides the log's own (`--reprice`). */
  readonly reprice?: readonly ModelEntry[];
  /** Warnings of the reading itself (files skipped in a directory). */
  readonly warnings?: readonly string[];
  /**
   * `--model`: the model a call is priced on where its log names none or one the catalog lacks
   * (otherwise unpriced); said in a note. A call whose model the catalog has keeps its own.
   */
  readonly fallbackModel?: ModelEntry;
  /** `--price-in`, `--price-out`, `--limit`: the user's prices and window for every call (said in a note). */
  readonly userPrices?: UserPrices;
  /** `--prices FILE`: the table the catalog was read from in place of the bundled one (said in a note). */
  readonly priceTable?: { readonly source: string; readonly asOf: string };
}

/** USD per 1M tokens and a window in tokens, as the user gave them: the flags a conversation's model takes. */
export type UserPrices = ModelOverrides;

/**
 * A call's model at the user's prices: their input and output price per 1M tokens in place of the
 * catalog's, each cache price kept in the catalog's ratio to the input price (a cache read at a
 * tenth of it stays a tenth), no long-context tier (the user named one price); their window.
 */
export function atUserPrices(model: ModelEntry, { priceIn, priceOut, limit }: UserPrices): ModelEntry {
  const ratio = priceIn !== undefined && model.inputPerMillion > 0 ? priceIn / model.inputPerMillion : undefined;
  const scaled = (price: number | undefined) => (price === undefined || ratio === undefined ? price : price * ratio);
  const { priceTiers: _tiers, ...rest } = model;
  const priced = priceIn !== undefined || priceOut !== undefined;
  return {
    ...(priced ? rest : model),
    inputPerMillion: priceIn ?? model.inputPerMillion,
    outputPerMillion: priceOut ?? model.outputPerMillion,
    ...(model.cachedInputPerMillion !== undefined && { cachedInputPerMillion: scaled(model.cachedInputPerMillion) }),
    ...(model.cacheWritePerMillion !== undefined && { cacheWritePerMillion: scaled(model.cacheWritePerMillion) }),
    ...(model.cacheWrite1hPerMillion !== undefined && { cacheWrite1hPerMillion: scaled(model.cacheWrite1hPerMillion) }),
    ...(limit !== undefined && { contextWindow: limit }),
  };
}

export interface UsageCallRow {
  /** 1-based, in the order the calls were made (file by file). */
  readonly index: number;
  /** The model the log names; null where it names none. */
  readonly model: string | null;
  /** The catalog entry the call is priced as; null where the catalog lacks the model (unpriced). */
  readonly pricedAs: string | null;
  /** Priced on `--model`'s entry: the log names no model, or one the catalog lacks. */
  readonly modelAssumed: boolean;
  readonly at: string | null;
  readonly agent: string;
  readonly usage: ReportedUsage;
  /** The whole prompt the API reported: the context this call used. */
  readonly contextTokens: number;
  readonly contextWindow: number | null;
  /** Cost of the reported usage at the catalog's prices (the batch price for a Batch call, where the model has one); null where unpriced; 0 for a failed call. */
  readonly cost: number | null;
  /** "batch": billed at the model's batch price (a line of a Batch results file); "list" otherwise. */
  readonly billing: 'list' | 'batch';
  /** The cost the log itself wrote (older Claude Code builds' `costUSD`); null where it wrote none. Ours (`cost`) remains the figure. */
  readonly loggedCost: number | null;
  /** cost minus loggedCost; null where either is missing. */
  readonly loggedDelta: number | null;
  /** Our own count of the request, where the log holds it and our tokenizer is exact for the model. */
  readonly computedInput: number | null;
  /** computedInput minus the reported prompt. */
  readonly computedDelta: number | null;
  /** The call failed (an error line, a failed Batch request): it billed nothing. */
  readonly failed: string | null;
  /** The tokens are the API's, but the model's prices are for a tokenizer we do not ship: no own count is possible. */
  readonly estimate: boolean;
  /** The file the call was read from. */
  readonly file: string;
}

/** The calls' usage summed (the same fields as one call's), with what they cost. */
export interface UsageTotals extends ReportedUsage {
  readonly calls: number;
  /** Spend of the priced calls at list prices. */
  readonly cost: number;
  /** Cache read / whole prompt (all input), 0 to 1. */
  readonly cacheHitRate: number;
  /** What the same calls would have cost with no cache, minus what they cost (negative where writes cost more than reads saved). */
  readonly cachingSaved: number;
  readonly failedCalls: number;
  readonly unpricedCalls: number;
  /** The sum of the costs the log itself wrote (`costUSD`), over the calls that carry one; null where none does. */
  readonly loggedCost: number | null;
  /** Our cost of those same calls minus loggedCost; null where no call carries one. */
  readonly loggedDelta: number | null;
}

export interface UsageGroup extends UsageTotals {
  readonly name: string;
}

export interface RepricedTotal {
  readonly model: string;
  readonly cost: number;
  readonly cachingSaved: number;
  /** Same token counts on another tokenizer family, or a model we cannot count exactly: an estimate. */
  readonly estimate: boolean;
  readonly why: string;
  /** Batch calls priced at this model's batch price (the rest of the log's Batch calls, if any, at its list price: it has none). */
  readonly batchCalls: number;
}

export interface UsageReport {
  readonly formats: readonly UsageLogFormat[];
  readonly files: readonly string[];
  readonly sessionIds: readonly string[];
  readonly calls: readonly UsageCallRow[];
  readonly usageTotals: UsageTotals;
  readonly byModel: readonly UsageGroup[];
  readonly byAgent: readonly UsageGroup[];
  /** Models the log names that the catalog lacks: their tokens, never billed $0 in silence. */
  readonly unpriced: readonly { readonly model: string; readonly calls: number; readonly usage: ReportedUsage }[];
  readonly repriced: readonly RepricedTotal[];
  /** The prices and window the user gave (`--price-in`, `--price-out`, `--limit`), every call priced at them; null where none was given. */
  readonly userPrices: UserPrices | null;
  /** Line types passed over, by type. */
  readonly skipped: Readonly<Record<string, number>>;
  readonly warnings: readonly string[];
  readonly notes: readonly string[];
  /**
   * For models without a public tokenizer (estimates): the stand-in's count of the requests the log
   * holds over the prompt tokens the API reported for them (issue 18's calibration); 0 samples where
   * the log holds no such request.
   */
  readonly calibration: Calibration;
}

/** One call priced: its report row, and what it would have cost with no cache (the list-price spend). */
export interface PricedCall {
  readonly row: UsageCallRow;
  readonly uncachedCost: number | null;
  /** The cost in its parts, as priceUsage gave it (the dashboard's chart sets cache reads and writes apart); absent where unpriced. */
  readonly parts?: CostParts;
  /** What the turn said, where the log keeps its text: the dashboard shows it, the report does not. */
  readonly turn?: ReportedCall['turn'];
}

/** A log's calls priced for the dashboard, with the notes that say whose prices they are at (userPriceNotes). */
export interface PricedLog {
  readonly calls: readonly PricedCall[];
  readonly notes: readonly string[];
  /** Priced at the user's `--price-in` / `--price-out`, not the catalog's. */
  readonly userPriced: boolean;
}

export interface CostParts {
  /** Uncached input and output. */
  readonly rest: number;
  readonly cacheRead: number;
  readonly cacheWrite: number;
}

interface PricedRow extends PricedCall {
  /** An estimated model's request counted by the stand-in, beside what the API reported. */
  readonly standIn: CalibrationSample | undefined;
  readonly entry: ModelEntry | undefined;
  /** A line of a Batch results file: priced at the batch price wherever the model has one. */
  readonly batch: boolean;
  /** Priced on `--model`: the log names no model, or one the catalog lacks. */
  readonly fallback: boolean;
  /** Our cost of the call where the log wrote its own (for the totals' difference). */
  readonly loggedCost: number | undefined;
}

/** The per-call bill of one or more logs: every figure `report` prints, in text, JSON and CSV alike. */
export function usageReport(input: UsageReportInput): UsageReport {
  const rows = pricedRows(input);
  const skipped: Record<string, number> = {};
  for (const log of input.logs) for (const [type, n] of Object.entries(log.skipped)) skipped[type] = (skipped[type] ?? 0) + n;
  const unpriced = new Map<string, { calls: number; usage: ReportedUsage }>();
  for (const { row } of rows) {
    if (row.pricedAs !== null || row.failed !== null) continue;
    const name = row.model ?? '(no model named)';
    const seen = unpriced.get(name) ?? { calls: 0, usage: NO_USAGE };
    unpriced.set(name, { calls: seen.calls + 1, usage: addUsage(seen.usage, row.usage) });
  }
  return {
    formats: [...new Set(input.logs.map((log) => log.format))],
    files: input.logs.map((log) => log.file),
    sessionIds: [...new Set(input.logs.flatMap((log) => (log.sessionId ? [log.sessionId] : [])))],
    calls: rows.map((priced) => priced.row),
    usageTotals: usageTotalsOf(rows),
    byModel: groups(rows, (row) => row.model ?? '(no model named)'),
    byAgent: groups(rows, (row) => row.agent),
    unpriced: [...unpriced].map(([model, entry]) => ({ model, ...entry })),
    repriced: (input.reprice ?? []).map((model) => repriceOn(model, rows)),
    userPrices: input.userPrices ?? null,
    skipped,
    warnings: [...(input.warnings ?? []), ...input.logs.flatMap((log) => log.warnings)],
    calibration: calibrate(rows.flatMap(({ standIn }) => (standIn ? [standIn] : []))),
    notes: notesOf(input, rows),
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Whose prices the figures are at, where they are not the bundled catalog's: the same notes on report, compare and the dashboard. */
export function userPriceNotes({ userPrices = {}, priceTable }: Pick<UsageReportInput, 'userPrices' | 'priceTable'>): string[] {
  const { priceIn, priceOut, limit } = userPrices;
  const given = [
    ...(priceIn !== undefined ? [`--price-in $${priceIn}`] : []),
    ...(priceOut !== undefined ? [`--price-out $${priceOut}`] : []),
  ];
  return [
    ...(priceTable ? [`prices from ${sanitizeLine(priceTable.source)} (${priceTable.asOf}), not the bundled catalog`] : []),
    ...(given.length > 0
      ? [`at your prices: ${given.join(', ')} per 1M tokens for every call priced (cache prices in the catalog's ratio to input, no long-context tier); --reprice prices at the catalog's`]
      : []),
    ...(limit !== undefined ? [`context window: --limit ${limit.toLocaleString('en-US')} tokens for every call, yours, not the log's or the catalog's`] : []),
  ];
}

/** Which Batch calls were billed at a batch price (with its source and date), and which at list price for want of one. */
function batchNotes(rows: readonly PricedRow[]): string[] {
  const notes: string[] = [];
  const live = rows.filter((priced) => priced.batch && priced.row.failed === null && priced.entry);
  const bySource = new Map<string, number>();
  for (const { entry, row } of live) {
    if (row.billing !== 'batch' || !entry?.batchPrice) continue;
    const { multiplier, source, asOf } = entry.batchPrice;
    const key = `${Number((multiplier * 100).toFixed(1))}% of list, ${source}, ${asOf}`;
    bySource.set(key, (bySource.get(key) ?? 0) + 1);
  }
  for (const [price, n] of bySource) notes.push(`${plural(n, 'Batch call')} billed at the Batch price (${price})`);
  const listed = [...new Set(live.filter(({ row }) => row.billing === 'list').map(({ entry }) => entry!.id))];
  const atList = live.filter(({ row }) => row.billing === 'list').length;
  if (atList > 0) notes.push(`${plural(atList, 'Batch call')} priced at list price: the catalog has no batch price for ${listed.join(', ')}`);
  return notes;
}

/** What `--model` did: the calls it priced (the log named no model, or one the catalog lacks), or that it priced none. */
function fallbackNotes(rows: readonly PricedRow[], fallback: ModelEntry | undefined): string[] {
  if (!fallback) return [];
  const priced = rows.filter((row) => row.fallback);
  if (priced.length === 0) return [`--model ${fallback.id}: every call's model is in the catalog and priced as logged; --reprice ${fallback.id} prices the calls on it`];
  const unnamed = priced.filter(({ row }) => row.model === null).length;
  const named = [...new Set(priced.flatMap(({ row }) => (row.model === null ? [] : [row.model])))];
  const what = [
    ...(unnamed > 0 ? [`${plural(unnamed, 'call')} whose log names no model`] : []),
    ...(named.length > 0 ? [`${plural(priced.length - unnamed, 'call')} on ${named.join(', ')} (not in the catalog)`] : []),
  ];
  return [`--model ${fallback.id}: priced ${what.join(' and ')} as ${fallback.id}, an assumption (the tokens are the log's)`];
}

function pricedRows(input: UsageReportInput): PricedRow[] {
  const rows: PricedRow[] = [];
  for (const log of input.logs) for (const call of log.calls) rows.push(priceRow(call, rows.length + 1, log.file, input));
  return rows;
}

/** The report's notes: whose prices, the Batch price, what --model priced. */
function notesOf(input: UsageReportInput, rows: readonly PricedRow[]): string[] {
  return [...userPriceNotes(input), ...batchNotes(rows), ...fallbackNotes(rows, input.fallbackModel)];
}

/** Every call of the logs priced as `usageReport` prices them, with the notes `report` prints beside them: what the dashboard replays, call by call. */
export function pricedLog(input: UsageReportInput): PricedLog {
  const rows = pricedRows(input);
  const calls = rows.map(({ row, uncachedCost, turn, parts }) => ({ row, uncachedCost, ...(parts && { parts }), ...(turn && { turn }) }));
  const userPriced = input.userPrices?.priceIn !== undefined || input.userPrices?.priceOut !== undefined;
  return { calls, notes: notesOf(input, rows), userPriced };
}

/** One call a live source saw (the proxy), priced as a log's call is: the same row, the same figures. */
export function priceReportedCall(call: ReportedCall, index: number, source: string, pricesOn: PricesOn = catalogPricesOn): PricedCall {
  const { row, uncachedCost, parts } = priceRow(call, index, source, { logs: [], pricesOn });
  return { row, uncachedCost, ...(parts && { parts }) };
}

function priceRow(call: ReportedCall, index: number, file: string, input: UsageReportInput): PricedRow {
  const at = call.at !== undefined && !Number.isNaN(Date.parse(call.at)) ? new Date(call.at) : undefined;
  const own = call.model !== undefined ? input.pricesOn(call.model, at) : undefined;
  const fallback = !own && !call.failed && input.fallbackModel !== undefined;
  const listed = own ?? (fallback ? fallbackOn(input, at) : undefined);
  const entry = listed && input.userPrices ? atUserPrices(listed, input.userPrices) : listed;
  const contextTokens = promptOf(call.usage);
  const batch = call.batchId !== undefined;
  const price = entry && !call.failed ? priceUsage(entry, call.usage, { batch }) : undefined;
  const cost = call.failed ? 0 : price ? roundUsd(price.cost) : null;
  const loggedCost = call.loggedCost ?? null;
  const counter = entry && call.request && !call.failed ? input.counterFor?.(entry) : undefined;
  const counted = counter && call.request ? promptTokens(call.request, counter.count, counter.rule) : null;
  const computedInput = entry?.estimate ? null : counted;
  const row: UsageCallRow = {
    index,
    model: call.model ?? null,
    pricedAs: entry?.id ?? null,
    modelAssumed: fallback,
    at: call.at ?? null,
    agent: call.agent,
    usage: call.usage,
    contextTokens,
    contextWindow: input.userPrices?.limit ?? call.contextWindow ?? entry?.contextWindow ?? null,
    cost,
    billing: price?.batch ? 'batch' : 'list',
    loggedCost,
    loggedDelta: loggedCost !== null && cost !== null ? roundUsd(cost - loggedCost) : null,
    computedInput,
    computedDelta: computedInput === null ? null : computedInput - contextTokens,
    failed: call.failed ?? null,
    estimate: entry?.estimate === true,
    file,
  };
  const standIn = entry?.estimate && counted !== null ? { counted, reported: contextTokens } : undefined;
  return { row, standIn, uncachedCost: call.failed ? 0 : price ? price.uncachedCost : null, entry, batch, fallback, loggedCost: call.loggedCost,
    ...(price && !call.failed && { parts: { rest: price.inputCost + price.outputCost, cacheRead: price.cacheReadCost, cacheWrite: price.cacheWriteCost } }),
    ...(call.turn && { turn: call.turn }),
  };
}

/** `--model`'s entry at the prices of the call's day, as a logged model's would be. */
function fallbackOn(input: UsageReportInput, at: Date | undefined): ModelEntry | undefined {
  const model = input.fallbackModel!;
  return input.pricesOn(model.requestedId ?? model.id, at) ?? model;
}

/** The totals `report` prints (`usageTotals`), of any calls priced here: the dashboard's cost panel shows these. */
export function usageTotalsOf(rows: readonly PricedCall[]): UsageTotals {
  const usage = rows.reduce((sum, { row }) => addUsage(sum, row.usage), NO_USAGE);
  const prompt = promptOf(usage);
  const priced = rows.filter(({ row }) => row.cost !== null);
  const cost = priced.reduce((sum, { row }) => sum + row.cost!, 0);
  const uncached = priced.reduce((sum, { uncachedCost }) => sum + uncachedCost!, 0);
  return {
    calls: rows.length,
    ...usage,
    cost: roundUsd(cost),
    cacheHitRate: prompt === 0 ? 0 : roundPercent(usage.cacheRead / prompt),
    cachingSaved: roundUsd(uncached - cost),
    failedCalls: rows.filter(({ row }) => row.failed !== null).length,
    unpricedCalls: rows.filter(({ row }) => row.cost === null).length,
    ...loggedTotals(rows),
  };
}

/** The log's own costs summed, and ours of the same calls minus them (a call we could not price counts at the log's). */
function loggedTotals(rows: readonly PricedCall[]): Pick<UsageTotals, 'loggedCost' | 'loggedDelta'> {
  const logged = rows.filter(({ row }) => row.loggedCost !== null);
  if (logged.length === 0) return { loggedCost: null, loggedDelta: null };
  const theirs = logged.reduce((sum, { row }) => sum + row.loggedCost!, 0);
  const ours = logged.reduce((sum, { row }) => sum + (row.cost ?? row.loggedCost!), 0);
  return { loggedCost: roundUsd(theirs), loggedDelta: roundUsd(ours - theirs) };
}

function groups(rows: readonly PricedRow[], key: (row: UsageCallRow) => string): UsageGroup[] {
  const byName = new Map<string, PricedRow[]>();
  for (const priced of rows) byName.set(key(priced.row), [...(byName.get(key(priced.row)) ?? []), priced]);
  return [...byName].map(([name, members]) => ({ name, ...usageTotalsOf(members) }));
}

/**
 * The same calls on another model: the reported token counts, priced there. Exact where the
 * tokenizer family is the same and both count exactly; an estimate otherwise (another family splits
 * text differently, and a log keeps the text of too few calls to recount them all).
 */
function repriceOn(model: ModelEntry, rows: readonly PricedRow[]): RepricedTotal {
  const live = rows.filter(({ row }) => row.failed === null);
  let cost = 0;
  let uncached = 0;
  let batchCalls = 0;
  for (const { row, batch } of live) {
    const price = priceUsage(model, row.usage, { batch });
    cost += price.cost;
    uncached += price.uncachedCost;
    if (price.batch) batchCalls++;
  }
  const batchAtList = live.filter(({ batch }) => batch).length - batchCalls;
  const families = new Set(live.map(({ entry }) => entry?.encoding ?? 'unknown'));
  const sameFamily = families.size === 1 && families.has(model.encoding) && live.every(({ entry }) => entry && !entry.estimate) && !model.estimate;
  const why = sameFamily
    ? `same tokenizer (${model.encoding}): the reported counts hold`
    : `the reported counts priced on ${model.id}; its tokenizer ${model.estimate ? 'is not one we ship' : 'differs from the log\'s models\''}: an estimate`;
  const batchWhy = [
    ...(batchCalls > 0 ? [`${plural(batchCalls, 'Batch call')} at its Batch price`] : []),
    ...(batchAtList > 0 ? [`${plural(batchAtList, 'Batch call')} at list price (the catalog has no batch price for ${model.id})`] : []),
  ];
  return {
    model: model.id,
    cost: roundUsd(cost),
    cachingSaved: roundUsd(uncached - cost),
    estimate: !sameFamily,
    why: batchWhy.length > 0 ? `${why}; ${batchWhy.join(', ')}` : why,
    batchCalls,
  };
}

/** `compare LOG --models a,b`: the log's own bill beside the same calls on each model. */
export interface LogComparison {
  readonly formats: readonly UsageLogFormat[];
  readonly files: readonly string[];
  readonly logged: UsageTotals;
  readonly byModel: readonly UsageGroup[];
  readonly models: readonly RepricedTotal[];
  readonly unpriced: UsageReport['unpriced'];
  readonly notes: readonly string[];
}

export function logComparison(report: UsageReport): LogComparison {
  const { formats, files, usageTotals, byModel, repriced, unpriced, notes } = report;
  return { formats, files, logged: usageTotals, byModel, models: repriced, unpriced, notes };
}
