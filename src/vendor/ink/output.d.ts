// Types of the vendored ./output.js (Ink 6.8.0's output.d.ts, plus what context-accountant added).
import type { StyledChar } from '@alcalzone/ansi-tokenize';

type Transformer = (line: string, index: number) => string;
type Clip = { x1: number | undefined; x2: number | undefined; y1: number | undefined; y2: number | undefined };

/** One frame's caches; `previous` is the frame before's, which this one falls back on. */
export declare class OutputCaches {
  constructor(previous?: OutputCaches);
  previous: OutputCaches | undefined;
  readonly widths: Map<string, number>;
  readonly blockWidths: Map<string, number>;
  readonly styledChars: Map<string, StyledChar[]>;
  readonly rows: { readonly cells: readonly StyledChar[]; readonly text: string }[];
  getStyledChars(line: string): StyledChar[];
  getStringWidth(text: string): number;
  getWidestLine(text: string): number;
  getRowString(y: number, cells: readonly StyledChar[]): string;
}

/** string-width's width of `text` (ANSI escapes left out), without its segmenter when every character is simple. */
export declare function fastStringWidth(text: string): number;

/** A row's cells joined as ansi-tokenize's styledCharsToString joins them, faster. */
export declare function rowToString(cells: readonly StyledChar[]): string;

export default class Output {
  constructor(options: { width: number; height: number; previousCaches?: OutputCaches });
  width: number;
  height: number;
  readonly caches: OutputCaches;
  write(x: number, y: number, text: string, options: { transformers: Transformer[] }): void;
  clip(clip: Clip): void;
  unclip(): void;
  get(): { output: string; height: number };
}
