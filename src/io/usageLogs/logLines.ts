import { InputError } from '../../core/errors.js';
import { sanitizeLine } from '../../core/sanitize.js';
import { parseJson } from '../loaderKit.js';

/** One parsed line of a JSONL log. */
export interface LogLine {
  readonly line: number;
  readonly data: unknown;
}

export interface LogLines {
  readonly lines: readonly LogLine[];
  /** The reader adds its own (repeated records...). */
  readonly warnings: string[];
}

/**
 * Every non-blank line of a JSONL log, parsed. A line that does not parse is an error naming
 * `file:line:column`, except the last one when the file does not end with a newline: that is a log
 * still being written (a torn line), skipped with a warning.
 */
export function readLogLines(file: string, text: string): LogLines {
  const raw = text.split('\n');
  const lastIndex = findLastIndex(raw, (line) => line.trim() !== '');
  const torn = lastIndex >= 0 && lastIndex === raw.length - 1; // no newline after the last record
  const lines: LogLine[] = [];
  const warnings: string[] = [];
  raw.forEach((full, i) => {
    const lineText = full.endsWith('\r') ? full.slice(0, -1) : full;
    if (lineText.trim() === '') return;
    if (torn && i === lastIndex) {
      try {
        lines.push({ line: i + 1, data: JSON.parse(lineText) });
      } catch {
        warnings.push(`${sanitizeLine(file)}:${i + 1}: the last line is cut short (a log still being written): skipped`);
      }
      return;
    }
    lines.push({ line: i + 1, data: parseJson(lineText, file, i + 1) });
  });
  return { lines, warnings };
}

function findLastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i]!)) return i;
  return -1;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A line the schema refuses: `file:line` and what is wrong, the first issue only. */
export function lineError(file: string, line: number, what: string, issue: { readonly path: readonly PropertyKey[]; readonly message: string } | undefined): InputError {
  const where = issue && issue.path.length > 0 ? ` (${issue.path.map(String).join('.')})` : '';
  return new InputError(`${file}:${line}: ${what}${where}: ${issue?.message ?? 'not the expected shape'}`);
}

/** Adds one to the count of a skipped line type. */
export function countSkipped(skipped: Record<string, number>, type: string): void {
  skipped[type] = (skipped[type] ?? 0) + 1;
}
