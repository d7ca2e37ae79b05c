import { styledCharsFromTokens, styledCharsToString, tokenize } from '@alcalzone/ansi-tokenize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// Ink's own Output class, as patched by patches/ink+6.8.0.patch (applied by `npm install`).
import Output, { rowToString } from '../../../node_modules/ink/build/output.js';

/** The patch's view of a frame's caches (private in Ink's types). */
interface Caches {
  readonly previous: Caches | undefined;
}
type FreshCaches = new (previous?: Caches) => Caches;
const cachesOf = (output: Output): Caches => (output as unknown as { caches: Caches }).caches;

type Op = { kind: 'write'; x: number; y: number; text: string } | { kind: 'clip'; x1: number; x2: number; y1: number; y2: number } | { kind: 'unclip' };

function draw(output: Output, ops: readonly Op[]): string {
  for (const op of ops) {
    if (op.kind === 'write') output.write(op.x, op.y, op.text, { transformers: [] });
    else if (op.kind === 'clip') output.clip(op);
    else output.unclip();
  }
  return output.get().output;
}

/** The frame as stock Ink draws it: caches that start empty, nothing carried from an earlier frame. */
function drawFresh(width: number, height: number, ops: readonly Op[]): string {
  const output = new Output({ width, height });
  const Fresh = cachesOf(output).constructor as FreshCaches;
  (output as unknown as { caches: Caches }).caches = new Fresh();
  return draw(output, ops);
}

const WIDTH = 24;
const HEIGHT = 6;
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
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('write' as const), x: fc.integer({ min: 0, max: WIDTH - 1 }), y: fc.integer({ min: 0, max: HEIGHT - 1 }), text: fc.constantFrom(...LINES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clip' as const), x1: fc.integer({ min: 0, max: 10 }), x2: fc.integer({ min: 10, max: WIDTH }), y1: fc.integer({ min: 0, max: 2 }), y2: fc.integer({ min: 2, max: HEIGHT }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'unclip' as const }) },
);
const frame = fc.array(op, { maxLength: 12 });

describe("Ink's output, patched to carry its caches from one frame to the next", () => {
  it('is patched: a frame falls back on the last frame and on no older one (run `npm install` if not)', () => {
    const first = new Output({ width: 4, height: 1 });
    const second = new Output({ width: 4, height: 1 });
    expect(cachesOf(second).previous).toBe(cachesOf(first));
    const third = new Output({ width: 4, height: 1 });
    expect(cachesOf(third).previous).toBe(cachesOf(second));
    // Memory stays at two frames' lines whatever the session's length.
    expect(cachesOf(second).previous).toBeUndefined();
  });

  it('draws every frame of any sequence exactly as a frame drawn from nothing', () => {
    fc.assert(
      fc.property(fc.array(frame, { minLength: 1, maxLength: 6 }), (frames) => {
        // The sequence first, each frame on the last one's caches; the fresh frames after, as any
        // new Output would otherwise become the next frame's "last frame".
        const drawn = frames.map((ops) => draw(new Output({ width: WIDTH, height: HEIGHT }), ops));
        expect(drawn).toEqual(frames.map((ops) => drawFresh(WIDTH, HEIGHT, ops)));
      }),
      { numRuns: 300 },
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
    const ops = (status: string): Op[] => [
      { kind: 'write', x: 0, y: 0, text: '\u001B[36mcontext 95% full\u001B[39m' },
      { kind: 'write', x: 0, y: 1, text: status },
    ];
    expect(draw(new Output({ width: 20, height: 2 }), ops('user › th'))).toBe('\u001B[36mcontext 95% full\u001B[39m\nuser › th');
    expect(draw(new Output({ width: 20, height: 2 }), ops('user › the'))).toBe('\u001B[36mcontext 95% full\u001B[39m\nuser › the');
    expect(draw(new Output({ width: 20, height: 2 }), ops('user › the'))).toBe('\u001B[36mcontext 95% full\u001B[39m\nuser › the');
  });
});
