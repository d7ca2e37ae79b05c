// The built bin in a real terminal (tmux) at 120x40, 80x24 and 40x12: typed text and bracketed pastes
// of every script and emoji sequence whose width terminals and Ink disagree on. Asserted from the
// screen tmux holds: the header stays on row 1, no row runs past the right edge (tmux wraps such a
// row, and capture-pane -J would join it back), the conversation pane's borders line up, and every
// character sent is on screen, as shown, or counted in its "(N more lines)". Columns on the screen
// are the terminal's own: every grapheme on it is measured in tmux (Tmux.measure), not by our code.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphemes, shownText, terminalColumns, shownPieces } from '../../src/core/terminalWidth.js';
import { hasTmux, Tmux } from '../support/tmux.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = 'dist/context-accountant.js';

/** One message each: the hostile-width corpus. */
const CORPUS: readonly string[] = [
  'family 👨‍👩‍👧‍👦 couple 👩‍❤️‍👨 coder 👩‍💻 rainbow 🏳️‍🌈 end',
  'flags 🇫🇷🇯🇵🇺🇸 skin 👍🏽 👋🏿 ✌🏻 VS16 ❤️ ☺️ ✔️ keycap 1️⃣ end',
  'marks e\u0301 n\u0303 a\u0308 Z\u0335\u0321 क्ष कि กั end',
  '漢字テスト中文日本語'.repeat(12),
  `${'한국어 텍스트입니다 '.repeat(6)}\u1100\u1161\u11a8 end`,
  'مرحبا بالعالم لا إله end',
  'col1\tcol2\tcol3\tend',
  '\x1b[31mERROR\x1b[0m \x1b[1;32mok\x1b[0m \x1b]0;title\x07 set 2026-12-02 10:00:01 end',
  ['a paste of lines:', '👨‍👩‍👧 二行目 🇯🇵', '\x1b[33mWARN\x1b[0m\tdisk 91%', 'سطر رابع ❤️', '다섯째 줄 e\u0301'].join('\n'),
];
const TYPED = 'typed 世界 ok';

const SIZES = [
  [120, 40],
  [80, 24],
  [40, 12],
] as const;

interface Sent {
  readonly number: number;
  readonly text: string;
  readonly screen: string[];
}

interface Run {
  readonly columns: number;
  readonly rows: number;
  /** The screen after each message was sent. */
  readonly sent: Sent[];
  readonly joined: string[][];
}

const tmux = hasTmux ? new Tmux() : undefined;
const runs: Run[] = [];
let widths = new Map<string, number>();

const columnsOf = (row: string): number => graphemes(row).reduce((sum, g) => sum + (widths.get(g) ?? Number.NaN), 0);

/** The row's graphemes with the column each starts at, by the terminal's widths. */
function cells(row: string): { readonly text: string; readonly at: number }[] {
  let at = 0;
  return graphemes(row).map((text) => {
    const cell = { text, at };
    at += widths.get(text) ?? Number.NaN;
    return cell;
  });
}

/** The text of a row between two columns (start inclusive, end exclusive). */
function between(row: string, start: number, end: number): string {
  return cells(row)
    .filter(({ at }) => at >= start && at < end)
    .map(({ text }) => text)
    .join('');
}

async function drive(columns: number, rows: number): Promise<Run> {
  if (!tmux) throw new Error('no tmux');
  const name = `w${columns}x${rows}`;
  tmux.start(name, columns, rows, `env FORCE_COLOR=1 NO_COLOR= node ${BIN} --no-journal`, ROOT);
  await tmux.waitFor(name, (screen) => screen.some((row) => row.includes('Enter')), 'the dashboard');
  const sent: Sent[] = [];
  const joined: string[][] = [];
  const send = async (text: string, enter: () => void) => {
    const number = sent.length + 1;
    enter();
    // Enter only once the draft shows it: a key in the same read as typed text would join it. A paste
    // shows as its label, or its label's end where the row scrolls to keep the cursor in view (at 40
    // columns, after "assistant › ", as the role flows).
    await tmux.waitFor(name, (shown) => shown.some((row) => /› .*(\[pasted|tokens\]|typed)/.test(row)), `the draft of #${number}`);
    tmux.key(name, 'Enter');
    const screen = await tmux.waitFor(name, (shown) => shown.some((row) => new RegExp(`#${number} \\w+ .*tokens`).test(row)), `message #${number}`);
    sent.push({ number, text, screen });
    joined.push(tmux.joinedScreen(name));
  };
  await send(TYPED, () => tmux.type(name, TYPED));
  for (const text of CORPUS) await send(text, () => tmux.paste(name, text));
  return { columns, rows, sent, joined };
}

