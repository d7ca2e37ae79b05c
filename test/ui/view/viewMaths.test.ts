import { describe, expect, it } from 'vitest';
import { columnCells, fitColumns } from '../../../src/ui/view/barChart.js';
import { foldText } from '../../../src/ui/view/fold.js';
import { cellRuns, gaugeCells } from '../../../src/ui/view/gaugeBar.js';
import { packFooter, planLayout } from '../../../src/ui/view/layout.js';
import { legendItems } from '../../../src/ui/view/gaugeLegend.js';
import { footerItems } from '../../../src/ui/input/keymap.js';

const parts = (user: number, overhead: number) => ({ system: 0, user, assistant: 0, tool: 0, definitions: 0, overhead });

describe('foldText', () => {
  it('shows short text whole', () => {
    expect(foldText('one\ntwo', 10, 4)).toEqual({ rows: ['one', 'two'], hiddenRows: 0 });
  });

  it('wraps at a space, and mid-word when a word is longer than the row', () => {
    expect(foldText('aaaa bbbb cccc', 10, 4).rows).toEqual(['aaaa bbbb', 'cccc']);
    expect(foldText('abcdefghijkl', 5, 4).rows).toEqual(['abcde', 'fghij', 'kl']);
  });

  it('keeps the first rows of long text and counts the rows left out', () => {
    const text = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join('\n');
    expect(foldText(text, 20, 4)).toEqual({ rows: ['line 1', 'line 2', 'line 3'], hiddenRows: 37 });
  });

  it('folds a 5 MB single line without returning more than it shows', () => {
    const folded = foldText('x'.repeat(5_000_000), 50, 4);
    expect(folded.rows).toEqual(['x'.repeat(50), 'x'.repeat(50), 'x'.repeat(50)]);
    expect(folded.hiddenRows).toBe(100_000 - 3);
  });
});

describe('gaugeCells', () => {
  it('fills the window in proportion, the rest empty', () => {
    expect(cellRuns(gaugeCells({ used: 50, limit: 100, parts: parts(40, 10) }, 10))).toEqual([
      { cell: 'user', length: 4 },
      { cell: 'overhead', length: 1 },
      { cell: 'empty', length: 5 },
    ]);
  });

  it('scales to the prompt when it overflows the window, marking where the window ends', () => {
    const cells = gaugeCells({ used: 200, limit: 100, parts: parts(190, 10) }, 10);
    expect(cells).toHaveLength(10);
    expect(cells[5]).toBe('limit');
    expect(cells.filter((cell) => cell === 'empty')).toHaveLength(0);
  });
});

describe('column chart', () => {
  it('draws each value in eighths of a row, the largest full height, any value above zero visible', () => {
    expect(columnCells(100, 100, 2)).toEqual(['█', '█']);
    expect(columnCells(50, 100, 2)).toEqual([' ', '█']);
    expect(columnCells(25, 100, 2)).toEqual([' ', '▄']);
    expect(columnCells(0.001, 100, 2)).toEqual([' ', '▁']);
    expect(columnCells(0, 100, 2)).toEqual([' ', ' ']);
  });

  it('widens few columns and keeps the newest when there are too many', () => {
    expect(fitColumns(3, 20)).toEqual({ count: 3, columnWidth: 3 });
    expect(fitColumns(100, 20)).toEqual({ count: 10, columnWidth: 1 });
  });
});

