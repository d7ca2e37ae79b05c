import type { FooterItem } from './keymap.js';

/**
 * Where everything goes for a terminal size. Ink does not clip to the terminal, so every pane is
 * given an exact height here and renders exactly that many rows. The frame is one row shorter than
 * the terminal: a frame as tall as the terminal makes Ink clear the screen on every render.
 *
 * - wide (80 columns or more, enough rows): conversation on the left; gauge, costs and the chart
 *   on the right, each in a bordered panel.
 * - stacked (narrower, or short): gauge, costs, then the conversation; borderless below 34 rows,
 *   shedding the gauge's legend, the prices and the conversation's title as rows run out.
 */
export const WIDE_MIN_COLUMNS = 80;
const BORDER = 2;
const CHART_MIN_ROWS = 4;
const STACKED_BORDERED_MIN_ROWS = 34;

export interface LayoutPlan {
  readonly columns: number;
  /** Rows of the whole frame. */
  readonly rows: number;
  readonly stacked: boolean;
  readonly bordered: boolean;
  /** Outer widths of the two columns (the same when stacked). */
  readonly leftWidth: number;
  readonly rightWidth: number;
  readonly conversationRows: number;
  /** Whether the conversation has its title rule (borderless layouts drop it when short). */
  readonly conversationTitle: boolean;
  /** 4: figures, bar, legend, largest; 3: no legend; 2: figures and bar. */
  readonly gaugeRows: number;
  /** 4 in a panel; 2 or 1 borderless. */
  readonly costRows: number;
  /** Chart rows inside its panel; 0 hides it. */
  readonly chartRows: number;
  readonly footerLines: readonly (readonly FooterItem[])[];
  readonly footerGap: number;
}

export interface LayoutInput {
  readonly columns: number;
  readonly rows: number;
  readonly bannerRows: number;
  /** The footer's items with long labels ("Ctrl+L paste log") and short ones ("^L log"). */
  readonly footer: readonly FooterItem[];
  readonly shortFooter: readonly FooterItem[];
}

/** Packs footer items into as few lines of `width` as possible, in order. */
export function packFooter(items: readonly FooterItem[], width: number, gap: number): FooterItem[][] {
  const lines: FooterItem[][] = [];
  let used = 0;
  for (const item of items) {
    const size = item.keys.length + 1 + item.label.length;
    const line = lines[lines.length - 1];
    if (line && used + gap + size <= width) {
      line.push(item);
      used += gap + size;
    } else {
      lines.push([item]);
      used = size;
    }
  }
  return lines;
}

/** The rows the smallest layout needs besides the header, banner and footer: gauge figures and bar, costs, a conversation row, the input line. */
const SMALLEST_BODY = 5;

/**
 * The footer in at most `maxLines` lines: all of it when it fits; else items are dropped from the
 * end, keeping the last (quit), and "…" says some are not shown (only on the smallest terminals).
 */
export function fitFooter(items: readonly FooterItem[], width: number, gap: number, maxLines: number): FooterItem[][] {
  const all = packFooter(items, width, gap);
  if (all.length <= maxLines || items.length < 2) return all;
  const last = items[items.length - 1]!;
  for (let keep = items.length - 2; keep > 0; keep--) {
    const lines = packFooter([...items.slice(0, keep), { keys: '…', label: '' }, last], width, gap);
    if (lines.length <= maxLines) return lines;
  }
  return packFooter([{ keys: '…', label: '' }, last], width, gap);
}

export function planLayout({ columns, rows, bannerRows, footer, shortFooter }: LayoutInput): LayoutPlan {
  const width = Math.max(20, columns);
  const height = Math.max(8, rows - 1);
  const wide = width >= WIDE_MIN_COLUMNS;
  const footerGap = wide ? 3 : 2;
  const footerLines = fitFooter(wide ? footer : shortFooter, width - 1, footerGap, Math.max(1, height - 1 - bannerRows - SMALLEST_BODY));
  const fixed = 1 + bannerRows + footerLines.length;
  const common = { columns: width, rows: height, footerLines, footerGap };

  const gaugePanel = 4 + BORDER;
  const costPanel = 4 + BORDER;
  const main = height - fixed - (1 + BORDER);
  if (wide && main >= gaugePanel + costPanel + 2) {
    const rightWidth = Math.max(42, Math.min(60, Math.floor(width * 0.45)));
    const chartSpace = main - gaugePanel - costPanel - BORDER;
    return {
      ...common,
      stacked: false,
      bordered: true,
      leftWidth: width - rightWidth,
      rightWidth,
      conversationRows: main - BORDER,
      conversationTitle: true,
      gaugeRows: 4,
      costRows: 4,
      chartRows: chartSpace >= CHART_MIN_ROWS ? chartSpace : 0,
    };
  }
  if (rows >= STACKED_BORDERED_MIN_ROWS) {
    const left = main - gaugePanel - costPanel - BORDER;
    const chartRows = left >= 20 ? 6 : 0;
    return {
      ...common,
      stacked: true,
      bordered: true,
      leftWidth: width,
      rightWidth: width,
      conversationRows: left - (chartRows ? chartRows + BORDER : 0),
      conversationTitle: true,
      gaugeRows: 4,
      costRows: 4,
      chartRows,
    };
  }
  const available = height - fixed - 1;
  const gaugeRows = available >= 20 ? 4 : available >= 12 ? 3 : 2;
  const costRows = available >= 20 ? 2 : 1;
  const conversationTitle = available >= 8;
  return {
    ...common,
    stacked: true,
    bordered: false,
    leftWidth: width,
    rightWidth: width,
    conversationRows: Math.max(1, available - gaugeRows - costRows - (conversationTitle ? 1 : 0)),
    conversationTitle,
    gaugeRows,
    costRows,
    chartRows: 0,
  };
}
