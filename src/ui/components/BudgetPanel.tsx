import { Box, Text } from 'ink';
import type { Projection } from '../../core/budget.js';
import { formatTokens, formatUsd } from '../../core/format.js';
import { useTheme } from '../view/theme.js';

export interface BudgetPanelProps {
  readonly projection: Projection;
  readonly limit: number;
  /** Whether the strategy keeps every call under the limit (window): the limit is then never reached. */
  readonly bounded: boolean;
  /** 4: spend, turns left, calls to the limit, the price tier or growth; 2: spend, then turns and calls; 1: one line. */
  readonly rows: number;
}

const turns = (count: number | null, never: string) => (count === null ? never : formatTokens(count));

/** The budget at the current growth (`projectRun`): spent and left, turns it still pays for, calls until the limit. */
export function BudgetPanel({ projection, limit, bounded, rows }: BudgetPanelProps) {
  const theme = useTheme();
  const { budget, spent, budgetLeft, turnsUntilBudget, turnsUntilLimit, growthPerTurn, priceTier } = projection;
  const over = projection.budgetCrossedAt !== null;
  const total = formatUsd(budget ?? 0);
  const left = budgetLeft ?? 0;
  const leftColor = over ? theme.level('over') : left < (budget ?? 0) * 0.2 ? theme.level('high') : theme.level('low');
  const affordable = turns(turnsUntilBudget, 'unlimited');
  const toLimit =
    turnsUntilLimit === null ? (bounded ? 'never (capped)' : 'not at this growth') : turnsUntilLimit === 0 ? '0: over it now' : formatTokens(turnsUntilLimit);
  const growth = growthPerTurn === null ? 'unknown before 2 user turns' : `${growthPerTurn >= 0 ? '+' : ''}${formatTokens(growthPerTurn)} tokens per user turn`;

  const spend = over ? (
    <Text wrap="truncate-end" bold color={theme.level('over')}>
      {`over budget: spent ${formatUsd(spent)} of ${total}`}
    </Text>
  ) : (
    <Text wrap="truncate-end">
      {rows >= 4 ? 'spent  ' : ''}
      <Text bold>{formatUsd(spent)}</Text>
      {` of ${total} · left `}
      <Text bold color={leftColor}>
        {formatUsd(left)}
      </Text>
    </Text>
  );
  // Short forms: "57 turns left · limit in 351 calls".
  const turnsLeft = turnsUntilBudget === null ? 'turns unlimited' : `${affordable} turn${turnsUntilBudget === 1 ? '' : 's'} left`;
  const limitShort =
    turnsUntilLimit === null ? (bounded ? 'limit never' : 'limit not at this growth') : turnsUntilLimit === 0 ? 'over the limit now' : `limit in ${formatTokens(turnsUntilLimit)} call${turnsUntilLimit === 1 ? '' : 's'}`;
  if (rows < 2) {
    return (
      <Text wrap="truncate-end">
        {`budget ${total}: `}
        <Text bold color={leftColor}>{over ? `over, spent ${formatUsd(spent)}` : `left ${formatUsd(left)}`}</Text>
        {` · ${turnsLeft} · ${limitShort}`}
      </Text>
    );
  }
  if (rows < 4) {
    return (
      <Box flexDirection="column">
        {spend}
        <Text wrap="truncate-end">{`${turnsLeft} · ${limitShort}`}</Text>
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      {spend}
      <Text wrap="truncate-end">
        {'turns it still pays for  '}
        <Text bold>{affordable}</Text>
        <Text dimColor>{turnsUntilBudget === null ? ' (a turn costs nothing)' : ' (list price)'}</Text>
      </Text>
      <Text wrap="truncate-end">
        {`calls until the ${formatTokens(limit)} limit  `}
        <Text bold>{toLimit}</Text>
      </Text>
      {priceTier ? (
        <Text wrap="truncate-end">
          {`calls below the ${formatTokens(priceTier.aboveInputTokens)} tier  `}
          <Text bold>{projection.turnsUntilPriceTier === 0 ? '0: above it now' : turns(projection.turnsUntilPriceTier, 'not at this growth')}</Text>
        </Text>
      ) : (
        <Text wrap="truncate-end" dimColor>
          {`growth ${growth}`}
        </Text>
      )}
    </Box>
  );
}
