import type { FooterItem } from '../input/keymap.js';

/**
 * Where everything goes for a terminal size. Ink does not clip to the terminal, so every pane is
 * given an exact height here and renders exactly that many rows. The frame is one row shorter than
 * the terminal: a frame as tall as the terminal makes Ink clear the screen on every render.
 *
 * - wide (80 columns or more, enough rows): conversation on the left; gauge, costs and the chart
 *   on the right, each in a bordered panel.
 * - stacked (narrower, or short): gauge, costs, then the conversation; borderless below 34 rows,
 *   shedding the gauge's legend, the prices and the conversation's title as rows run out.
 * The budget and KV panels, when asked for, come after the costs (see `placeExtras`).
 */
export const WIDE_MIN_COLUMNS = 80;
const BORDER = 2;
const CHART_MIN_ROWS = 4;
const STACKED_BORDERED_MIN_ROWS = 34;
const LONG_FOOTER_GAP = 3;
const SHORT_FOOTER_GAP = 2;

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
  /** 5 (up to 7 where a chart does not fit): figures, bar, legend, largest, notes; 4: the notes take the largest's row; 3: no legend; 2: figures and bar. */
  readonly gaugeRows: number;
  /** 4 in a panel; 2, 1 or none borderless. */
  readonly costRows: number;
  /** Chart rows inside its panel; 0 hides it. */
  readonly chartRows: number;
  readonly footerLines: readonly (readonly FooterItem[])[];
  readonly footerGap: number;
  /** The budget and KV panels: where and how many content rows; undefined when not asked for or no room. */
  readonly budget: ExtraSlot | undefined;
  readonly kv: ExtraSlot | undefined;
}

/** An optional panel's place: under the costs (`right`), or under the conversation (`left`, wide layouts). */
export interface ExtraSlot {
  readonly rows: number;
  readonly column: 'right' | 'left';
}

/** Optional panels by priority: full rows, rows when squeezed, and 1 row borderless. */
export const EXTRA_ROWS = { budget: { full: 4, compact: 2 }, kv: { full: 4, compact: 2 } } as const;
export type ExtraName = keyof typeof EXTRA_ROWS;

