import { Box, Text } from 'ink';
import type { ModelEntry } from '../../core/catalog.js';
import { formatPercent, formatPricePerMillion, formatTokens, formatUsd } from '../../core/format.js';
import type { RunStatus } from '../../core/runStatus.js';
import type { Saving } from '../../core/strategies/compareStrategies.js';
import { useTheme } from '../view/theme.js';

export interface CostPanelProps {
  readonly status: RunStatus;
  readonly model: ModelEntry;
  /** 4 rows, 2, or 1 (next call and spend only). */
  readonly rows: number;
  /** Under a strategy other than keep-all: keep-all's spend and the saving (its row replaces the tokens billed). */
  readonly saving?: Saving;
  /** Content width: the saving row shortens to fit. */
  readonly width?: number;
}

const plural = (count: number, word: string) => `${formatTokens(count)} ${word}${count === 1 ? '' : 's'}`;

/** "5 calls", "5 calls, 2 refused" ("2 refused" where room is short): refused calls are made, and bill nothing. */
export function callsText(status: RunStatus, room = Infinity): string {
  if (status.refusedCalls === 0) return plural(status.calls, 'call');
  const long = `${plural(status.calls, 'call')}, ${formatTokens(status.refusedCalls)} refused`;
  return long.length <= room ? long : `${formatTokens(status.refusedCalls)} refused`;
}

/** After the next call's price when the API would refuse it (the price is what it would bill); shorter where room is short. */
export function refusedText(status: RunStatus, room = Infinity): string {
  if (!status.overLimit) return '';
  const long = ` · refused: ${formatTokens(status.usedTokens - status.limit)} over the window`;
  return long.length <= room ? long : ' · refused';
}

/** "saving $0.90099 (59.6%)", or "costs $0.01 more (3.0%)"; "saves 59.6%" where room is short. */
export function savingText(saving: Saving, room = Infinity): string {
  // A saving against calls the API refuses means nothing: say why keep-all spent less.
  if (saving.keepAllRefused > 0) {
    const long = `${formatTokens(saving.keepAllRefused)} of ${plural(saving.keepAllCalls, 'call')} refused`;
    return long.length <= room ? long : `${formatTokens(saving.keepAllRefused)} refused`;
  }
  const more = saving.saving < 0;
  const percent = saving.percent === undefined ? undefined : formatPercent(Math.abs(saving.percent));
  const amount = formatUsd(Math.abs(saving.saving));
  const long = more ? `costs ${amount} more${percent ? ` (${percent})` : ''}` : `saving ${amount}${percent ? ` (${percent})` : ''}`;
  if (long.length <= room || percent === undefined) return long;
  return more ? `costs ${percent} more` : `saves ${percent}`;
}


/** What the next call costs, what the session has spent, and the prices behind both. */
export function CostPanel({ status, model, rows, saving, width = Infinity }: CostPanelProps) {
  const theme = useTheme();
  // A stand-in tokenizer's counts make every cost here an estimate: said beside the prices.
  const prices =
    `${model.id}: ${formatPricePerMillion(model.inputPerMillion)} in / ${formatPricePerMillion(model.outputPerMillion)} out per 1M` +
    (model.estimate ? ' · estimates' : '');
  const keepAllSpent = saving ? formatUsd(saving.keepAllSpent) : '';
  const savedColor = saving && (saving.saving < 0 ? theme.level('over') : theme.level('low'));
  // The compact line's room for the refusal words, after its figures.
  const compactRoom = (width - 30) / 2;
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
        {refusedText(status, 0)}
      </>
    ) : (
      <>
        {width < 44 ? 'next ' : 'next call '}
        <Text bold>{formatUsd(status.nextCallCost)}</Text>
        {refusedText(status, compactRoom)} · spent <Text bold>{formatUsd(status.cumulativeCost)}</Text>
        {rows < 2 ? '' : ` · ${callsText(status, compactRoom)}`}
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
        {status.overLimit ? (
          <Text color={theme.level('over')}>{refusedText(status, width - 15 - formatUsd(status.nextCallCost).length)}</Text>
        ) : (
          <Text dimColor>{` · ${plural(status.usedTokens, 'token')}`}</Text>
        )}
      </Text>
      <Text wrap="truncate-end">
        {'session spend  '}
        <Text bold>{formatUsd(status.cumulativeCost)}</Text>
        <Text dimColor={status.refusedCalls === 0} color={status.refusedCalls > 0 ? theme.level('over') : undefined}>{` · ${callsText(status, width - 18 - formatUsd(status.cumulativeCost).length)}`}</Text>
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
          <Text bold>{plural(status.inputTokens, 'input token')}</Text>
        </Text>
      )}
      <Text wrap="truncate-end" dimColor>
        {prices}
      </Text>
    </Box>
  );
}
