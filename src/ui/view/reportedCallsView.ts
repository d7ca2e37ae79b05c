import { windowPercent } from '../../core/callPricing.js';
import { formatPercent, formatTokens, formatUsd, roundUsd } from '../../core/format.js';
import { usageTotalsOf, type UsageTotals } from '../../core/report/usageReport.js';
import { sanitizeLine, sanitizeText } from '../../core/sanitize.js';
import { forEachGrapheme, shownText, TAB_COLUMNS, terminalColumns } from '../../core/terminalWidth.js';
import { callsPosition, sessionCalls, type ReportedCallsState, type ShownCall } from '../state/reportedCalls.js';
import { turnRows, type TurnFit, type TurnRow } from './turnRows.js';

/**
 * What the dashboard shows of reported calls, as text and numbers (components only render it).
 * Every money figure is `usageReport`'s (`usageTotalsOf` over the rows `report LOG` prints).
 */
export interface CallLine {
  readonly tone: 'reported' | 'requested' | 'refused' | 'failed' | 'unpriced';
  readonly head: string;
  readonly detail: string;
  /** What the turn said (prompt, reply, tool calls folded), where the log keeps its text. */
  readonly turn: readonly TurnRow[];
}

export interface CallsGauge {
  /** The context the newest call used, and the window it was held against (undefined: the window is unknown). */
  readonly used: number;
  readonly limit: number | undefined;
  readonly label: string;
  /** An estimate: our own count of a request not answered yet, by a stand-in tokenizer. */
  readonly estimate: boolean;
}

export interface CallsCost {
  readonly totals: UsageTotals;
  /** What the same calls would have cost without caching (the report's cost + cachingSaved). */
  readonly listPrice: number;
  readonly refused: number;
  readonly waiting: number;
  readonly lines: readonly string[];
}

/** One call's cost split for the chart: cache reads and writes apart from the rest (uncached input and output). */
export interface CallBar {
  readonly rest: number;
  readonly cacheRead: number;
  readonly cacheWrite: number;
  readonly refused: boolean;
}

/** The reply of the newest call that has one: its number in the list and its text (raw: `replyLines` makes it safe). */
export interface CallReply {
  readonly title: string;
  readonly text: string;
}

export interface CallsView {
  readonly title: string;
  readonly reply: CallReply | undefined;
  readonly position: string;
  readonly lines: readonly CallLine[];
  readonly gauge: CallsGauge | undefined;
  readonly cost: CallsCost;
  readonly bars: readonly CallBar[];
}

/** No turn text: the calls' figures only. */
const NO_TURN: TurnFit = { width: 1, textRows: 0, maxRows: 0 };

export function reportedCallsView(state: ReportedCallsState, replayRate?: number, fit: TurnFit = NO_TURN, scroll = 0): CallsView {
  const calls = sessionCalls(state);
  // Enter unfolds the newest call in view: its turn may take the pane's rows, each part as many as it needs.
  const unfoldedAt = state.unfolded && fit.textRows > 0 ? calls.length - 1 - Math.min(scroll, Math.max(0, calls.length - 1)) : -1;
  const unfoldedFit: TurnFit = { ...fit, textRows: fit.maxRows, unfolded: true };
  const priced = calls.flatMap((call) => (call.priced ? [call.priced] : []));
  const totals = usageTotalsOf(priced);
  const { shown, total } = callsPosition(state);
  const sessions = state.sessions.length > 1 ? ` · session ${state.sessions.indexOf(state.session ?? '') + 1}/${state.sessions.length} (Tab)` : '';
  const rate = replayRate === undefined ? '' : ` · ${replayRate}/s`;
  const position = state.live ? `live · ${formatTokens(shown)} call${shown === 1 ? '' : 's'}${sessions}` : `call ${shown}/${total}${rate}${sessions}`;
  return {
    title: sanitizeLine(state.live && state.session !== undefined ? `${state.title} · client ${state.session}` : state.title),
    position,
    lines: calls.map((call, i) => ({ ...callLine(call, i), turn: turnRows(call.priced?.turn, i === unfoldedAt ? unfoldedFit : fit) })),
    reply: replyOf(calls),
    gauge: gaugeOf(calls.findLast((call) => call.status === 'requested' || (call.priced !== undefined && call.priced.row.contextTokens > 0))),
    cost: costOf(totals, calls, state.userPriced),
    bars: calls.map(barOf),
  };
}

