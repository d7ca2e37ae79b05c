import { describe, expect, it } from 'vitest';
import { isTerminalSafe } from '../../../src/core/sanitize.js';
import { terminalColumns } from '../../../src/core/terminalWidth.js';
import { turnPart } from '../../../src/core/usage/turnText.js';
import { turnRows, type TurnFit } from '../../../src/ui/view/turnRows.js';

const fit: TurnFit = { width: 40, textRows: 3, maxRows: 20 };
const texts = (parts: Parameters<typeof turnRows>[0], at = fit) => turnRows(parts, at).map((row) => row.text);

describe("a replayed call's turn in the pane", () => {
  it('folds a prompt to its rows (the fold line says how many lines it has) and a reply under its marker', () => {
    const prompt = turnPart('user', Array.from({ length: 10 }, (_, i) => `line ${i + 1}`).join('\n'));
    expect(texts([prompt, turnPart('assistant', 'Sum in cents.')])).toEqual(['› line 1', '  line 2', '  … 10 lines', '‹ Sum in cents.']);
  });

  it('shows a tool call, a tool result and thinking on one line each, an ellipsis where the text goes on', () => {
    const rows = texts([
      turnPart('thinking', 'Check the rounding.'),
      turnPart('toolCall', '{"command":["rg","Math.round","--glob","src/**/*.ts"]}', 'shell'),
      turnPart('toolResult', 'a.ts:1\nb.ts:2\nc.ts:3', 'shell'),
    ]);
    expect(rows).toEqual(['thinking: Check the rounding.', 'tool shell {"command":["rg","Math.round…', 'result shell, 3 lines: a.ts:1…']);
    expect(rows.every((row) => terminalColumns(row) <= fit.width)).toBe(true);
  });

  it('escapes what a log could use to drive the terminal: escape sequences, C1 controls, bidi overrides, in text and in tool names', () => {
    const hostile = '\x1b[2J\x1b]0;pwned\x07\u009b31m\u202eevil\r\n';
    const rows = texts([turnPart('user', hostile), turnPart('toolCall', hostile, `Read${hostile}`), turnPart('toolResult', hostile, hostile)]);
    expect(rows.every(isTerminalSafe)).toBe(true);
    expect(rows[0]).toContain('\\e[2J');
    expect(rows.every((row) => terminalColumns(row) <= fit.width)).toBe(true);
  });

  it("keeps a long turn's prompt and its newest parts, and says in one line what the middle was", () => {
    const parts = [
      turnPart('user', 'Run the tests.'),
      ...Array.from({ length: 5 }, (_, i) => [turnPart('toolCall', `step ${i}`, 'shell'), turnPart('toolResult', `ok ${i}`, 'shell')]).flat(),
      turnPart('assistant', 'All green.'),
    ];
    expect(texts(parts, { ...fit, maxRows: 5 })).toEqual(['› Run the tests.', '… 4 tool calls, 4 results', 'tool shell step 4', 'result shell: ok 4', '‹ All green.']);
  });

  it('shows nothing where the pane has no rows for it, or the log kept no text', () => {
    expect(turnRows([turnPart('user', 'hi')], { ...fit, textRows: 0 })).toEqual([]);
    expect(turnRows(undefined, fit)).toEqual([]);
  });
});

describe('a turn unfolded (Enter)', () => {
  it('shows each tool result and call under its label, as many rows as the fit allows', () => {
    const result = turnPart('toolResult', 'import { sum } from "./sum";\n\nexport const total = 1;\n', 'Read');
    expect(texts([result], { ...fit, textRows: 10, unfolded: true })).toEqual(['result Read:', '  import { sum } from "./sum";', '  ', '  export const total = 1;']);
    expect(texts([result], { ...fit, textRows: 2, unfolded: true })).toEqual(['result Read:', '  import { sum } from "./sum";', '  … 3 lines']);
  });
});
