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
  /** The table's lines: headers, rule, a row per strategy. */
  readonly table: readonly string[];
  /** Which row is the strategy the panels show (0-based among the strategies). */
  readonly current: number;
  /** Why each strategy saved what it saved (keep-all has none). */
  readonly reasons: readonly string[];
}

const SHORT_HEADERS: Readonly<Record<string, string>> = { 'refused calls': 'refused' };

export function compareView(runs: readonly StrategyRun[], current: StrategyName, width: number): CompareView {
  const rows = compareRuns(runs).map(strategyCells);
  const right = COMPARE_HEADERS.map((_, i) => i > 0);
  const attempts = [
    () => formatTable(COMPARE_HEADERS, rows, right),
    () => formatTable(COMPARE_HEADERS.map((header) => SHORT_HEADERS[header] ?? header), rows, right),
    // Narrower still: the final context goes (the gauge shows it), the money stays.
    () => {
      const keep = COMPARE_HEADERS.map((_, i) => i !== 2);
      const pick = <T>(cells: readonly T[]) => cells.filter((_, i) => keep[i]);
      return formatTable(pick(COMPARE_HEADERS.map((header) => SHORT_HEADERS[header] ?? header)), rows.map(pick), pick(right));
    },
  ];
  let table = '';
  for (const attempt of attempts) {
    table = attempt();
    if (table.split('\n').every((line) => line.length <= width)) break;
  }
  return {
    table: table.split('\n'),
    current: runs.findIndex((run) => run.strategy === current),
    reasons: runs.flatMap((run) => savingReason(run) ?? []),
  };
}
