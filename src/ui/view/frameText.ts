import type { ContextUsage } from '../../core/contextUsage.js';
import { formatPercent, formatTokens } from '../../core/format.js';
import { shownLine } from '../../core/terminalWidth.js';
import type { FooterItem } from '../input/keymap.js';
import type { Notice as NoticeState } from '../state/dashboardState.js';

// The frame's text at a width, worked out before anything renders (the layout needs its rows).

/** Over the window the API answers context_length_exceeded: the call fails and bills nothing. */
export const LIMIT_BANNER = 'Context limit exceeded: the API refuses the next call and bills nothing';

/** Words packed into lines of at most `width` characters. */
function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/**
 * The longest of `choices` (longest first, each with every figure) that fits `room` columns; where
 * none does, the last one wrapped at spaces: a banner's labels are abbreviated, never its figures cut.
 */
export function fittingLines(choices: readonly string[], room: number): string[] {
  const fits = choices.find((text) => text.length <= room);
  return fits !== undefined ? [fits] : wrapWords(choices[choices.length - 1]!, Math.max(1, room));
}

/**
 * The banner's lines at this width: none under 80% full, a notice from 80%, the limit warning
 * over it, and then `way` (what to do about it). Its words shorten as room runs out, its figures
 * (the tokens sent, the window) stay: at 40 columns "Limit exceeded: 10,067 / 8,192 tokens".
 */
export function bannerLines(usage: ContextUsage, width: number, way?: string): string[] {
  if (usage.level !== 'over' && usage.level !== 'high') return [];
  const room = width - 2;
  const used = formatTokens(usage.used);
  const limit = formatTokens(usage.limit);
  const percent = formatPercent(usage.percent);
  const lines = fittingLines(
    usage.level === 'over'
      ? [
          `${LIMIT_BANNER} (${used} / ${limit} tokens)`,
          `Context limit exceeded: ${used} / ${limit} tokens, refused and billed nothing`,
          `Context limit exceeded: ${used} / ${limit} tokens`,
          `Limit exceeded: ${used} / ${limit} tokens`,
          `Over: ${used} / ${limit}`,
        ]
      : [
          `Notice: context ${percent} full, nearing the ${limit}-token limit`,
          `Notice: context ${percent} full of ${limit} tokens`,
          `Context ${percent} full of ${limit} tokens`,
          `Context ${percent} full`,
        ],
    room,
  );
  // Over the window, the way out ("Ctrl+T: a bigger window") on a line of its own where it fits.
  const after = usage.level === 'over' && way !== undefined && way.length <= room ? [way] : [];
  return [...lines, ...after];
}

const MARKS: Readonly<Record<NoticeState['tone'], string>> = { error: '✗', warning: '!', info: '·' };

/**
 * The notice's rows at this width: its text after a mark ("✗" an error, "·" news), wrapped at
 * spaces into at most `maxRows` rows, the last cut with "…" if it still does not fit.
 */
export function noticeLines(notice: NoticeState, width: number, maxRows = 2): string[] {
  const room = Math.max(4, width - 1);
  // Sanitised here too, whatever made the notice: it may quote a file name or a journal. Shown in
  // widths Ink and the terminal agree on, so a row Ink cuts is cut where the terminal would.
  let rest = `${MARKS[notice.tone]} ${shownLine(notice.text)}`;
  const lines: string[] = [];
  while (rest !== '' && lines.length < maxRows) {
    if (rest.length <= room) {
      lines.push(rest);
      break;
    }
    if (lines.length === maxRows - 1) {
      lines.push(`${rest.slice(0, room - 1)}…`);
      break;
    }
    const space = rest.lastIndexOf(' ', room);
    const cut = space > room / 2 ? space : room;
    lines.push(rest.slice(0, cut));
    rest = rest.slice(cut).trimStart();
  }
  return lines;
}

function lineLength(line: readonly FooterItem[], gap: number): number {
  return line.reduce((sum, item, i) => sum + (i > 0 ? gap : 0) + item.keys.length + (item.label === '' ? 0 : 1 + item.label.length), 0);
}

/** The spaces before the aside on the last line, or -1 when it does not fit there. */
export function asideGap(lines: readonly (readonly FooterItem[])[], gap: number, aside: string | undefined, width: number): number {
  const last = lines[lines.length - 1];
  if (aside === undefined || !last) return -1;
  const spaces = width - 1 - lineLength(last, gap) - aside.length;
  return spaces >= gap ? spaces : -1;
}

/** Columns left for content in a panel `outer` columns wide: borders and a space each side. */
export function contentWidth(outer: number, bordered: boolean): number {
  return bordered ? outer - 4 : outer;
}

