import { describe, expect, it } from 'vitest';
import { requireModel } from '../../src/core/catalog.js';
import { costChart, inputCostPerReply, renderCostChart } from '../../src/core/costChart.js';
import { runStrategy } from '../../src/core/strategies/index.js';
import { assistant, countWords, user, words } from '../support/conversations.js';
import { formatUsd } from '../../src/core/format.js';

describe('cost chart', () => {
  it('gives one input cost per reply, summary calls included, adding up to the whole input cost', () => {
    const messages = [user(words(10)), assistant('a'), user('b'), assistant('c'), user('d'), assistant('e'), user('f'), assistant('g')];
    const run = runStrategy({ messages, model: requireModel('gpt-4'), count: countWords, strategy: 'summarize', settings: { keepTurns: 1, summaryTokens: 30 } });
    const values = inputCostPerReply(run);
    expect(values).toHaveLength(4);
    expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(run.totals.inputCost, 15);
    expect(run.totals.summaryCalls).toBeGreaterThan(0);
  });

  it('scales bars to the largest value; any cost above zero shows at least one row', () => {
    const chart = costChart([{ label: 'keep-all', values: [4, 8] }, { label: 'window', values: [0, 0.01] }], { height: 4 });
    expect(chart.maxValue).toBe(8);
    expect(chart.columns.map((c) => c.heights)).toEqual([[2, 0], [4, 1]]);
    const lines = renderCostChart(chart);
    expect(lines[0]).toBe('Input cost per reply call: # keep-all, * window');
    expect(lines[1]).toBe(`${formatUsd(8)} |    #`);
    expect(lines[4]).toBe(`${' '.repeat(formatUsd(8).length)} | #  #*`);
  });

  it('says so when there is nothing to draw', () => {
    expect(renderCostChart(costChart([{ label: 'keep-all', values: [] }]))).toEqual(['Input cost per reply call: # keep-all', 'no reply calls to draw']);
  });

  it('puts many calls in one column, as their mean', () => {
    const chart = costChart([{ label: 'a', values: [1, 3, 5, 7, 9] }], { maxColumns: 2 });
    expect(chart.callsPerColumn).toBe(3);
    expect(chart.columns.map((c) => [c.from, c.to, c.values[0]])).toEqual([[1, 3, 3], [4, 5, 8]]);
  });
});