describe.skipIf(!hasTmux)('the built dashboard in tmux: every script at every size', () => {
  beforeAll(async () => {
    if (!existsSync(`${ROOT}${BIN}`)) throw new Error(`${BIN} is not built: npm run build (npm test builds it first)`);
    // The three sizes at once, each in its own window of this suite's own tmux server.
    runs.push(...(await Promise.all(SIZES.map(([columns, rows]) => drive(columns, rows)))));
    const seen = new Set<string>();
    for (const run of runs) for (const { screen } of run.sent) for (const row of screen) for (const g of graphemes(row)) seen.add(g);
    // And every piece the dashboard may show the corpus as, to check our widths against tmux's.
    for (const text of [...CORPUS, TYPED]) for (const g of graphemes(text)) for (const piece of shownPieces(g)) seen.add(piece.text);
    widths = await tmux!.measure([...seen]);
  }, 120_000);

  afterAll(() => tmux?.close());

  it('measures every shown piece as tmux draws it', () => {
    const wrong = [...widths].filter(([text, columns]) => terminalColumns(text) !== columns);
    expect(wrong).toEqual([]);
  });

  describe.each(SIZES)('at %ix%i', (columns, rows) => {
    const run = () => runs.find((r) => r.columns === columns && r.rows === rows)!;

    it('keeps the header on row 1 and every row within the terminal, none wrapped', () => {
      for (const [i, { number, screen }] of run().sent.entries()) {
        expect(screen[0], `after #${number}`).toMatch(/^context-accountant/);
        expect(screen.length, `after #${number}`).toBe(rows);
        expect(run().joined[i]!.length, `after #${number}: a row wrapped`).toBe(rows);
        for (const row of screen) expect(columnsOf(row), `after #${number}: ${row}`).toBeLessThanOrEqual(columns);
      }
    });

    it('lines up the conversation pane\u2019s borders, where it has them', () => {
      for (const { number, screen } of run().sent) {
        const top = screen.findIndex((row) => row.startsWith('╭─ Conversation'));
        if (columns < 80) {
          expect(top, 'stacked panes have no borders at 12 rows').toBe(-1);
          continue;
        }
        expect(top, `after #${number}`).toBeGreaterThan(0);
        const right = cells(screen[top]!).find(({ text }) => text === '╮')!.at;
        const bottom = screen.findIndex((row, i) => i > top && row.startsWith('╰'));
        for (const row of screen.slice(top + 1, bottom)) {
          expect(row.startsWith('│'), row).toBe(true);
          expect(between(row, right, right + 1), `after #${number}, right border at column ${right}: ${row}`).toBe('│');
        }
        expect(between(screen[bottom]!, right, right + 1)).toBe('╯');
      }
    });

    it('shows every character sent, as shown, or counts it in "(N more lines)"', () => {
      for (const { number, text, screen } of run().sent) {
        const heading = screen.findIndex((row) => new RegExp(`#${number} \\w+ .*tokens`).test(row));
        const top = screen.findIndex((row) => row.startsWith('╭─ Conversation'));
        // 40x12: the pane has room for headings only.
        if (top === -1) continue;
        const right = cells(screen[top]!).find(({ text: t }) => t === '╮')!.at;
        const paneWidth = right - 3;
        const body: string[] = [];
        let hidden = 0;
        const bottom = screen.findIndex((row, i) => i > top && row.startsWith('╰'));
        for (const row of screen.slice(heading + 1, bottom)) {
          const inside = between(row, 2, right - 1).trimEnd();
          const fold = /^\.\.\. \(([\d,]+) more lines?/.exec(inside);
          if (fold) {
            hidden = Number(fold[1]!.replace(/,/g, ''));
            break;
          }
          if (inside === '' || /^#\d+ /.test(inside)) break;
          body.push(inside);
        }
        for (const row of body) expect(columnsOf(row)).toBeLessThanOrEqual(paneWidth);
        const squeeze = (s: string) => s.replace(/[ \n]/g, '');
        const expected = squeeze(shownText(text));
        const onScreen = squeeze(body.join(''));
        expect(expected.startsWith(onScreen), `#${number} at ${columns}x${rows}:\n${body.join('\n')}`).toBe(true);
        // Nothing between the rows is lost (a `title` is never `tit…`).
        if (hidden === 0) expect(onScreen, `#${number} at ${columns}x${rows}`).toBe(expected);
        else {
          const restColumns = terminalColumns(expected) - terminalColumns(onScreen);
          expect(hidden, `#${number}`).toBeGreaterThanOrEqual(Math.ceil(restColumns / paneWidth));
          expect(hidden, `#${number}`).toBeLessThanOrEqual(restColumns + text.split('\n').length);
        }
      }
    });
  });
});

if (!hasTmux) {
  describe('the built dashboard in tmux', () => {
    it.skip('skipped: tmux is not installed (apt-get install -y tmux; .ci/run installs it)', () => {});
  });
}
