import { styledCharsFromTokens, styledCharsToString, tokenize } from '@alcalzone/ansi-tokenize';
import fc from 'fast-check';
import { Static, Text } from 'ink';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
// Ink's own files, by the paths Ink itself loads them from: what the bundle and the tests get there
// is src/vendor/ink/ (swapped in by scripts/ink-vendor.mjs). Stock Ink has no OutputCaches,
// rowToString or lastFrameCaches, so every test here fails if the swap is missing.
import * as inkOutput from '../../../node_modules/ink/build/output.js';
import * as inkRenderer from '../../../node_modules/ink/build/renderer.js';
import instances from '../../../node_modules/ink/build/instances.js';
import type * as VendoredOutput from '../../../src/vendor/ink/output.js';
import type * as VendoredRenderer from '../../../src/vendor/ink/renderer.js';

const { default: Output, OutputCaches, rowToString } = inkOutput as unknown as typeof VendoredOutput;
const { lastFrameCaches } = inkRenderer as unknown as typeof VendoredRenderer;
type Caches = VendoredOutput.OutputCaches;

type Op = { kind: 'write'; x: number; y: number; text: string } | { kind: 'clip'; x1: number; x2: number; y1: number; y2: number } | { kind: 'unclip' };
interface Frame {
  readonly width: number;
  readonly height: number;
  readonly ops: readonly Op[];
}

/** Draws a frame on the caches of the frame before (none: stock Ink's fresh caches); returns its text and caches. */
function draw({ width, height, ops }: Frame, previousCaches?: Caches): { text: string; caches: Caches } {
  const output = new Output({ width, height, previousCaches });
  // Not a vacuous property: this frame really falls back on the one before (stock Ink's would not).
  expect(output.caches.previous).toBe(previousCaches);
  for (const op of ops) {
    if (op.kind === 'write') output.write(op.x, op.y, op.text, { transformers: [] });
    else if (op.kind === 'clip') output.clip(op);
    else output.unclip();
  }
  return { text: output.get().output, caches: output.caches };
}

/** Each frame drawn on the caches of the one before it, as Ink's renderer now draws them. */
function drawLineage(frames: readonly Frame[]): string[] {
  let caches: Caches | undefined;
  return frames.map((frame) => {
    const drawn = draw(frame, caches);
    caches = drawn.caches;
    return drawn.text;
  });
}

const MAX_WIDTH = 24;
const MAX_HEIGHT = 6;
// Lines a dashboard draws: plain, coloured, wide (CJK, emoji), combining marks, box drawing. A
// small pool, so frames repeat each other's lines and rows, which is what the caches serve.
const LINES = [
  'hello world',
  '\u001B[32mgreen\u001B[39m and plain',
  '\u001B[1m\u001B[31mbold red\u001B[39m\u001B[22m',
  '中文字符',
  'emoji 👍🏽 ok',
  'e\u0301 combining',
  '╭─ Panel ─╮',
  '█ █ ▃ ▅',
  'two\nlines',
  '',
];
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('write' as const), x: fc.integer({ min: 0, max: MAX_WIDTH - 1 }), y: fc.integer({ min: 0, max: MAX_HEIGHT - 1 }), text: fc.constantFrom(...LINES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clip' as const), x1: fc.integer({ min: 0, max: 10 }), x2: fc.integer({ min: 10, max: MAX_WIDTH }), y1: fc.integer({ min: 0, max: 2 }), y2: fc.integer({ min: 2, max: MAX_HEIGHT }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'unclip' as const }) },
);
// Mostly the full size, sometimes smaller: a resize between frames.
const frame: fc.Arbitrary<Frame> = fc.record({
  width: fc.oneof({ weight: 3, arbitrary: fc.constant(MAX_WIDTH) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: MAX_WIDTH }) }),
  height: fc.oneof({ weight: 3, arbitrary: fc.constant(MAX_HEIGHT) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: MAX_HEIGHT }) }),
  ops: fc.array(op, { maxLength: 12 }),
});
const frames = fc.array(frame, { minLength: 1, maxLength: 6 });

