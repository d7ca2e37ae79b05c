import { formatPercent, formatTokens, formatUsd } from '../format.js';
import { sanitizeLine } from '../sanitize.js';
import { toCsv } from './csv.js';
import { formatTable } from './conversationReport.js';
import type { LogComparison, UsageCallRow, UsageGroup, UsageReport } from './usageReport.js';

const CALL_HEADERS = ['#', 'model', 'at', 'agent', 'input', 'cache read', 'write 5m', 'write 1h', 'output', 'reasoning', 'context', 'cost', 'our count'];
const CALL_RIGHT = [true, false, false, false, true, true, true, true, true, true, true, true, false];

/** The usage report as text: the per-call table, totals, per-model and per-agent tables, and what was passed over. */
export function formatUsageReport(report: UsageReport): string {
  // The log's own cost gets a column only where the log wrote one (older Claude Code builds).
  const logged = report.calls.some((row) => row.loggedCost !== null);
  const table = logged
    ? formatTable([...CALL_HEADERS, 'logged cost'], report.calls.map((row) => [...callCells(row), loggedCell(row)]), [...CALL_RIGHT, true])
    : formatTable(CALL_HEADERS, report.calls.map(callCells), CALL_RIGHT);
  const t = report.usageTotals;
  const batch = report.calls.some((row) => row.billing === 'batch');
  const lines = [
    `read as ${report.formats.join(', ')}: ${report.files.length} file${report.files.length === 1 ? '' : 's'}, ${formatTokens(t.calls)} call${t.calls === 1 ? '' : 's'}`,
    `total: input ${formatTokens(t.input)}, cache read ${formatTokens(t.cacheRead)}, cache write 5m ${formatTokens(t.cacheWrite5m)} / 1h ${formatTokens(t.cacheWrite1h)}, output ${formatTokens(t.output)} (reasoning ${formatTokens(t.reasoning)})`,
    `spent ${formatUsd(t.cost)} at ${pricesWord(report, batch)}; cache hit rate ${formatPercent(t.cacheHitRate * 100)}; caching saved ${formatUsd(t.cachingSaved)}`,
    ...(t.loggedCost !== null ? [loggedLine(t.loggedCost, t.loggedDelta!, report.calls.filter((row) => row.loggedCost !== null).length)] : []),
    ...(t.failedCalls > 0 ? [`failed: ${formatTokens(t.failedCalls)} call${t.failedCalls === 1 ? '' : 's'} billed nothing`] : []),
  ];
  const sections = [table, lines.join('\n'), groupTable('model', report.byModel), groupTable('agent', report.byAgent)];
  const tail: string[] = [];
  for (const entry of report.unpriced) {
    tail.push(`unpriced: ${sanitizeLine(entry.model)} is not in the catalog: ${formatTokens(entry.calls)} call${entry.calls === 1 ? '' : 's'}, ${formatTokens(entry.usage.input + entry.usage.cacheRead + entry.usage.cacheWrite5m + entry.usage.cacheWrite1h)} prompt and ${formatTokens(entry.usage.output)} output tokens, not in the spend`);
  }
  for (const entry of report.repriced) tail.push(`repriced on ${entry.model}: ${formatUsd(entry.cost)} (caching saved ${formatUsd(entry.cachingSaved)})${entry.estimate ? ' estimate' : ''}: ${entry.why}`);
  if (report.calls.some((row) => row.estimate)) tail.push('estimate: no own count for models whose tokenizer we do not ship; the tokens are the API\'s own');
  for (const note of report.notes) tail.push(`note: ${sanitizeLine(note)}`); // notes name models the log names
  const { calibration } = report;
  if (calibration.ratio !== undefined) {
    const spread = calibration.samples > 1 ? `, ${calibration.minRatio!.toFixed(2)} to ${calibration.maxRatio!.toFixed(2)} call by call` : '';
    tail.push(
      `estimate calibration: the stand-in tokenizer counted ${formatTokens(calibration.counted)} tokens where the API reported ${formatTokens(calibration.reported)} for the same ${formatTokens(calibration.samples)} request${calibration.samples === 1 ? '' : 's'} (ratio ${calibration.ratio.toFixed(3)}${spread})`,
    );
  }
  const skipped = Object.entries(report.skipped);
  if (skipped.length > 0) tail.push(`skipped lines: ${skipped.map(([type, n]) => `${sanitizeLine(type)} ${formatTokens(n)}`).join(', ')}`);
  for (const warning of report.warnings) tail.push(`warning: ${sanitizeLine(warning)}`);
  if (tail.length > 0) sections.push(tail.join('\n'));
  return `${sections.join('\n\n')}\n`;
}

function callCells(row: UsageCallRow): string[] {
  const u = row.usage;
  const context = row.contextWindow ? `${formatTokens(row.contextTokens)} / ${formatTokens(row.contextWindow)}` : formatTokens(row.contextTokens);
  return [
    String(row.index),
    sanitizeLine(`${row.model ?? '-'}${row.modelAssumed ? ` as ${row.pricedAs}` : ''}`),
    sanitizeLine(row.at ?? '-'),
    sanitizeLine(row.agent),
    formatTokens(u.input),
    formatTokens(u.cacheRead),
    formatTokens(u.cacheWrite5m),
    formatTokens(u.cacheWrite1h),
    formatTokens(u.output),
    formatTokens(u.reasoning),
    context,
    row.failed !== null ? 'failed' : row.cost === null ? 'unpriced' : `${formatUsd(row.cost)}${row.billing === 'batch' ? ' batch' : ''}`,
    ownCount(row),
  ];
}

