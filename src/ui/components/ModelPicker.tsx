import { Box, Text } from 'ink';
import { featuredModels } from '../../core/catalog.js';
import { formatPricePerMillion, formatTokens } from '../../core/format.js';
import { useTheme } from '../view/theme.js';
import { largest } from '../../core/arrays.js';

export interface ModelPickerProps {
  readonly index: number;
  readonly currentId: string;
  readonly rows: number;
}

/** The catalog's short list to choose from (any model of the catalog is reachable by --model): window and prices per model, the highlighted row inverse. */
export function ModelPicker({ index, currentId, rows }: ModelPickerProps) {
  const theme = useTheme();
  const MODELS = featuredModels();
  const idWidth = largest(MODELS.map((model) => model.id.length), 0);
  const heading = rows >= 3;
  const listRows = Math.max(1, rows - (heading ? 1 : 0));
  const first = Math.max(0, Math.min(index - Math.floor(listRows / 2), MODELS.length - listRows));
  return (
    <Box flexDirection="column">
      {heading ? (
        <Text dimColor wrap="truncate-end">
          {`  ${'model'.padEnd(idWidth)}  ${'window'.padStart(9)}  in / out per 1M`}
        </Text>
      ) : null}
      {MODELS.slice(first, first + listRows).map((model, i) => {
        const selected = first + i === index;
        return (
          <Text key={model.id} inverse={selected} wrap="truncate-end" color={selected ? undefined : model.id === currentId ? theme.accent : undefined}>
            {`${model.id === currentId ? '•' : ' '} ${model.id.padEnd(idWidth)}  ${formatTokens(model.contextWindow).padStart(9)}  ` +
              `${formatPricePerMillion(model.inputPerMillion)} / ${formatPricePerMillion(model.outputPerMillion)}`}
          </Text>
        );
      })}
    </Box>
  );
}
