import type { CostChart } from '../core/costChart.js';
import type { StrategyComparison } from '../core/strategies/compareStrategies.js';
export { strategyCells } from '../core/strategies/compareTable.js';
import type { StrategyName, StrategySettings } from '../core/strategies/types.js';

/** `compare`'s report object and its table rows, shared by one conversation and `--conversation all`. */
export interface CompareRow extends StrategyComparison {
  readonly budgetLeft?: number;
  readonly turnsUntilBudget?: number | null;
  readonly turnsUntilLimit?: number | null;
}

export interface CompareChart extends CostChart {
  readonly strategy: StrategyName;
}

export interface CompareReport {
  readonly model: string;
  readonly encoding: string;
  readonly limit: number;
  readonly cache: boolean;
  readonly settings: StrategySettings;
  readonly budget?: number;
  readonly strategies: readonly CompareRow[];
  readonly notes: readonly string[];
  readonly chart?: CompareChart;
  /** True where tokens and prices are a stand-in tokenizer's (Claude, Gemini...). */
  readonly estimate?: true;
}
