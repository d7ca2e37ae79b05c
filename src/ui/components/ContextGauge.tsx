import { Box, Text } from 'ink';
import { legendItems } from '../view/gaugeLegend.js';
import type { ContextUsage } from '../../core/contextUsage.js';
import { formatPercent, formatTokens } from '../../core/format.js';
import { cellRuns, gaugeCells } from '../view/gaugeBar.js';
import { useTheme } from '../view/theme.js';

export interface ContextGaugeProps {
  readonly usage: ContextUsage;
  /** Content width. */
  readonly width: number;
  /** 5: figures, bar, legend, largest message, a note; 4: the notes take the largest's row; 3: no legend; 2: figures and bar. */
  readonly rows: number;
  /** What is still being worked out, shown after the figures ("counting...", "loading o200k_base..."). */
  readonly busy?: string;
  /** Under a strategy other than keep-all: keep-all's next call, shown beside the sent context. */
  readonly keepAllUsed?: number;
  /** Put before the figures where no panel title names the strategy ("evict-large"). */
  readonly label?: string;
  /** What the strategy did, most telling first: they take the largest message's row when rows are short. */
  readonly notes?: readonly string[];
  /** A line for the last row when there is room and nothing to note. */
  readonly hint?: string;
  /** Keep the largest message's row whatever the notes (keep-all, whose notes only repeat the banner). */
  readonly largestFirst?: boolean;
}

/**
 * "sent 125 / 8,192 tokens (1.5%) · keep-all 10,136", shortened to fit `width`: words go before
 * figures ("evict-large: 125 / 8,192 vs 10,136" at 40 columns, where "keep-all 10,…" was cut).
 */
export function gaugeFigures(usage: ContextUsage, width: number, keepAllUsed?: number, label?: string): { main: string; rest: string } {
  const head = label ? `${label}: ` : '';
  const percent = `(${formatPercent(usage.percent)})`;
  const used = `${formatTokens(usage.used)} / ${formatTokens(usage.limit)}`;
  if (keepAllUsed === undefined) return { main: `${head}${used} tokens ${percent}`, rest: '' };
  const mains = [`${head}sent ${used} tokens ${percent}`, `${head}sent ${used} ${percent}`, `${head}sent ${used}`, `${head}${used}`];
  const forms = [
    ...mains.map((main) => ({ main, rest: ` · keep-all ${formatTokens(keepAllUsed)}` })),
    { main: `${head}${used}`, rest: ` vs ${formatTokens(keepAllUsed)}` },
    { main: used, rest: ` vs ${formatTokens(keepAllUsed)}` },
  ];
  return forms.find(({ main, rest }) => main.length + rest.length <= width) ?? forms[forms.length - 1]!;
}

/** `text` cut to `width` at a space, "…" after it: a cut note never ends in half a figure ("after #…"). */
export function cutAtWord(text: string, width: number): string {
  if (text.length <= width) return text;
  const space = text.lastIndexOf(' ', width - 1);
  return space > 0 ? `${text.slice(0, space)} …` : text;
}

/**
 * The rows under the figures and the bar (the legend's excluded): the largest message, then the
 * notes; the notes first when they outnumber the rows, the last row taking those left over.
 */
export function detailLines(
  rows: number,
  largest: string,
  notes: readonly string[],
  { hint, largestFirst = false, width = Infinity }: { hint?: string | undefined; largestFirst?: boolean; width?: number } = {},
): { text: string; kind: 'largest' | 'note' | 'hint' }[] {
  if (rows <= 0) return [];
  const withLargest = largestFirst || notes.length < rows;
  const room = withLargest ? rows - 1 : rows;
  const shown = notes.length > room ? [...notes.slice(0, room - 1), joinFitting(notes.slice(Math.max(0, room - 1)), width - 2)].slice(0, room) : [...notes];
  const lines: { text: string; kind: 'largest' | 'note' | 'hint' }[] = [
    ...(withLargest ? [{ text: largest, kind: 'largest' as const }] : []),
    ...shown.filter((text) => text !== '').map((text) => ({ text: cutAtWord(`▸ ${text}`, width), kind: 'note' as const })),
  ];
  if (hint && notes.length === 0 && lines.length < rows) lines.push({ text: hint, kind: 'hint' });
  return lines;
}

/** The notes left for the last row, joined while they fit `width`: the first whole, then "+N more" for those that do not. */
function joinFitting(notes: readonly string[], width: number): string {
  let joined = notes[0] ?? '';
  for (let i = 1; i < notes.length; i++) {
    const next = `${joined} · ${notes[i]}`;
    const more = ` · +${notes.length - i} more`;
    if (next.length + (i < notes.length - 1 ? more.length : 0) <= width) joined = next;
    else return joined.length + more.length <= width ? `${joined}${more}` : joined;
  }
  return joined;
}

/**
 * How full the window is: the figures (under a strategy, the context it sends beside keep-all's),
 * a bar split by who filled it, the biggest message, and what the strategy did.
 */
export function ContextGauge({ usage, width, rows, busy, keepAllUsed, label, notes = [], hint, largestFirst = false }: ContextGaugeProps) {
  const theme = useTheme();
  const runs = cellRuns(gaugeCells(usage, width));
  const { largest } = usage;
  const figures = gaugeFigures(usage, width - (busy ? busy.length + 2 : 0), keepAllUsed, label);
  const largestText = largest
    ? `largest: ${largest.role} #${largest.number}, ${formatTokens(largest.tokens)} tokens, ${formatPercent(largest.share)}`
    : 'largest: -';
  // Figures and bar, then the legend from 4 rows, then the details.
  const details = detailLines(rows - (rows >= 4 ? 3 : 2), largestText, notes, { hint, largestFirst, width });
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold color={theme.level(usage.level)}>
          {figures.main}
        </Text>
        {figures.rest ? <Text dimColor>{figures.rest}</Text> : null}
        {busy ? <Text color={theme.level('elevated')}>{`  ${busy}`}</Text> : null}
      </Text>
      <Text wrap="truncate-end">
        {runs.map((run, i) => (
          <Text key={i} color={theme.cellColor(run.cell)} dimColor={run.cell === 'empty'}>
            {theme.cellGlyph(run.cell).repeat(run.length)}
          </Text>
        ))}
      </Text>
      {rows >= 4 ? (
        <Text wrap="truncate-end">
          {legendItems(usage.parts, width).map(({ kind, text }) => (
            <Text key={kind}>
              <Text color={theme.cellColor(kind)}>{theme.cellGlyph(kind)}</Text>
              {text}
            </Text>
          ))}
        </Text>
      ) : null}
      {details.map((line, i) => (
        <Text
          key={i}
          wrap="truncate-end"
          dimColor={line.kind === 'hint' || (line.kind === 'largest' && !largest)}
          color={line.kind === 'note' ? theme.accent : undefined}
        >
          {line.text}
        </Text>
      ))}
    </Box>
  );
}