export interface LayoutInput {
  readonly columns: number;
  readonly rows: number;
  readonly bannerRows: number;
  /** The footer's items with long labels ("Ctrl+L paste log") and short ones ("^L log"). */
  readonly footer: readonly FooterItem[];
  readonly shortFooter: readonly FooterItem[];
  /** The optional panels asked for (`--budget`, `--kv`). */
  readonly extras?: readonly ExtraName[];
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

export function planLayout({ columns, rows, bannerRows, footer, shortFooter, extras = [] }: LayoutInput): LayoutPlan {
  const width = Math.max(20, columns);
  const height = Math.max(8, rows - 1);
  const wide = width >= WIDE_MIN_COLUMNS;
  // Long labels while they take at most two lines (spaced by three, else by two as the short ones
  // are: every dashboard key's long label fits two lines of 120 columns only so); short ones rather
  // than a third; on the smallest terminals, as many short ones as leave the body its rows, and "…" (fitFooter).
  const footerRoom = Math.max(1, height - 1 - bannerRows - SMALLEST_BODY);
  const longFits = (gap: number) => wide && packFooter(footer, width - 1, gap).length <= Math.min(2, footerRoom);
  const longGap = [LONG_FOOTER_GAP, SHORT_FOOTER_GAP].find(longFits);
  // Short labels pack tighter (a gap of 2): at 80 columns they keep to two lines.
  const footerGap = longGap ?? SHORT_FOOTER_GAP;
  const footerLines =
    longGap !== undefined ? packFooter(footer, width - 1, longGap) : fitFooter(shortFooter, width - 1, footerGap, footerRoom);
  const fixed = 1 + bannerRows + footerLines.length;
  const common = { columns: width, rows: height, footerLines, footerGap };

  const costPanel = 4 + BORDER;
  const main = height - fixed - (1 + BORDER);
  if (wide && main >= 4 + BORDER + costPanel + 2) {
    // Half the screen: the chart and the legends use what a wide terminal has (100 columns at 200).
    const rightWidth = Math.max(42, Math.floor(width * 0.5));
    const full = placeExtras(extras, { space: main - costPanel, gaugeRows: 5, leftSpace: main - BORDER, minConversation: 8 });
    // Where a budget or KV panel, or the chart, would not fit, the gauge gives up its largest-message
    // row and the costs take their two-row form: a panel asked for never vanishes for their sake.
    const squeezed = placeExtras(extras, { space: main - (2 + BORDER), gaugeRows: 4, leftSpace: main - BORDER, minConversation: 8 });
    const slots = (p: typeof full) => Object.keys(p.slots).length;
    const chartGained = full.space - BORDER < CHART_MIN_ROWS && squeezed.space - BORDER >= CHART_MIN_ROWS;
    const squeeze = slots(squeezed) > slots(full) || (chartGained && slots(squeezed) >= slots(full));
    const placed = squeeze ? squeezed : full;
    const chartSpace = placed.space - BORDER;
    // Rows too few for a chart go to the gauge, for more of the strategy's notes.
    const gaugeRows = placed.gaugeRows + (chartSpace >= CHART_MIN_ROWS ? 0 : Math.min(2, Math.max(0, placed.space)));
    return {
      ...common,
      stacked: false,
      bordered: true,
      leftWidth: width - rightWidth,
      rightWidth,
      conversationRows: placed.leftSpace,
      conversationTitle: true,
      gaugeRows,
      costRows: squeeze ? 2 : 4,
      chartRows: chartSpace >= CHART_MIN_ROWS ? chartSpace : 0,
      budget: placed.slots.budget,
      kv: placed.slots.kv,
    };
  }
  if (rows >= STACKED_BORDERED_MIN_ROWS) {
    // One column: the extras take rows from the conversation, which keeps at least 8.
    const placed = placeExtras(extras, { space: main - costPanel - BORDER - 8, gaugeRows: 5, leftSpace: 0, minConversation: 8 });
    const left = placed.space + 8;
    const chartRows = left >= 20 ? 6 : 0;
    return {
      ...common,
      stacked: true,
      bordered: true,
      leftWidth: width,
      rightWidth: width,
      conversationRows: left - (chartRows ? chartRows + BORDER : 0),
      conversationTitle: true,
      gaugeRows: placed.gaugeRows,
      costRows: 4,
      chartRows,
      budget: placed.slots.budget,
      kv: placed.slots.kv,
    };
  }
  const available = height - fixed - 1;
  const gaugeRows = available >= 20 ? 4 : available >= 12 ? 3 : 2;
  // The costs go last when even one line is too many (banners on a tiny terminal).
  const costRows = available >= 20 ? 2 : available >= 4 ? 1 : 0;
  const conversationTitle = available >= 8;
  // Borderless, an extra is one line, while the conversation keeps at least 4 rows.
  const slots: Partial<Record<ExtraName, ExtraSlot>> = {};
  let spare = available - gaugeRows - costRows - (conversationTitle ? 1 : 0) - 4;
  for (const name of extras) {
    if (spare < 1) break;
    slots[name] = { rows: 1, column: 'right' };
    spare -= 1;
  }
  const extraRows = Object.keys(slots).length;
  return {
    ...common,
    stacked: true,
    bordered: false,
    leftWidth: width,
    rightWidth: width,
    conversationRows: Math.max(1, available - gaugeRows - costRows - extraRows - (conversationTitle ? 1 : 0)),
    conversationTitle,
    gaugeRows,
    costRows,
    chartRows: 0,
    budget: slots.budget,
    kv: slots.kv,
  };
}

interface Room {
  /** Rows left in the panels' column for the gauge, the extras (and the chart). */
  readonly space: number;
  readonly gaugeRows: number;
  /** Rows of the conversation's column (wide layouts), which can take an extra under it. */
  readonly leftSpace: number;
  readonly minConversation: number;
}

interface Placed extends Room {
  readonly slots: Partial<Record<ExtraName, ExtraSlot>>;
}

/**
 * Places the optional panels: all full size under the costs if they fit; else all squeezed, the
 * gauge giving up its last row if that is what it takes; else one by one in priority order, full,
 * squeezed, or full size under the conversation if it keeps `minConversation` rows; else not at
 * all. What is left of `space` goes to the chart.
 */
export function placeExtras(extras: readonly ExtraName[], room: Room): Placed {
  let { space, gaugeRows, leftSpace } = room;
  space -= gaugeRows + BORDER;
  const slots: Partial<Record<ExtraName, ExtraSlot>> = {};
  const total = (size: 'full' | 'compact') => extras.reduce((sum, name) => sum + EXTRA_ROWS[name][size] + BORDER, 0);
  for (const size of ['full', 'compact'] as const) {
    const shrink = size === 'compact' && gaugeRows === 5 && space < total(size) && space + 1 >= total(size) ? 1 : 0;
    if (space + shrink >= total(size)) {
      for (const name of extras) slots[name] = { rows: EXTRA_ROWS[name][size], column: 'right' };
      return { ...room, space: space + shrink - total(size), gaugeRows: gaugeRows - shrink, leftSpace, slots };
    }
  }
  for (const name of extras) {
    const { full, compact } = EXTRA_ROWS[name];
    if (space >= full + BORDER) slots[name] = { rows: full, column: 'right' };
    else if (space >= compact + BORDER) slots[name] = { rows: compact, column: 'right' };
    else if (gaugeRows === 5 && space + 1 >= compact + BORDER) {
      gaugeRows = 4;
      space += 1;
      slots[name] = { rows: compact, column: 'right' };
    } else if (leftSpace - full - BORDER >= room.minConversation) {
      slots[name] = { rows: full, column: 'left' };
      leftSpace -= full + BORDER;
      continue;
    } else continue;
    space -= slots[name]!.rows + BORDER;
  }
  return { ...room, space, gaugeRows, leftSpace, slots };
}