/** The log's own cost and ours against it: `$0.12 (+$0.0030)`. */
function loggedCell(row: UsageCallRow): string {
  if (row.loggedCost === null) return '-';
  if (row.loggedDelta === null) return formatUsd(row.loggedCost);
  return `${formatUsd(row.loggedCost)} (${row.loggedDelta === 0 ? 'same' : signedUsd(row.loggedDelta)})`;
}

/** The log's own total beside ours for the same calls: ours stays the figure. */
function loggedLine(logged: number, delta: number, calls: number): string {
  const against = delta === 0 ? 'the same' : `${formatUsd(Math.abs(delta))} ${delta > 0 ? 'more' : 'less'}`;
  return `the log's own cost (costUSD) of ${formatTokens(calls)} call${calls === 1 ? '' : 's'}: ${formatUsd(logged)}; ours ${formatUsd(logged + delta)}, ${against} (ours is the figure above)`;
}

function signedUsd(usd: number): string {
  return `${usd >= 0 ? '+' : '-'}${formatUsd(Math.abs(usd))}`;
}

function ownCount(row: UsageCallRow): string {
  if (row.computedInput !== null) return `${formatTokens(row.computedInput)} (${row.computedDelta! >= 0 ? '+' : ''}${formatTokens(row.computedDelta!)})`;
  return row.estimate ? 'estimate' : 'no request text';
}

function groupTable(label: string, groups: readonly UsageGroup[]): string {
  const headers = [label, 'calls', 'input', 'cache read', 'write 5m', 'write 1h', 'output', 'cost', 'hit rate', 'saved'];
  const rows = groups.map((group) => [
    sanitizeLine(group.name),
    formatTokens(group.calls),
    formatTokens(group.input),
    formatTokens(group.cacheRead),
    formatTokens(group.cacheWrite5m),
    formatTokens(group.cacheWrite1h),
    formatTokens(group.output),
    group.unpricedCalls === group.calls && group.failedCalls === 0 ? 'unpriced' : formatUsd(group.cost),
    formatPercent(group.cacheHitRate * 100),
    formatUsd(group.cachingSaved),
  ]);
  return formatTable(headers, rows, [false, true, true, true, true, true, true, true, true, true]);
}

export const USAGE_CSV_FIELDS = ['index', 'model', 'at', 'agent', 'input', 'cacheRead', 'cacheWrite5m', 'cacheWrite1h', 'output', 'reasoning', 'contextTokens', 'contextWindow', 'cost', 'billing', 'computedInput', 'computedDelta', 'failed'] as const;
/** Added where the log wrote its own costs (older Claude Code builds' `costUSD`). */
const LOGGED_CSV_FIELDS = ['loggedCost', 'loggedDelta'] as const;

/** One row per call, the JSON calls' fields flattened (an empty field where JSON has null). */
export function formatUsageReportCsv(report: UsageReport): string {
  const logged = report.calls.some((row) => row.loggedCost !== null);
  return toCsv(
    logged ? [...USAGE_CSV_FIELDS, ...LOGGED_CSV_FIELDS] : USAGE_CSV_FIELDS,
    report.calls.map((row) => [
      row.index,
      row.model ?? '',
      row.at ?? '',
      row.agent,
      row.usage.input,
      row.usage.cacheRead,
      row.usage.cacheWrite5m,
      row.usage.cacheWrite1h,
      row.usage.output,
      row.usage.reasoning,
      row.contextTokens,
      row.contextWindow ?? '',
      row.cost ?? 'unpriced',
      row.billing,
      row.computedInput ?? '',
      row.computedDelta ?? '',
      row.failed ?? '',
      ...(logged ? [row.loggedCost ?? '', row.loggedDelta ?? ''] : []),
    ]),
  );
}

/** The comparison as text: the logged bill first, then each model, with the difference. */
export function formatLogComparison(comparison: LogComparison): string {
  const logged = comparison.logged;
  const loggedModels = comparison.byModel.map((group) => sanitizeLine(group.name)).join(', ');
  const rows = [
    [`as logged (${loggedModels})`, formatUsd(logged.cost), '', formatUsd(logged.cachingSaved), 'the API\'s counts'],
    ...comparison.models.map((entry) => [
      sanitizeLine(entry.model),
      formatUsd(entry.cost),
      `${entry.cost >= logged.cost ? '+' : '-'}${formatUsd(Math.abs(entry.cost - logged.cost))}`,
      formatUsd(entry.cachingSaved),
      entry.estimate ? 'estimate' : 'exact',
    ]),
  ];
  const table = formatTable(['model', 'spend', 'vs logged', 'caching saved', 'counts'], rows, [false, true, true, true, false]);
  const lines = [
    `${formatTokens(logged.calls)} calls read as ${comparison.formats.join(', ')} from ${comparison.files.length} file${comparison.files.length === 1 ? '' : 's'}; the same token counts priced on each model`,
    ...comparison.models.filter((entry) => entry.estimate).map((entry) => `estimate: ${sanitizeLine(entry.why)}`),
    ...comparison.unpriced.map((entry) => `unpriced: ${sanitizeLine(entry.model)} (${formatTokens(entry.calls)} calls) is not in the catalog: left out of the logged spend, priced on the models above`),
    ...comparison.notes.map((note) => `note: ${sanitizeLine(note)}`),
  ];
  return `${table}\n\n${lines.join('\n')}\n`;
}

/** Whose prices the spend is at: the catalog's list (and Batch) prices, or the user's (`--price-in` / `--price-out`). */
function pricesWord(report: UsageReport, batch: boolean): string {
  const user = report.userPrices !== null && (report.userPrices.priceIn !== undefined || report.userPrices.priceOut !== undefined);
  if (user) return batch ? 'your prices (Batch calls at their discount)' : 'your prices';
  return `${batch ? 'list and Batch' : 'list'} prices`;
}
