import { render } from 'ink-testing-library';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { requireModel } from '../../../src/core/catalog.js';
import type { ContextUsage } from '../../../src/core/contextUsage.js';
import { Banner } from '../../../src/ui/components/Banner.js';
import { bannerLines } from '../../../src/ui/view/frameText.js';
import { ContextGauge } from '../../../src/ui/components/ContextGauge.js';
import { CostChart } from '../../../src/ui/components/CostChart.js';
import { callChartNote, fitCallChart } from '../../../src/ui/view/callChart.js';
import { CostPanel } from '../../../src/ui/components/CostPanel.js';
import { Footer } from '../../../src/ui/components/Footer.js';
import { Header } from '../../../src/ui/components/Header.js';
import { InputLine } from '../../../src/ui/components/InputLine.js';
import { createTheme, ThemeContext } from '../../../src/ui/view/theme.js';
import { formatUsd } from '../../../src/core/format.js';

/** Renders without colour (NO_COLOR), where the gauge tells its parts apart by texture. */
const plain = (node: ReactNode) => render(<ThemeContext.Provider value={createTheme(false)}>{node}</ThemeContext.Provider>).lastFrame();

function usage(used: number, limit: number, user: number): ContextUsage {
  const level = used > limit ? 'over' : used >= 0.8 * limit ? 'high' : used >= 0.5 * limit ? 'elevated' : 'low';
  return {
    used,
    limit,
    percent: (used / limit) * 100,
    level,
    parts: { system: 0, user, assistant: 0, tool: 0, definitions: 0, overhead: used - user },
    largest: { number: 2, role: 'user', tokens: user, share: (user / used) * 100 },
  };
}

