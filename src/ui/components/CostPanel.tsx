import { Box, Text } from 'ink';
import type { ModelEntry } from '../../core/catalog.js';
import { formatPercent, formatPricePerMillion, formatTokens, formatUsd } from '../../core/format.js';
import type { LedgerStatus } from '../../core/ledger.js';
import type { Saving } from '../strategyView.js';
import { useTheme } from '../theme.js';

export interface CostPanelProps {
  readonly status: LedgerStatus;
  readonly model: ModelEntry;
  readonly inputTokensSoFar: number;
  /** 4 rows, 2, or 1 (next call and spend only). */
  readonly rows: number;
  /** Under a strategy other than keep-all: keep-all's spend and the saving (its row replaces the tokens billed). */
  readonly saving?: Saving;
  /** Content width: the saving row shortens to fit. */
  readonly width?: number;
}

/** "saving $0.90099 (59.6%)", or "costs $0.01 more (3.0%)"; "saves 59.6%" where room is short. */
export function savingText(saving: Saving, room = Infinity): string {
  const more = saving.saving < 0;
  const percent = saving.percent === undefined ? undefined : formatPercent(Math.abs(saving.percent));
  const amount = formatUsd(Math.abs(saving.saving));
  const long = more ? `costs ${amount} more${percent ? ` (${percent})` : ''}` : `saving ${amount}${percent ? ` (${percent})` : ''}`;
  if (long.length <= room || percent === undefined) return long;
  return more ? `costs ${percent} more` : `saves ${percent}`;
}

const plural = (count: number, word: string) => `${formatTokens(count)} ${word}${count === 1 ? '' : 's'}`;

/** What the next call costs, what the session has spent, and the prices behind both. */
export function CostPanel({ status, model, inputTokensSoFar, rows, saving, width = Infinity }: CostPanelProps) {
  const theme = useTheme();
  // A stand-in tokenizer's counts make every cost here an estimate: said beside the prices.
  const prices =
    `${model.id}: ${formatPricePerMillion(model.inputPerMillion)} in / ${formatPricePerMillion(model.outputPerMillion)} out per 1M` +
    (model.estimate ? ' · estimates' : '');
  const keepAllSpent = saving ? formatUsd(saving.keepAllSpent) : '';
  const savedColor = saving && (saving.saving < 0 ? theme.level('over') : theme.level('low'));
  if (rows < 4) {
    // Under a strategy the spend and the saving come first: the gauge already gives the next call's size.
    const first = saving ? (
      <>
        spent <Text bold>{formatUsd(status.cumulativeCost)}</Text>
        {' · '}
        <Text bold color={savedColor}>
          {savingText(saving, 0)}
        </Text>
        {' · next call '}
        <Text bold>{formatUsd(status.nextCallCost)}</Text>
      </>
    ) : (
      <>
        next call <Text bold>{formatUsd(status.nextCallCost)}</Text> · spent <Text bold>{formatUsd(status.cumulativeCost)}</Text>
        {rows < 2 ? '' : ` · ${plural(status.calls, 'call')}`}
      </>
    );
    return (
      <Box flexDirection="column">
        <Text wrap="truncate-end">{first}</Text>
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
      {saving ? (
        <Text wrap="truncate-end">
          {'keep-all       '}
          <Text bold>{keepAllSpent}</Text>
          {' · '}
          <Text bold color={savedColor}>
            {savingText(saving, width - 18 - keepAllSpent.length)}
          </Text>
        </Text>
      ) : (
        <Text wrap="truncate-end">
          {'billed so far  '}
          <Text bold>{plural(inputTokensSoFar, 'input token')}</Text>
        </Text>
      )}
      <Text wrap="truncate-end" dimColor>
        {prices}
      </Text>
    </Box>
  );
}