function replyOf(calls: readonly ShownCall[]): CallReply | undefined {
  for (let i = calls.length - 1; i >= 0; i--) {
    const call = calls[i]!;
    if (call.reply === undefined) continue;
    const state = call.status === 'requested' ? 'streaming…' : call.priced !== undefined && call.priced.row.failed !== null ? 'cut short' : 'done';
    return { title: `reply · #${i + 1} ${state}`, text: call.reply };
  }
  return undefined;
}

/**
 * The last `rows` lines of a reply wrapped at `width` columns, every character in its shown form
 * (text from the network never drives the terminal: escapes shown as `\e`, tabs as spaces).
 */
export function replyLines(text: string, width: number, rows: number): string[] {
  const lines: string[] = [''];
  let columns = 0;
  forEachGrapheme(shownText(sanitizeText(text, { tabWidth: TAB_COLUMNS })), (grapheme) => {
    if (grapheme === '\n') {
      lines.push('');
      columns = 0;
      return;
    }
    const wide = terminalColumns(grapheme);
    if (columns + wide > width && columns > 0) {
      lines.push('');
      columns = 0;
    }
    lines[lines.length - 1] += grapheme;
    columns += wide;
  });
  while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.slice(-Math.max(1, rows));
}

function callLine(call: ShownCall, i: number): Omit<CallLine, 'turn'> {
  const model = sanitizeLine(call.model);
  const row = call.priced?.row;
  if (call.status === 'refused') return { tone: 'refused', head: `#${i + 1}${model === '' ? '' : ` ${model}`} refused`, detail: sanitizeLine(call.why ?? '') };
  if (!row) {
    const counted = call.counted ? `${formatTokens(call.counted.tokens)} counted${call.counted.estimate ? ' (estimate)' : ''}` : '';
    return { tone: 'requested', head: `#${i + 1} ${model} …`, detail: `${counted}, waiting for the reported usage` };
  }
  const agent = row.agent === 'main' ? '' : ` [${sanitizeLine(row.agent)}]`;
  const time = row.at !== null && /T(\d\d:\d\d:\d\d)/.exec(row.at) ? ` ${/T(\d\d:\d\d:\d\d)/.exec(row.at)![1]}` : '';
  const head = `#${i + 1}${time} ${model}${agent}`;
  if (row.failed !== null) return { tone: 'failed', head, detail: `failed, billed nothing: ${sanitizeLine(row.failed)}` };
  const { usage } = row;
  const parts = [
    `${formatTokens(row.contextTokens)} in`,
    usage.cacheRead > 0 ? `${formatTokens(usage.cacheRead)} read` : '',
    usage.cacheWrite5m + usage.cacheWrite1h > 0 ? `${formatTokens(usage.cacheWrite5m + usage.cacheWrite1h)} written` : '',
    `${formatTokens(usage.output)} out${usage.reasoning > 0 ? ` (${formatTokens(usage.reasoning)} reasoning)` : ''}`,
  ].filter((part) => part !== '');
  const cost = row.cost === null ? 'unpriced (not in the catalog)' : formatUsd(row.cost);
  // The cost first: on a narrow screen the token split is what gets cut.
  return { tone: row.cost === null ? 'unpriced' : 'reported', head, detail: `${cost} · ${parts.join(' · ')}` };
}