describe('components', () => {
  it('ContextGauge: figures, a bar with the window end marked, legend, largest message', () => {
    expect(plain(<ContextGauge usage={usage(200, 100, 190)} width={20} rows={4} />)).toBe(
      [
        '200 / 100 tokens (200.0%)',
        // 200 tokens over 20 cells: 190 of user, 10 of framing; the window (100) ends half way.
        '██████████┃████████▪',
        '█ user 190  ▪ fmt 10',
        'largest: user #2, 190 tokens, 95.0%',
      ].join('\n'),
    );
  });

  it('ContextGauge: says what it is still working out', () => {
    expect(plain(<ContextGauge usage={usage(50, 100, 40)} width={10} rows={2} busy="counting..." />)).toBe(
      '50 / 100 tokens (50.0%)  counting...\n████▪·····',
    );
  });

  it('Banner: the limit warning over the limit, its words shortened when narrow and its figures kept', () => {
    const over = usage(10_021, 8_192, 10_011);
    expect(plain(<Banner lines={bannerLines(over, 100)} over width={100} />)).toBe(
      ' Context limit exceeded: the API refuses the next call and bills nothing (10,021 / 8,192 tokens)',
    );
    // At 40 and 80 columns it used to wrap to the warning's words and drop the figures.
    expect(bannerLines(over, 80)).toEqual(['Context limit exceeded: 10,021 / 8,192 tokens, refused and billed nothing']);
    expect(bannerLines(over, 40)).toEqual(['Limit exceeded: 10,021 / 8,192 tokens']);
    // Narrower than any form: the shortest wraps, every figure still whole.
    expect(bannerLines(over, 14)).toEqual(['Over: 10,021', '/ 8,192']);
    expect(bannerLines(usage(6_600, 8_192, 6_000), 40)).toEqual(['Context 80.6% full of 8,192 tokens']);
    expect(bannerLines(over, 100, 'Ctrl+T: a bigger window')).toEqual([
      'Context limit exceeded: the API refuses the next call and bills nothing (10,021 / 8,192 tokens)',
      'Ctrl+T: a bigger window',
    ]);
    expect(bannerLines(usage(6_600, 8_192, 6_000), 100)).toEqual(['Notice: context 80.6% full, nearing the 8,192-token limit']);
    expect(bannerLines(usage(6_500, 8_192, 6_000), 100)).toEqual([]);
  });

  it('CostPanel: next call, spend, tokens billed so far, the prices', () => {
    const status = { messages: 3, usedTokens: 5_034, limit: 8_192, percent: 61.5, nextCallCost: 0.15102, overLimit: false, cumulativeCost: 0.15117, calls: 1, refusedCalls: 0, inputTokens: 5_021 };
    expect(plain(<CostPanel status={status} model={requireModel('gpt-4')} rows={4} />)).toBe(
      [
        `next call      ${formatUsd(0.15102)} · 5,034 tokens`,
        `session spend  ${formatUsd(0.15117)} · 1 call`,
        'billed so far  5,021 input tokens',
        'gpt-4: $30 in / $60 out per 1M',
      ].join('\n'),
    );
  });

  it('CostPanel over the window: the next call keeps its price and says it would be refused; refused calls bill nothing', () => {
    // The lesson on gpt-4 after its first reply: the call sent 10,021 tokens to an 8,192-token window.
    const status = { messages: 3, usedTokens: 10_034, limit: 8_192, percent: 122.5, nextCallCost: 0.30102, overLimit: true, cumulativeCost: 0, calls: 1, refusedCalls: 1, inputTokens: 0 };
    expect(plain(<CostPanel status={status} model={requireModel('gpt-4')} rows={4} />)).toBe(
      [
        `next call      ${formatUsd(0.30102)} · refused: 1,842 over the window`,
        `session spend  ${formatUsd(0)} · 1 call, 1 refused`,
        'billed so far  0 input tokens',
        'gpt-4: $30 in / $60 out per 1M',
      ].join('\n'),
    );
    expect(plain(<CostPanel status={status} model={requireModel('gpt-4')} rows={2} />)!.split('\n')[0]).toBe(
      `next call ${formatUsd(0.30102)} · refused: 1,842 over the window · spent ${formatUsd(0)} · 1 call, 1 refused`,
    );
  });

  it('Header: the model on the left, the replay position on the right, shortened to fit', () => {
    const model = requireModel('gpt-4');
    const replay = { applied: 2, total: 12, playing: false, speed: 1 };
    expect(plain(<Header model={model} width={80} replay={replay} />)).toBe(
      'context-accountant · gpt-4 · 8,192-token window              turn 2/12 · paused',
    );
    expect(plain(<Header model={model} width={40} replay={{ ...replay, playing: true }} />)).toBe(
      'context-accountant · gpt-4  turn 2/12 ▶',
    );
    // Playing: the rate asked, and the rate shown once measured.
    expect(plain(<Header model={model} width={100} replay={{ ...replay, playing: true, speed: 100, achieved: 97.5 }} />)).toBe(
      'context-accountant · gpt-4 · 8,192-token window         turn 2/12 · ▶ playing, 100/s (97.5/s shown)',
    );
  });

  it('CostChart: a column per call scaled to the largest, the window limit dashed, the axis in dollars, the crossing marked', () => {
    const point = (number: number, inputCost: number, over = false) => ({ number, message: number * 2, inputCost, usedTokens: 0, level: over ? ('over' as const) : ('low' as const), refused: over });
    const fitted = fitCallChart([point(1, 0.01), point(2, 0.4), point(3, 0.8, true)], 50);
    const frame = plain(<CostChart fitted={fitted} headline="next call $0.80 = 80x the first" limitCost={0.4} width={50} rows={6} />);
    expect(frame).toBe(
      [
        'next call $0.80 = 80x the first',
        `${formatUsd(0.8)} ┤         ░░░`,
        '      │         ░░░',
        `limit ┤┄┄┄┄ ███ ░░░${'┄'.repeat(31)}`,
        '      │ ▁▁▁ ███ ░░░',
        '   $0 └─────────┴── ┴ limit crossed at call 3',
      ].join('\n'),
    );
  });

  it('CostChart keeps the whole session on screen: 300 calls in the columns that fit, their means', () => {
    const points = Array.from({ length: 300 }, (_, i) => ({ number: i + 1, message: i + 1, inputCost: i + 1, usedTokens: 0, level: 'low' as const, refused: false }));
    const fitted = fitCallChart(points, 40);
    expect(fitted.columns[0]!.from).toBe(1);
    expect(fitted.columns.at(-1)!.to).toBe(300);
    expect(fitted.columns.length * (fitted.columnWidth + 1)).toBeLessThanOrEqual(40 - fitted.axisWidth - 2);
    expect(callChartNote(fitted)).toBe(`calls 1-300, ${fitted.perColumn} a column`);
    // The mean of the calls each column stands for.
    expect(fitted.columns[0]!.inputCost).toBe((1 + fitted.perColumn) / 2);
  });

  it('Footer: key, then what it does', () => {
    const lines = [[{ keys: 'Enter', label: 'send' }, { keys: 'Tab', label: 'role' }], [{ keys: 'Ctrl+C', label: 'quit' }]];
    expect(plain(<Footer lines={lines} gap={3} />)).toBe('Enter send   Tab role\nCtrl+C quit');
  });

  it('InputLine: the role, the typed text, a paste folded to its size', () => {
    const draft = { text: 'more', cursor: 4, pastes: [{ id: 1, before: 'Log:', text: 'x\n'.repeat(40), lines: 40, tokens: 1_297 }] };
    const frame = plain(<InputLine role="user" draft={draft} width={60} bordered={false} focus={false} />);
    expect(frame).toBe('user › Log: [pasted 40 lines, 1,297 tokens] more');
  });
});

