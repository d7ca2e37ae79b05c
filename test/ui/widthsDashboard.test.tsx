import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/core/chatFormat.js';
import { graphemes, terminalColumns } from '../../src/core/terminalWidth.js';
import { CTRL, renderDashboard, until } from '../support/renderDashboard.js';

afterEach(cleanup);

// Emoji sequences, scripts and escapes on which Ink's string-width and a terminal disagree, or
// which a fold by UTF-16 units measured wrong (test/terminal/widths.tmux.test.ts runs them in tmux).
const WIDE: readonly string[] = [
  'family 👨‍👩‍👧‍👦 rainbow 🏳️‍🌈 skin 👍🏽 ✌🏻 heart ❤️ keycap 1️⃣ flags 🇫🇷🇯🇵 '.repeat(3),
  '漢字テスト中文日本語'.repeat(12),
  '\x1b]0;title\x07 \x1b[31mERROR\x1b[0m disk full '.repeat(4),
  'marks e\u0301 क्ष \u200b\u00ad 한국어 مرحبا '.repeat(5),
];

/** The columns of each `│` of a line, as a wcwidth terminal places them. */
function borderColumns(line: string): number[] {
  const found: number[] = [];
  let at = 0;
  for (const grapheme of graphemes(line)) {
    if (grapheme === '│') found.push(at);
    at += terminalColumns(grapheme);
  }
  return found;
}

describe('text of every width in the dashboard, frame by frame', () => {
  it.each([
    [120, 40],
    [80, 24],
  ])('at %ix%i: no line wider than the terminal, the header on top, the pane borders in their columns, CJK folded with "(N more lines)"', async (columns, rows) => {
    const queue: ChatMessage[] = WIDE.map((content) => ({ role: 'user', content }));
    const app = await renderDashboard({ queue }, { columns, rows });
    for (let turn = 1; turn <= queue.length; turn++) {
      await app.press(CTRL.n);
      const frame = await until(app.frame, (f) => f.includes(`turn ${turn}/${queue.length}`) && !f.includes('counting'), `turn ${turn}`);
      const lines = frame.split('\n');
      expect(lines[0]).toMatch(/^context-accountant/);
      for (const line of lines) expect(terminalColumns(line), line).toBeLessThanOrEqual(columns);
      const top = lines.findIndex((line) => line.startsWith('╭─ Conversation'));
      const paneRows = lines.slice(top + 1, lines.findIndex((line, i) => i > top && line.startsWith('╰')));
      expect(paneRows.length).toBeGreaterThan(3);
      const rightBorder = borderColumns(paneRows[0]!)[1];
      for (const line of paneRows) expect(borderColumns(line)[1], line).toBe(rightBorder);
      expect(frame).not.toContain('tit…');
    }
    expect(app.frame()).toMatch(/漢字テスト[^\n]*\n[^\n]*\.\.\. \(\d+ more lines/);
  });
});
