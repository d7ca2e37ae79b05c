import { parseJson } from './loaderKit.js';

/** One non-blank line of a JSONL file, parsed. */
export interface JsonLine {
  readonly line: number;
  readonly text: string;
  readonly data: unknown;
}

/** Every non-blank line parsed as JSON; a bad one is an error naming file:line:column. */
export function parseJsonLines(file: string, text: string): JsonLine[] {
  const lines: JsonLine[] = [];
  text.split('\n').forEach((raw, i) => {
    const lineText = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (lineText.trim() === '') return;
    lines.push({ line: i + 1, text: lineText, data: parseJson(lineText, file, i + 1) });
  });
  return lines;
}

/** Whether the first non-blank line parses as a JSON object: the mark of a JSONL file. */
export function firstLineIsJsonObject(text: string): boolean {
  const first = text.split('\n').find((line) => line.trim() !== '');
  if (first === undefined) return false;
  try {
    const data: unknown = JSON.parse(first);
    return data !== null && typeof data === 'object' && !Array.isArray(data);
  } catch {
    return false;
  }
}
