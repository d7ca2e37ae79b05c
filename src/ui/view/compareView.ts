import { formatTable } from '../../core/report/conversationReport.js';
import { compareRuns } from '../../core/strategies/compareStrategies.js';
import { COMPARE_HEADERS, strategyCells } from '../../core/strategies/compareTable.js';
import { savingReason } from '../../core/strategies/savingReason.js';
import type { StrategyName, StrategyRun } from '../../core/strategies/types.js';

/**
 * The dashboard's compare view (Ctrl+G): `compare`'s table over the session, from the same core
 * model (`compareRuns`, `strategyCells`), and each strategy's reason for its saving. Headers are
 * abbreviated before a column goes; figures are never cut.
 */
export interface CompareView {
  /** The table's lines: headers, rule, a row per strategy; where narrow, two such tables one above the other. */
  readonly table: readonly string[];
  /** Which of its lines are a strategy's row and which a rule under the headers, by line. */
  readonly lines: readonly ('header' | 'rule' | 'row' | 'current' | 'gap')[];
  /** Why each strategy saved what it saved (keep-all has none). */
  readonly reasons: readonly string[];
}

const SHORT_HEADERS: Readonly<Record<string, string>> = { 'refused calls': 'refused' };

type Columns = readonly number[];

export function compareView(runs: readonly StrategyRun[], current: StrategyName, width: number, paneRows = Infinity): CompareView {
  const rows = compareRuns(runs).map(strategyCells);
  const currentRow = runs.findIndex((run) => run.strategy === current);
  const short = COMPARE_HEADERS.map((header) => SHORT_HEADERS[header] ?? header);
  const table = (headers: readonly string[], columns: Columns) =>
    formatTable(
      columns.map((i) => headers[i]!),
      rows.map((cells) => columns.map((i) => cells[i]!)),
      columns.map((i) => i > 0),
    ).split('\n');
  const all = COMPARE_HEADERS.map((_, i) => i);
  // Narrower: the final context goes (the gauge shows it), the money stays; narrower still, the
  // tokens and the money in two tables one above the other, so no figure is cut.
  const attempts: (() => string[][])[] = [
    () => [table(COMPARE_HEADERS, all)],
    () => [table(short, all)],
    () => [table(short, all.filter((i) => i !== 2))],
    () => [table(short, [0, 1, 3]), table(short, [0, 4, 5])],
  ];
  let tables: string[][] = [];
  for (const attempt of attempts) {
    tables = attempt();
    if (tables.every((lines) => lines.every((line) => line.length <= width))) break;
  }
  type Line = { readonly text: string; readonly kind: CompareView['lines'][number] };
  const kindOf = (i: number): Line['kind'] => (i === 0 ? 'header' : i === 1 ? 'rule' : i - 2 === currentRow ? 'current' : 'row');
  let shown: Line[] = tables.flatMap((lines, t) => [...(t > 0 ? [{ text: '', kind: 'gap' as const }] : []), ...lines.map((text, i) => ({ text, kind: kindOf(i) }))]);
  // A pane too short for the table (40 x 12): the headers and the strategy the panels show, then that row alone.
  if (shown.length > paneRows) shown = shown.filter((line) => line.kind === 'header' || line.kind === 'current');
  if (shown.length > paneRows) shown = shown.filter((line) => line.kind === 'current');
  return {
    table: shown.map((line) => line.text),
    lines: shown.map((line) => line.kind),
    reasons: runs.flatMap((run) => savingReason(run) ?? []),
  };
}