describe("Ink's output, carrying its caches from one frame to the next (src/vendor/ink/)", () => {
  it('is what Ink loads: its Output takes the last frame\'s caches and keeps no older ones', () => {
    expect(OutputCaches).toBeTypeOf('function');
    const first = draw({ width: 4, height: 1, ops: [] });
    const second = draw({ width: 4, height: 1, ops: [] }, first.caches);
    expect(second.caches.previous).toBe(first.caches);
    const third = draw({ width: 4, height: 1, ops: [] }, second.caches);
    expect(third.caches.previous).toBe(second.caches);
    // Memory stays at two frames' lines whatever the session's length.
    expect(second.caches.previous).toBeUndefined();
    // An Output given nothing starts empty, as stock Ink's does: no cache shared through the process.
    expect(draw({ width: 4, height: 1, ops: [] }).caches.previous).toBeUndefined();
  });

  it('draws every frame of any sequence exactly as a frame drawn from nothing', () => {
    fc.assert(
      fc.property(frames, (sequence) => {
        expect(drawLineage(sequence)).toEqual(sequence.map((each) => draw(each).text));
      }),
      { numRuns: 300 },
    );
  });

  it('draws two sequences interleaved (a frame and its <Static> output) each exactly as fresh frames', () => {
    fc.assert(
      fc.property(frames, frames, (main, statics) => {
        let mainCaches: Caches | undefined;
        let staticCaches: Caches | undefined;
        const drawn: string[] = [];
        for (let i = 0; i < Math.max(main.length, statics.length); i++) {
          if (main[i]) ({ text: drawn[2 * i], caches: mainCaches } = draw(main[i]!, mainCaches));
          if (statics[i]) ({ text: drawn[2 * i + 1], caches: staticCaches } = draw(statics[i]!, staticCaches));
        }
        const fresh: string[] = [];
        main.forEach((each, i) => (fresh[2 * i] = draw(each).text));
        statics.forEach((each, i) => (fresh[2 * i + 1] = draw(each).text));
        expect(drawn).toEqual(fresh);
      }),
      { numRuns: 200 },
    );
  });

  it("joins a row's cells exactly as ansi-tokenize does, skipping only the diffs between cells styled alike", () => {
    const piece = fc.oneof(
      fc.constantFrom('a', 'plain text ', ' ', '中', '👍🏽', 'e\u0301', '█'),
      // Colours, 256 and true colour, bold and dim (one end code), underline, resets, a link.
      fc.constantFrom('\u001B[31m', '\u001B[39m', '\u001B[1m', '\u001B[2m', '\u001B[22m', '\u001B[4m', '\u001B[24m', '\u001B[38;5;123m', '\u001B[48;2;1;2;3m', '\u001B[49m', '\u001B[0m'),
      fc.constantFrom('\u001B]8;;https://example.com\u0007', '\u001B]8;;\u0007'),
    );
    // A row is the cells of several writes side by side, each write styled on its own.
    const row = fc.array(fc.array(piece, { maxLength: 12 }).map((pieces) => styledCharsFromTokens(tokenize(pieces.join('')))), { maxLength: 4 }).map((writes) => writes.flat());
    fc.assert(
      fc.property(row, (cells) => {
        expect(rowToString(cells)).toBe(styledCharsToString(cells));
      }),
      { numRuns: 2000 },
    );
  });

  it('redraws a row that changed under an unchanged one, and a frame that repeats the one before', () => {
    const status = (text: string): Frame => ({
      width: 20,
      height: 2,
      ops: [
        { kind: 'write', x: 0, y: 0, text: '\u001B[36mcontext 95% full\u001B[39m' },
        { kind: 'write', x: 0, y: 1, text },
      ],
    });
    expect(drawLineage([status('user › th'), status('user › the'), status('user › the')])).toEqual([
      '\u001B[36mcontext 95% full\u001B[39m\nuser › th',
      '\u001B[36mcontext 95% full\u001B[39m\nuser › the',
      '\u001B[36mcontext 95% full\u001B[39m\nuser › the',
    ]);
  });
});

describe("Ink's renderer, owning the caches of each output of a frame", () => {
  function Screen({ logged, typed }: { readonly logged: readonly string[]; readonly typed: string }) {
    return (
      <>
        <Static items={[...logged]}>{(line) => <Text key={line}>{line}</Text>}</Static>
        <Text>context 95% full</Text>
        <Text>{typed}</Text>
      </>
    );
  }

  it('gives the main output its own last frame even with <Static> drawn every frame, so unchanged lines are not tokenized again', () => {
    const app = render(<Screen logged={['turn 1']} typed="user › th" />);
    // The app's root node, which the renderer keys its caches by (private in Ink's types).
    const root = (instances.get(app.stdout as unknown as NodeJS.WriteStream) as unknown as { rootNode: object }).rootNode;
    const first = lastFrameCaches(root)!;
    app.rerender(<Screen logged={['turn 1', 'turn 2']} typed="user › the" />);
    const second = lastFrameCaches(root)!;
    app.unmount();

    expect(app.lastFrame()).toContain('user › the');
    expect(second.static).toBeDefined();
    expect(second.static).not.toBe(second.main);
    // The unchanged line's cells are the very ones of the first frame: carried from main output to
    // main output through every frame since (<Static>'s output, drawn in between, never had them).
    const unchanged = first.main.styledChars.get('context 95% full');
    expect(unchanged).toBeDefined();
    expect(second.main.styledChars.get('context 95% full')).toBe(unchanged);
  });
});
