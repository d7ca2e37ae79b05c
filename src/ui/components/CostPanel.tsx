import { Box, Text } from 'ink';
import type { ModelEntry } from '../../core/catalog.js';
import { formatTokens, formatUsd } from '../../core/format.js';
import type { RunStatus } from '../../core/runStatus.js';
import type { Saving } from '../../core/strategies/compareStrategies.js';
import { callsText, compactCostLine, pricesLine, refusedText, savingText } from '../view/costLine.js';
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

/** What the next call costs, what the session has spent, and the prices behind both. */
export function CostPanel({ status, model, rows, saving, width = Infinity }: CostPanelProps) {
  const theme = useTheme();
  const prices = pricesLine(model, width);
  const keepAllSpent = saving ? formatUsd(saving.keepAllSpent) : '';
  const savedColor = saving && (saving.saving < 0 ? theme.level('over') : theme.level('low'));
  if (rows < 4) {
    const first = compactCostLine(status, saving, width, rows >= 2).map((segment, i) =>
      segment.style === undefined ? (
        segment.text
      ) : (
        <Text key={i} bold color={segment.style === 'saving' ? savedColor : undefined}>
          {segment.text}
        </Text>
      ),
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
