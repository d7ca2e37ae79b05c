import type { ModelEntry } from '../../core/catalog.js';
import { fullWindowInputCost } from '../../core/callPricing.js';
import type { LayoutPlan } from '../view/layout.js';
import { chartSpan, type FittedChart } from '../view/strategyChart.js';
import type { StrategyView } from '../view/strategyView.js';
import { ContextGauge } from './ContextGauge.js';
import { CostChart } from './CostChart.js';
import { callChartNote, type FittedCallChart } from '../view/callChart.js';
import { CostPanel } from './CostPanel.js';
import { ExtraPanels } from './ExtraPanels.js';
import { contentWidth } from '../view/frameText.js';
import { Panel } from './Panel.js';
import { StrategyCostChart } from './StrategyCostChart.js';

export interface AccountPanelsProps {
  readonly view: StrategyView;
  readonly plan: LayoutPlan;
  readonly model: ModelEntry;
  /** What is still being worked out ("counting..."). */
  readonly busy: string | undefined;
  /** Under keep-all, every reply call's input cost (many to a column when they outnumber the columns), and the story in a line. */
  readonly calls: FittedCallChart;
  readonly headline: string;
  /** Under another strategy, keep-all's cost per reply call beside the strategy's. */
  readonly fitted: FittedChart | undefined;
  /** The gauge's last row when the strategy has nothing to note. */
  readonly hint: string;
}

/** The accounting column: the window, the costs, the budget and KV panels placed there, the chart. */
export function AccountPanels({ view, plan, model, busy, calls, headline, fitted, hint }: AccountPanelsProps) {
  const width = plan.rightWidth;
  const text = contentWidth(width, plan.bordered);
  const other = view.strategy !== 'keep-all';
  const limitCost = fullWindowInputCost(model);
  const gauge = (
    <ContextGauge
      usage={view.usage}
      width={text}
      rows={plan.gaugeRows}
      busy={busy}
      {...(view.keepAllUsed !== undefined && { keepAllUsed: view.keepAllUsed })}
      {...(!plan.bordered && other && { label: view.strategy })}
      notes={view.notes}
      largestFirst={!other}
      hint={hint}
    />
  );
  const costs = (
    <CostPanel
      status={view.status}
      model={model}
      rows={plan.costRows}
      width={text}
      {...(view.saving && { saving: view.saving })}
    />
  );
  if (!plan.bordered) {
    return (
      <>
        {gauge}
        {plan.costRows > 0 ? costs : null}
        <ExtraPanels view={view} plan={plan} column="right" width={width} />
      </>
    );
  }
  const title = `Context window · ${view.strategy}`;
  const chart =
    plan.chartRows === 0 ? null : fitted ? (
      <Panel title="Input cost per reply call" note={chartSpan(fitted.chart)} width={width} rows={plan.chartRows} bordered>
        <StrategyCostChart fitted={fitted} limitCost={limitCost} width={text} rows={plan.chartRows} />
      </Panel>
    ) : (
      <Panel title="Input cost per call" note={callChartNote(calls, width - 'Input cost per call'.length - 8)} width={width} rows={plan.chartRows} bordered>
        <CostChart fitted={calls} headline={headline} limitCost={limitCost} width={text} rows={plan.chartRows} />
      </Panel>
    );
  return (
    <>
      <Panel title={title} note={title.length + model.id.length + 8 <= width ? model.id : ''} width={width} rows={plan.gaugeRows} bordered>
        {gauge}
      </Panel>
      <Panel title="Cost" note={other ? `${view.strategy} vs keep-all` : ''} width={width} rows={plan.costRows} bordered>
        {costs}
      </Panel>
      <ExtraPanels view={view} plan={plan} column="right" width={width} />
      {chart}
    </>
  );
}