function gaugeOf(call: ShownCall | undefined): CallsGauge | undefined {
  if (!call) return undefined;
  const row = call.priced?.row;
  if (row) {
    const limit = row.contextWindow ?? undefined;
    const share = limit ? ` (${formatPercent(windowPercent(row.contextTokens, limit))})` : '';
    return { used: row.contextTokens, limit, estimate: false, label: `${formatTokens(row.contextTokens)} / ${limit ? formatTokens(limit) : 'unknown window'}${share}` };
  }
  if (!call.counted) return undefined;
  const { tokens, limit, estimate } = call.counted;
  return { used: tokens, limit, estimate, label: `${formatTokens(tokens)} / ${formatTokens(limit)} counted${estimate ? ' (estimate)' : ''}, not yet reported` };
}

function costOf(totals: UsageTotals, calls: readonly ShownCall[], userPriced: boolean): CallsCost {
  const listPrice = roundUsd(totals.cost + totals.cachingSaved);
  const refused = calls.filter((call) => call.status === 'refused').length;
  const waiting = calls.filter((call) => call.status === 'requested').length;
  const notes = [
    totals.failedCalls > 0 ? `${totals.failedCalls} failed` : '',
    totals.unpricedCalls > 0 ? `${totals.unpricedCalls} unpriced` : '',
    refused > 0 ? `${refused} refused` : '',
    waiting > 0 ? `${waiting} waiting` : '',
  ].filter((note) => note !== '');
  const lines = [
    // The reported usage, priced by the catalog or, where the user gave prices or a table, by theirs.
    `spent ${formatUsd(totals.cost)} ${userPriced ? 'at your prices' : 'reported'}`,
    `list price ${formatUsd(listPrice)} (no cache)`,
    `caching saved ${formatUsd(totals.cachingSaved)}`,
    `cache hit ${formatPercent(totals.cacheHitRate * 100)} · ${formatTokens(totals.calls)} call${totals.calls === 1 ? '' : 's'}`,
    ...(notes.length > 0 ? [notes.join(' · ')] : []),
  ];
  return { totals, listPrice, refused, waiting, lines };
}

/** The call's cost, part by part, as its row was priced (priceUsage's parts: the user's prices, the Batch price where they apply). */
function barOf(call: ShownCall): CallBar {
  const parts = call.priced?.row.failed === null ? call.priced.parts : undefined;
  if (!parts) return { rest: 0, cacheRead: 0, cacheWrite: 0, refused: call.status === 'refused' };
  return { ...parts, refused: false };
}

export type BarCell = 'rest' | 'cacheRead' | 'cacheWrite' | 'refused' | 'empty';

/**
 * The chart's columns, bottom cell first: the newest calls that fit, one column each, height by
 * cost against the dearest of them; within a column cache reads, then writes, then the rest.
 */
export function chartColumns(bars: readonly CallBar[], width: number, height: number): BarCell[][] {
  const fitted = bars.slice(Math.max(0, bars.length - Math.max(1, width)));
  const max = Math.max(...fitted.map((bar) => bar.rest + bar.cacheRead + bar.cacheWrite), 0);
  return fitted.map((bar) => {
    if (bar.refused) return ['refused', ...Array<BarCell>(height - 1).fill('empty')];
    const total = bar.rest + bar.cacheRead + bar.cacheWrite;
    const cells = max === 0 ? 0 : Math.max(total > 0 ? 1 : 0, Math.round((total / max) * height));
    const read = total === 0 ? 0 : Math.round((bar.cacheRead / total) * cells);
    const write = total === 0 ? 0 : Math.min(cells - read, Math.round((bar.cacheWrite / total) * cells));
    const column: BarCell[] = [...Array<BarCell>(read).fill('cacheRead'), ...Array<BarCell>(write).fill('cacheWrite'), ...Array<BarCell>(cells - read - write).fill('rest')];
    return [...column, ...Array<BarCell>(height - column.length).fill('empty')];
  });
}

