import { footerItems, type FooterItem } from '../input/keymap.js';
import { foldRowsFor } from './conversationRows.js';
import { fitFooter, WIDE_MIN_COLUMNS } from './layout.js';
import type { TurnFit } from './turnRows.js';

/**
 * Where the reported-calls screen puts its panels: side by side from 80 columns (the call list
 * left; gauge, cost and chart right), stacked below that, the chart only where rows are left for it.
 */
export interface CallsLayout {
  readonly columns: number;
  readonly rows: number;
  readonly wide: boolean;
  readonly bordered: boolean;
  readonly leftWidth: number;
  readonly rightWidth: number;
  /** Content rows of each panel (0: not shown). */
  readonly listRows: number;
  /** The reply panel's, under the list (a live source's calls stream their replies). */
  readonly replyRows: number;
  readonly gaugeRows: number;
  readonly costRows: number;
  /** Rows of bars (the legend's row is one more). */
  readonly chartRows: number;
  readonly footer: readonly (readonly FooterItem[])[];
  /** Calls one page of PageUp scrolls by, and the most it can. */
  readonly page: number;
  /** How each call's turn fits the list: its text's width, the rows of a prompt or reply, the rows of the whole turn. */
  readonly turn: TurnFit;
}

const FOOTER_GAP = 2;

export interface CallsLayoutInput {
  readonly notice: number;
  readonly prompt: boolean;
  /** Sessions the calls come from: Tab is in the footer only where there are two or more. */
  readonly sessions?: number;
  /** A live source: its calls stream their replies, shown in a pane under the list. */
  readonly reply?: boolean;
}

export function callsLayout(columns: number, rows: number, { notice, prompt, sessions = 1, reply = false }: CallsLayoutInput): CallsLayout {
  const width = Math.max(20, columns);
  // The last row stays empty, as the conversation dashboard's (a full last row scrolls some terminals).
  const height = Math.max(8, rows - 1);
  const wide = width >= WIDE_MIN_COLUMNS;
  const bordered = wide && height >= 20;
  const footer = fitFooter(footerItems('calls', !wide, sessions < 2 ? ['nextSession'] : []), width, FOOTER_GAP, height >= 20 ? 2 : 1);
  const frame = bordered ? 2 : 1;
  const body = Math.max(3, height - 1 - footer.length - notice - (prompt ? (bordered ? 3 : 1) : 0));
  if (wide) {
    const rightWidth = Math.min(48, Math.floor(width * 0.42));
    const gaugeRows = 2;
    const costRows = 5;
    const left = body - (gaugeRows + frame) - (costRows + frame) - frame - 1;
    // The chart's bars are read by their heights: ten rows tell them apart, more only stretch them.
    const chartRows = left >= 2 ? Math.min(10, left) : 0;
    // A third of the left column, at most 8 rows, for the reply; the list keeps two calls at least.
    const replyRows = reply ? Math.min(8, Math.floor((body - 2 * frame) / 3)) : 0;
    const listRows = Math.max(1, body - frame - (replyRows > 0 ? replyRows + frame : 0));
    const leftWidth = width - rightWidth;
    return { columns: width, rows: height, wide, bordered, leftWidth, rightWidth, listRows, replyRows, gaugeRows, costRows, chartRows, footer, page: Math.max(1, Math.floor(listRows / 2) - 1), turn: turnFit(leftWidth, listRows, bordered) };
  }
  const gaugeRows = 2;
  const costRows = body >= 14 ? 4 : 2;
  const chartRows = body >= 18 ? 4 : 0;
  const replyRows = reply && body >= 14 ? 3 : 0;
  const listRows = Math.max(1, body - (gaugeRows + frame) - (costRows + frame) - (chartRows > 0 ? chartRows + 1 + frame : 0) - frame - (replyRows > 0 ? replyRows + frame : 0));
  return { columns: width, rows: height, wide, bordered, leftWidth: width, rightWidth: width, listRows, replyRows, gaugeRows, costRows, chartRows, footer, page: Math.max(1, Math.floor(listRows / 2) - 1), turn: turnFit(width, listRows, bordered) };
}

/** Below six rows the list shows the calls' figures only; above, each turn under its call (its two rows of figures kept). */
function turnFit(panelWidth: number, listRows: number, bordered: boolean): TurnFit {
  if (listRows < 6) return { width: 1, textRows: 0, maxRows: 0 };
  // The list indents the turn by two columns, as it does a call's figures.
  return { width: Math.max(1, panelWidth - (bordered ? 4 : 0) - 2), textRows: Math.min(3, foldRowsFor(listRows)), maxRows: listRows - 2 };
}

/** How far the call list scrolls up: all but the calls one screen shows (one, where turns take the rows). */
export function callsMaxScroll(layout: CallsLayout, calls: number): number {
  const onScreen = layout.turn.textRows > 0 ? 1 : Math.floor(layout.listRows / 2);
  return Math.max(0, calls - Math.max(1, onScreen));
}
