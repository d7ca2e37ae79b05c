import { formatUsd } from '../../core/format.js';
import { STRATEGIES } from '../../core/strategies/registry.js';
import type { LayoutPlan } from '../view/layout.js';
import type { StrategyView } from '../view/strategyView.js';
import { BudgetPanel } from './BudgetPanel.js';
import { KvPanel } from './KvPanel.js';
import { contentWidth } from '../view/frameText.js';
import { Panel } from './Panel.js';

export interface ExtraPanelsProps {
  readonly view: StrategyView;
  readonly plan: LayoutPlan;
  /** Which of the plan's extras to draw: those under the costs, or those under the conversation. */
  readonly column: 'right' | 'left';
  /** Outer width. */
  readonly width: number;
}

/** The budget and KV panels the layout placed in `column`; plain lines when borderless. */
export function ExtraPanels({ view, plan, column, width }: ExtraPanelsProps) {
  const { projection, kv } = view;
  const budget = plan.budget?.column === column && projection ? plan.budget : undefined;
  const cache = plan.kv?.column === column && kv ? plan.kv : undefined;
  const budgetBody = budget && projection && (
    <BudgetPanel projection={projection} limit={view.run.limit} bounded={STRATEGIES[view.strategy].boundsContext} rows={budget.rows} />
  );
  const kvBody = cache && kv && <KvPanel sent={kv.sent} keepAll={kv.keepAll} rows={cache.rows} width={plan.bordered ? contentWidth(width, true) : width} />;
  if (!plan.bordered) {
    return (
      <>
        {budgetBody}
        {kvBody}
      </>
    );
  }
  const fits = (title: string, note: string) => (title.length + note.length + 8 <= width ? note : '');
  return (
    <>
      {budget && projection ? (
        <Panel title="Budget" note={fits('Budget', `${formatUsd(projection.budget ?? 0)} · ${view.strategy}`)} width={width} rows={budget.rows} bordered>
          {budgetBody}
        </Panel>
      ) : null}
      {cache && kv ? (
        <Panel title="KV cache" note={fits('KV cache', `${kv.sent.shape} · ${kv.sent.dtype}`)} width={width} rows={cache.rows} bordered>
          {kvBody}
        </Panel>
      ) : null}
    </>
  );
}

