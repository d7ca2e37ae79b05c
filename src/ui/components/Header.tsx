import { Text } from 'ink';
import type { ModelEntry } from '../../core/catalog.js';
import { formatTokens } from '../../core/format.js';
import { useTheme } from '../view/theme.js';
import type { ReplayStatus } from '../view/dashboardView.js';

export type { ReplayStatus };

export interface HeaderProps {
  readonly model: ModelEntry;
  readonly width: number;
  /** Replay position, when turns were queued. */
  readonly replay: ReplayStatus | undefined;
  /** The file the turns were read from and its format ("agent-tools.json (openai)"). */
  readonly source?: string;
}

const NAME = 'context-accountant';

function replayText(replay: ReplayStatus | undefined, short: boolean): string {
  if (!replay) return '';
  const position = `turn ${replay.applied}/${replay.total}`;
  // The rate achieved beside the rate asked: a presenter sees at once when the replay lags.
  const achieved = replay.achieved === undefined ? '' : ` (${replay.achieved}/s shown)`;
  if (replay.playing) return short ? `${position} ▶` : `${position} · ▶ playing, ${replay.speed}/s${achieved}`;
  const state = replay.applied < replay.total ? 'paused' : 'done';
  return short ? position : `${position} · ${state}`;
}

/** The header's pieces at this width: the replay position always, the model as room allows. */
export function headerParts(model: ModelEntry, replay: ReplayStatus | undefined, width: number, source?: string) {
  const room = width - 1;
  const window = ` · ${formatTokens(model.contextWindow)}-token window`;
  const file = source === undefined ? '' : ` · ${source}`;
  // A stand-in tokenizer's figures say so wherever the model is named (Claude, Gemini...).
  const id = model.estimate ? `${model.id} (estimate)` : model.id;
  const middles = [` · ${id}${window}${file}`, ` · ${id}${file}`, ` · ${id}${window}`, ` · ${id}`, ...(model.estimate ? [' · estimate'] : []), ''];
  for (const short of [false, true]) {
    const right = replayText(replay, short);
    for (const middle of middles) {
      if (NAME.length + middle.length + right.length + 1 <= room) {
        // An estimate keeps its label before the replay position keeps its long form.
        const label = ' · estimate';
        const shortRight = replayText(replay, true);
        if (middle === '' && model.estimate && NAME.length + label.length + shortRight.length + 1 <= room) return { name: NAME, middle: label, right: shortRight };
        return { name: NAME, middle, right };
      }
    }
  }
  return { name: '', middle: '', right: replayText(replay, true) };
}

/** The title line: the model and its window on the left, the replay position on the right. */
export function Header({ model, width, replay, source }: HeaderProps) {
  const theme = useTheme();
  const { name, middle, right } = headerParts(model, replay, width, source);
  const gap = Math.max(1, width - 1 - name.length - middle.length - right.length);
  return (
    <Text wrap="truncate-end">
      <Text bold color={theme.accent}>
        {name}
      </Text>
      <Text>{middle}</Text>
      {' '.repeat(gap)}
      <Text bold color={replay?.playing ? theme.level('low') : undefined}>
        {right}
      </Text>
    </Text>
  );
}