describe('planLayout', () => {
  const footer = footerItems('dashboard');
  const shortFooter = footerItems('dashboard', true);
  type Plan = ReturnType<typeof planLayout>;
  /** Rows the budget and KV panels take in a column, borders included. */
  const extraRows = (plan: Plan, column: 'left' | 'right') =>
    [plan.budget, plan.kv].reduce((sum, slot) => sum + (slot?.column === column ? slot.rows + (plan.bordered ? 2 : 0) : 0), 0);
  const heights = (plan: Plan, bannerRows: number) => {
    const fixed = 1 + bannerRows + plan.footerLines.length;
    if (!plan.bordered) return fixed + 1 + plan.gaugeRows + plan.costRows + extraRows(plan, 'right') + plan.conversationRows + (plan.conversationTitle ? 1 : 0);
    const chart = plan.chartRows ? plan.chartRows + 2 : 0;
    const panels = plan.gaugeRows + plan.costRows + 4 + extraRows(plan, 'right') + chart;
    const conversation = plan.conversationRows + 2 + extraRows(plan, 'left');
    return fixed + 3 + (plan.stacked ? panels + conversation : Math.max(panels, conversation));
  };

  it.each([
    [120, 40, false],
    [100, 24, false],
    [80, 24, false],
    [60, 20, true],
    [60, 40, true],
    [40, 12, true],
  ])('%i x %i fits one row short of the terminal (stacked: %s)', (columns, rows, stacked) => {
    for (const bannerRows of [0, 1, 2, 3]) {
      for (const extras of [[], ['budget'], ['kv'], ['budget', 'kv']] as const) {
        const plan = planLayout({ columns, rows, bannerRows, footer, shortFooter, extras });
        expect(plan.stacked).toBe(stacked);
        expect(heights(plan, bannerRows)).toBeLessThanOrEqual(rows - 1);
        expect(plan.conversationRows).toBeGreaterThanOrEqual(1);
        expect(plan.gaugeRows).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('keeps the footer to what fits on the smallest terminals, "…" for the rest, quit always shown', () => {
    const small = planLayout({ columns: 40, rows: 12, bannerRows: 3, footer, shortFooter }).footerLines.flat();
    expect(small.at(-1)).toEqual(shortFooter.at(-1));
    expect(small.at(-1)?.label).toBe('quit');
    expect(small.at(-2)).toEqual({ keys: '…', label: '' });
    expect(small.length).toBeLessThan(shortFooter.length);
    expect(planLayout({ columns: 60, rows: 40, bannerRows: 3, footer, shortFooter }).footerLines.flat()).toEqual(shortFooter);
  });

  it('gives a wide terminal a wide accounting column: half of 200 columns, not 60', () => {
    const plan = planLayout({ columns: 200, rows: 50, bannerRows: 2, footer, shortFooter });
    expect(plan.rightWidth).toBe(100);
    expect(plan.leftWidth).toBe(100);
  });

  it('keeps a chart at 80 x 24, the gauge and the costs squeezed for it, and the footer in two lines', () => {
    const plan = planLayout({ columns: 80, rows: 24, bannerRows: 1, footer, shortFooter });
    expect(plan.chartRows).toBeGreaterThanOrEqual(4);
    expect(plan.gaugeRows).toBe(4);
    expect(plan.costRows).toBe(2);
    expect(plan.footerLines).toHaveLength(2);
    // A budget panel goes before the chart does.
    const budget = planLayout({ columns: 80, rows: 24, bannerRows: 2, footer, shortFooter, extras: ['budget'] });
    expect(budget.budget).toBeDefined();
  });

  it('shows every key with its long label in two lines at 120 columns, short labels at 80', () => {
    const wide = planLayout({ columns: 120, rows: 40, bannerRows: 1, footer, shortFooter }).footerLines;
    expect(wide.flat()).toEqual(footer);
    expect(wide.length).toBeLessThanOrEqual(2);
    // Every key's long label fits two lines of 120 only two spaces apart; with room, three.
    expect(planLayout({ columns: 120, rows: 40, bannerRows: 1, footer, shortFooter }).footerGap).toBe(2);
    const roomy = planLayout({ columns: 200, rows: 50, bannerRows: 1, footer, shortFooter });
    expect([roomy.footerGap, roomy.footerLines.flat()]).toEqual([3, footer]);
    const narrow = planLayout({ columns: 80, rows: 24, bannerRows: 1, footer, shortFooter }).footerLines;
    expect(narrow.flat()).toEqual(shortFooter);
    expect(narrow.length).toBeLessThanOrEqual(2);
    // While autoplay runs, "+/- speed" joins them and the long labels still fit (they fell to the short ones at 120).
    const playing = planLayout({ columns: 120, rows: 40, bannerRows: 1, footer: footerItems('playing'), shortFooter: footerItems('playing', true) });
    expect(playing.footerLines.flat()).toEqual(footerItems('playing'));
    expect(playing.footerLines.flat().map((item) => `${item.keys} ${item.label}`)).toContain('+/- speed');
    expect(playing.footerLines).toHaveLength(2);
  });

  it('places the budget and KV panels where there is room: under the costs, squeezed, under the conversation, or not at all', () => {
    const plan = (columns: number, rows: number) => planLayout({ columns, rows, bannerRows: 1, footer, shortFooter, extras: ['budget', 'kv'] });
    const wide = plan(120, 40);
    expect([wide.budget, wide.kv]).toEqual([{ rows: 4, column: 'right' }, { rows: 4, column: 'right' }]);
    expect(wide.chartRows).toBeGreaterThanOrEqual(4);
    // 80 x 24: the budget squeezed under the costs, the KV panel under the conversation.
    const small = plan(80, 24);
    expect([small.budget, small.kv]).toEqual([{ rows: 2, column: 'right' }, { rows: 4, column: 'left' }]);
    expect(small.conversationRows).toBeGreaterThanOrEqual(8);
    // Stacked and bordered: both squeezed above the conversation.
    expect([plan(60, 40).budget, plan(60, 40).kv]).toEqual([{ rows: 2, column: 'right' }, { rows: 2, column: 'right' }]);
    // Borderless: a line each while the conversation keeps 4 rows; none at 40 x 12.
    expect([plan(60, 20).budget, plan(60, 20).kv]).toEqual([{ rows: 1, column: 'right' }, { rows: 1, column: 'right' }]);
    expect([plan(40, 12).budget, plan(40, 12).kv]).toEqual([undefined, undefined]);
    expect(planLayout({ columns: 120, rows: 40, bannerRows: 0, footer, shortFooter }).budget).toBeUndefined();
  });

  it('packs footer items greedily into lines no wider than asked', () => {
    const lines = packFooter(shortFooter, 39, 2);
    for (const line of lines) expect(line.map((item) => `${item.keys} ${item.label}`).join('  ').length).toBeLessThanOrEqual(39);
    expect(lines.flat()).toEqual(shortFooter);
  });
});


describe('legendItems', () => {
  const parts = { system: 0, user: 10_068, assistant: 65, tool: 41_890, definitions: 1_200, overhead: 3 };
  const line = (width: number) => legendItems(parts, width).map((item) => `█${item.text}`).join('');
  it('abbreviates the names before a figure is cut: every part keeps its tokens in any width', () => {
    expect(line(80)).toBe('█ user 10,068  █ assistant 65  █ tool 41,890  █ tool defs 1,200  █ format 3');
    expect(line(64)).toBe('█ user 10,068  █ asst 65  █ tool 41,890  █ defs 1,200  █ fmt 3');
    expect(line(58)).toBe('█ user 10,068 █ asst 65 █ tool 41,890 █ defs 1,200 █ fmt 3');
    for (const width of [30, 40, 50]) {
      const text = line(width);
      for (const figure of ['10,068', '65', '41,890', '1,200', '3']) expect(text).toContain(figure);
    }
    expect(line(36)).toBe('█ 10,068 █ 65 █ 41,890 █ 1,200 █ 3');
  });
});
