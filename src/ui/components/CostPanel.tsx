import { Box, Text } from 'ink';
import type { ModelEntry } from '../../core/catalog.js';
import { formatPricePerMillion, formatTokens, formatUsd } from '../../core/format.js';
import type { LedgerStatus } from '../../core/ledger.js';

export interface CostPanelProps {
  readonly status: LedgerStatus;
  readonly model: ModelEntry;
  readonly inputTokensSoFar: number;
  /** 4 rows, 2, or 1 (next call and spend only). */
  readonly rows: number;
}

const plural = (count: number, word: string) => `${formatTokens(count)} ${word}${count === 1 ? '' : 's'}`;

/** What the next call costs, what the session has spent, and the prices behind both. */
export function CostPanel({ status, model, inputTokensSoFar, rows }: CostPanelProps) {
  const prices = `${model.id}: ${formatPricePerMillion(model.inputPerMillion)} in / ${formatPricePerMillion(model.outputPerMillion)} out per 1M`;
  if (rows < 4) {
    return (
      <Box flexDirection="column">
        <Text wrap="truncate-end">
          next call <Text bold>{formatUsd(status.nextCallCost)}</Text> · spent <Text bold>{formatUsd(status.cumulativeCost)}</Text>
          {rows < 2 ? '' : ` · ${plural(status.calls, 'call')}`}
        </Text>
        {rows >= 2 ? <Text wrap="truncate-end" dimColor>{prices}</Text> : null}
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        {'next call      '}
        <Text bold>{formatUsd(status.nextCallCost)}</Text>
        <Text dimColor>{` · ${plural(status.usedTokens, 'token')}`}</Text>
      </Text>
      <Text wrap="truncate-end">
        {'session spend  '}
        <Text bold>{formatUsd(status.cumulativeCost)}</Text>
        <Text dimColor>{` · ${plural(status.calls, 'call')}`}</Text>
      </Text>
      <Text wrap="truncate-end">
        {'billed so far  '}
        <Text bold>{plural(inputTokensSoFar, 'input token')}</Text>
      </Text>
      <Text wrap="truncate-end" dimColor>
        {prices}
      </Text>
    </Box>
  );
}