describe('strategy components', () => {
  const over = usage(10_136, 8_192, 10_040);
  const sent = usage(125, 8_192, 33);

  it('ContextGauge under a strategy: the sent context beside keep-all, shortened to fit; notes take the rows left', () => {
    const frame = plain(<ContextGauge usage={sent} width={50} rows={4} keepAllUsed={10_136} notes={['#2 evicted after #6', '2 of 5 calls over the limit']} />);
    expect(frame!.split('\n')[0]).toBe('sent 125 / 8,192 tokens (1.5%) · keep-all 10,136');
    // 4 rows: figures, bar, legend, and one row for two notes: the second where it fits, else "+1 more".
    expect(frame!.split('\n')[3]).toBe('▸ #2 evicted after #6 · +1 more');
    const wider = plain(<ContextGauge usage={sent} width={51} rows={4} keepAllUsed={10_136} notes={['#2 evicted after #6', '2 of 5 calls over the limit']} />);
    expect(wider!.split('\n')[3]).toBe('▸ #2 evicted after #6 · 2 of 5 calls over the limit');
    // A note too long for its row is cut at a space, never inside a figure.
    const narrow = plain(<ContextGauge usage={sent} width={36} rows={4} keepAllUsed={10_136} notes={['#2 (10,011 tokens) evicted after #6']} />);
    expect(narrow!.split('\n')[3]).toBe('▸ #2 (10,011 tokens) evicted after …');
    // At 40 columns borderless, with the strategy's name before the figures: "vs" for keep-all's, both figures whole.
    expect(plain(<ContextGauge usage={sent} width={40} rows={2} keepAllUsed={10_136} label="evict-large" />)!.split('\n')[0]).toBe('evict-large: 125 / 8,192 vs 10,136');
    expect(plain(<ContextGauge usage={sent} width={36} rows={2} keepAllUsed={10_136} />)!.split('\n')[0]).toBe('sent 125 / 8,192 · keep-all 10,136');
    expect(plain(<ContextGauge usage={over} width={60} rows={5} hint="Ctrl+S: try a strategy" largestFirst />)!.split('\n').slice(3)).toEqual([
      'largest: user #2, 10,040 tokens, 99.1%',
      'Ctrl+S: try a strategy',
    ]);
  });

  it('CostPanel under a strategy: keep-all spend and the saving, or what it costs more', () => {
    const status = { messages: 12, usedTokens: 125, limit: 8_192, percent: 1.5, nextCallCost: 0.00375, overLimit: false, cumulativeCost: 0.61176, calls: 5, refusedCalls: 0, inputTokens: 10_000 };
    const saving = { keepAllSpent: 1.51275, keepAllRefused: 0, keepAllCalls: 5, saving: 0.90099, percent: 59.56 };
    const frame = plain(<CostPanel status={status} model={requireModel('gpt-4')} rows={4} saving={saving} />);
    expect(frame!.split('\n')[2]).toBe(`keep-all       ${formatUsd(1.51275)} · saving ${formatUsd(0.90099)} (59.6%)`);
    const dearer = { keepAllSpent: 0.5, keepAllRefused: 0, keepAllCalls: 5, saving: -0.01, percent: -2 };
    expect(plain(<CostPanel status={status} model={requireModel('gpt-4')} rows={1} saving={dearer} />)).toBe(
      `spent ${formatUsd(0.61176)} · costs 2.0% more · next call ${formatUsd(0.00375)}`,
    );
    // keep-all spent less only because the API refused its calls: no "saving" against that.
    const refused = { keepAllSpent: 0, keepAllRefused: 5, keepAllCalls: 5, saving: -0.00873, percent: undefined };
    expect(plain(<CostPanel status={status} model={requireModel('gpt-4')} rows={4} saving={refused} />)!.split('\n')[2]).toBe(`keep-all       ${formatUsd(0)} · 5 of 5 calls refused`);
  });
});
