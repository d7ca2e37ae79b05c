import { describe, expect, it } from 'vitest';
import { inputRow, type InputSegment } from '../../../src/ui/view/inputRow.js';

/** The row as text, the cursor cell in brackets. */
const shown = (segments: readonly InputSegment[]): string => segments.map((s) => (s.kind === 'cursor' ? `[${s.text}]` : s.text)).join('');
const typed = (text: string) => [{ kind: 'typed' as const, text }];
/** Columns the row takes: what inputRow promises never to pass (these texts are one column a character but the emoji). */
const columns = (segments: readonly InputSegment[]) => [...segments.map((s) => s.text).join('')].reduce((sum, c) => sum + (/\p{Extended_Pictographic}|[\u4e00-\u9fff]/u.test(c) ? 2 : 1), 0);

describe('inputRow', () => {
  it('shows a short line as it is, the cursor on the character it is before, or after the end', () => {
    expect(shown(inputRow(typed('hello'), 5, 20))).toBe('hello[ ]');
    expect(shown(inputRow(typed('hello'), 1, 20))).toBe('h[e]llo');
    expect(shown(inputRow(typed('hello'), undefined, 20))).toBe('hello');
  });

  it('scrolls a long line sideways, the cursor always in view, and marks the cut sides', () => {
    const text = 'abcdefghijklmnopqrstuvwxyz0123456789';
    const atEnd = inputRow(typed(text), text.length, 20);
    expect(shown(atEnd)).toMatch(/^….*9\[ \]$/);
    expect(columns(atEnd)).toBeLessThanOrEqual(20);
    const atStart = inputRow(typed(text), 0, 20);
    expect(shown(atStart)).toMatch(/^\[a\]bcdefghijklmnopqrs…$/);
    expect(columns(atStart)).toBe(20);
    for (let cursor = 0; cursor <= text.length; cursor++) {
      const row = inputRow(typed(text), cursor, 20);
      expect(columns(row), `cursor ${cursor}`).toBeLessThanOrEqual(20);
      expect(shown(row), `cursor ${cursor}`).toContain(`[${text[cursor] ?? ' '}]`);
    }
  });

  it('keeps the window still while the cursor moves inside it', () => {
    const text = 'x'.repeat(100);
    const windows = [60, 59, 58, 57].map((cursor) => shown(inputRow(typed(text), cursor, 30)).replace(/\[x\]/, 'x'));
    expect(new Set(windows).size).toBe(1);
  });

  it('shows newlines as ↵, wide characters within the width, and controls escaped', () => {
    expect(shown(inputRow(typed('one\ntwo'), 7, 20))).toBe('one↵two[ ]');
    const wide = inputRow(typed('漢字👍'.repeat(10)), 0, 15);
    expect(columns(wide)).toBeLessThanOrEqual(15);
    expect(shown(inputRow(typed('a\x07b'), undefined, 20))).toBe('a\\ab');
  });

  it('puts pasted labels and typed parts side by side in their order', () => {
    const parts = [
      { kind: 'typed' as const, text: 'Log:' },
      { kind: 'paste' as const, text: ' [pasted 40 lines, 1,297 tokens] ' },
      { kind: 'typed' as const, text: 'more' },
    ];
    expect(shown(inputRow(parts, 4, 60))).toBe('Log: [pasted 40 lines, 1,297 tokens] more[ ]');
    const narrow = inputRow(parts, 4, 20);
    expect(shown(narrow)).toMatch(/more\[ \]$/);
    expect(columns(narrow)).toBeLessThanOrEqual(20);
  });
});
