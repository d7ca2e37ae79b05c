import { FILL_KINDS, type FillKind } from '../../core/contextUsage.js';
import { formatTokens } from '../../core/format.js';

/** The gauge's legend: each part's name and tokens, e.g. "user 10,068". */
export interface LegendItem {
  readonly kind: FillKind;
  /** What follows the part's glyph: " user 10,068" and the gap after it. */
  readonly text: string;
}

const NAMES: Readonly<Record<FillKind, string>> = {
  system: 'system',
  user: 'user',
  assistant: 'assistant',
  tool: 'tool',
  definitions: 'tool defs',
  overhead: 'format',
};

const SHORT_NAMES: Readonly<Record<FillKind, string>> = {
  system: 'sys',
  user: 'user',
  assistant: 'asst',
  tool: 'tool',
  definitions: 'defs',
  overhead: 'fmt',
};

/**
 * The legend in `width` cells: full names ("assistant 65"), else short ones ("asst 65") with a
 * narrower gap, else the figures alone beside their glyphs. Names are abbreviated, figures never cut.
 */
export function legendItems(parts: Readonly<Record<FillKind, number>>, width: number): LegendItem[] {
  const kinds = FILL_KINDS.filter((kind) => parts[kind] > 0);
  const build = (name: (kind: FillKind) => string, gap: string) =>
    kinds.map((kind, i) => ({ kind, text: `${name(kind)} ${formatTokens(parts[kind])}${i < kinds.length - 1 ? gap : ''}` }));
  const attempts = [
    build((kind) => ` ${NAMES[kind]}`, '  '),
    build((kind) => ` ${SHORT_NAMES[kind]}`, '  '),
    build((kind) => ` ${SHORT_NAMES[kind]}`, ' '),
    build(() => '', ' '),
  ];
  const size = (items: readonly LegendItem[]) => items.reduce((sum, item) => sum + 1 + item.text.length, 0);
  return attempts.find((items) => size(items) <= width) ?? attempts[attempts.length - 1]!;
}
