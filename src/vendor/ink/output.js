// Vendored from ink 6.8.0, build/output.js (MIT, Vadym Demedes and Sindre Sorhus: ./LICENSE), and
// changed by context-accountant. scripts/ink-vendor.mjs loads this file in place of Ink's own, in
// the bundle (esbuild) and under vitest, so node_modules stays as npm installed it; every import
// below resolves as it does from node_modules/ink/build/. Why, and the change as offered to Ink:
// docs/ink-frame-caches.md.
//
// The change: a frame's caches fall back on the caches of the frame before it, which its renderer
// hands over (options.previousCaches, see ./renderer.js), so lines, widths and rows that did not
// change since the last frame are not tokenized, measured or joined again. Two frames are kept at
// most; cached values are never mutated. Without previousCaches an Output is stock Ink's.
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import stripAnsi from 'strip-ansi';
import { ansiCodesToString, diffAnsiCodes, styledCharsFromTokens, tokenize, } from '@alcalzone/ansi-tokenize';
// The second change (context-accountant): `fastStringWidth`, string-width's answer without its
// grapheme segmenter for text made only of characters that are each a grapheme of their own.
// string-width segments any text that is not plain ASCII (a "·" or a "█" is enough) and tests each
// grapheme against several Unicode regexes: ~3 µs a character, a few hundred microseconds for a
// 160-column row, and every new row of a frame is measured (by ./measure-text.js for the layout,
// and here). A BMP letter, digit, punctuation, symbol or space that no rule of grapheme clustering
// joins to a neighbour (no mark, joiner, variation selector, emoji, emoji component, Hangul jamo,
// prepended or spacing mark: the same class as src/core/terminalWidth.ts's "simple") is one
// grapheme between two such or ASCII, and string-width gives it what it gives the character alone,
// remembered per code unit. Any other character, and the whole text goes to string-width.
const SIMPLE = /^[\p{L}\p{N}\p{P}\p{S}\p{Zs}]$/u;
const NOT_SIMPLE = /^[\p{Grapheme_Extend}\p{Default_Ignorable_Code_Point}\p{Extended_Pictographic}\p{Emoji_Component}\u0e33\u0eb3\u0d4e\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff]$/u;
// Per BMP code unit: 0 not worked out yet, 1 or 2 its width, 3 not simple.
const unitWidths = new Uint8Array(0x10000);
const unitWidth = (code) => {
    let width = unitWidths[code];
    if (width === 0) {
        const character = String.fromCharCode(code);
        const simple = code >= 0x80 && (code < 0xd800 || code > 0xdfff) && SIMPLE.test(character) && !NOT_SIMPLE.test(character);
        width = simple ? stringWidth(character) : 3;
        if (width !== 1 && width !== 2) {
            width = 3;
        }
        unitWidths[code] = width;
    }
    return width;
};
export const fastStringWidth = (text) => {
    // ANSI escapes are left out, as string-width leaves them out.
    const plain = text.includes('\u001B') || text.includes('\u009B') ? stripAnsi(text) : text;
    let width = 0;
    for (let index = 0; index < plain.length; index++) {
        const code = plain.charCodeAt(index);
        if (code >= 0x20 && code <= 0x7e) {
            width++;
            continue;
        }
        const unit = code < 0x80 ? 3 : unitWidth(code);
        if (unit === 3) {
            return stringWidth(text);
        }
        width += unit;
    }
    return width;
};
export class OutputCaches {
    widths = new Map();
    blockWidths = new Map();
    styledChars = new Map();
    rows = [];
    previous;
    constructor(previous) {
        if (previous) {
            // The frame before the last is dropped: memory stays at two frames' lines.
            previous.previous = undefined;
        }
        this.previous = previous;
    }
    getStyledChars(line) {
        let cached = this.styledChars.get(line);
        if (cached === undefined) {
            cached = this.previous?.styledChars.get(line) ?? styledCharsFromTokens(tokenize(line));
            this.styledChars.set(line, cached);
        }
        return cached;
    }
    getStringWidth(text) {
        let cached = this.widths.get(text);
        if (cached === undefined) {
            cached = this.previous?.widths.get(text) ?? fastStringWidth(text);
            this.widths.set(text, cached);
        }
        return cached;
    }
    getWidestLine(text) {
        let cached = this.blockWidths.get(text);
        if (cached === undefined) {
            cached = this.previous?.blockWidths.get(text);
            if (cached === undefined) {
                let lineWidth = 0;
                for (const line of text.split('\n')) {
                    lineWidth = Math.max(lineWidth, this.getStringWidth(line));
                }
                cached = lineWidth;
            }
            this.blockWidths.set(text, cached);
        }
        return cached;
    }
    // A row's text, joined again only when one of its cells is not the one it had last frame.
    getRowString(y, cells) {
        const last = this.previous?.rows[y];
        let text;
        if (last && last.cells.length === cells.length && last.cells.every((cell, index) => cell === cells[index])) {
            text = last.text;
        }
        else {
            text = rowToString(cells).trimEnd();
        }
        this.rows[y] = { cells, text };
        return text;
    }
}
const sameStyles = (from, to) => {
    if (from === to) {
        return true;
    }
    if (from.length !== to.length) {
        return false;
    }
    for (let index = 0; index < from.length; index++) {
        if (from[index].code !== to[index].code) {
            return false;
        }
    }
    return true;
};
// styledCharsToString, less its diff between neighbours styled alike: that diff is always empty,
// and most cells of a frame are styled as the one before them.
export const rowToString = (cells) => {
    let text = '';
    for (let index = 0; index < cells.length; index++) {
        const cell = cells[index];
        if (index === 0) {
            text += ansiCodesToString(cell.styles);
        }
        else if (!sameStyles(cells[index - 1].styles, cell.styles)) {
            text += ansiCodesToString(diffAnsiCodes(cells[index - 1].styles, cell.styles));
        }
        text += cell.value;
    }
    const last = cells.at(-1);
    if (last) {
        text += ansiCodesToString(diffAnsiCodes(last.styles, []));
    }
    return text;
};
// One blank cell for every empty place: a row left blank is then the same cells frame after frame.
const blankCell = Object.freeze({
    type: 'char',
    value: ' ',
    fullWidth: false,
    styles: Object.freeze([]),
});
export default class Output {
    width;
    height;
    operations = [];
    caches;
    constructor(options) {
        const { width, height, previousCaches } = options;
        this.width = width;
        this.height = height;
        this.caches = new OutputCaches(previousCaches);
    }
    write(x, y, text, options) {
        const { transformers } = options;
        if (!text) {
            return;
        }
        this.operations.push({
            type: 'write',
            x,
            y,
            text,
            transformers,
        });
    }
    clip(clip) {
        this.operations.push({
            type: 'clip',
            clip,
        });
    }
    unclip() {
        this.operations.push({
            type: 'unclip',
        });
    }
    get() {
        // Initialize output array with a specific set of rows, so that margin/padding at the bottom is preserved
        const output = [];
        for (let y = 0; y < this.height; y++) {
            output.push(new Array(this.width).fill(blankCell));
        }
        const clips = [];
        for (const operation of this.operations) {
            if (operation.type === 'clip') {
                clips.push(operation.clip);
            }
            if (operation.type === 'unclip') {
                clips.pop();
            }
            if (operation.type === 'write') {
                const { text, transformers } = operation;
                let { x, y } = operation;
                let lines = text.split('\n');
                const clip = clips.at(-1);
                if (clip) {
                    const clipHorizontally = typeof clip?.x1 === 'number' && typeof clip?.x2 === 'number';
                    const clipVertically = typeof clip?.y1 === 'number' && typeof clip?.y2 === 'number';
                    // If text is positioned outside of clipping area altogether,
                    // skip to the next operation to avoid unnecessary calculations
                    if (clipHorizontally) {
                        const width = this.caches.getWidestLine(text);
                        if (x + width < clip.x1 || x > clip.x2) {
                            continue;
                        }
                    }
                    if (clipVertically) {
                        const height = lines.length;
                        if (y + height < clip.y1 || y > clip.y2) {
                            continue;
                        }
                    }
                    if (clipHorizontally) {
                        lines = lines.map(line => {
                            const from = x < clip.x1 ? clip.x1 - x : 0;
                            const width = this.caches.getStringWidth(line);
                            const to = x + width > clip.x2 ? clip.x2 - x : width;
                            return sliceAnsi(line, from, to);
                        });
                        if (x < clip.x1) {
                            x = clip.x1;
                        }
                    }
                    if (clipVertically) {
                        const from = y < clip.y1 ? clip.y1 - y : 0;
                        const height = lines.length;
                        const to = y + height > clip.y2 ? clip.y2 - y : height;
                        lines = lines.slice(from, to);
                        if (y < clip.y1) {
                            y = clip.y1;
                        }
                    }
                }
                let offsetY = 0;
                for (let [index, line] of lines.entries()) {
                    const currentLine = output[y + offsetY];
                    // Line can be missing if `text` is taller than height of pre-initialized `this.output`
                    if (!currentLine) {
                        continue;
                    }
                    for (const transformer of transformers) {
                        line = transformer(line, index);
                    }
                    const characters = this.caches.getStyledChars(line);
                    let offsetX = x;
                    for (let charIndex = 0; charIndex < characters.length; charIndex++) {
                        const character = characters[charIndex];
                        currentLine[offsetX] = character;
                        // Determine printed width using string-width to align with measurement
                        // (context-accountant: a printable ASCII character is 1 wide without a lookup
                        // in the caches; most of a frame's cells are.)
                        const { value } = character;
                        const code = value.length === 1 ? value.charCodeAt(0) : 0;
                        const characterWidth = code >= 0x20 && code <= 0x7e ? 1 : Math.max(1, this.caches.getStringWidth(value));
                        // For multi-column characters, clear following cells to avoid stray spaces/artifacts
                        if (characterWidth > 1) {
                            for (let index = 1; index < characterWidth; index++) {
                                currentLine[offsetX + index] = {
                                    type: 'char',
                                    value: '',
                                    fullWidth: false,
                                    styles: character.styles,
                                };
                            }
                        }
                        offsetX += characterWidth;
                    }
                    offsetY++;
                }
            }
        }
        const generatedOutput = output
            .map((line, y) => {
            // See https://github.com/vadimdemedes/ink/pull/564#issuecomment-1637022742
            // (context-accountant: a row still its own width has no holes: nothing to filter.)
            const lineWithoutEmptyItems = line.length === this.width ? line : line.filter(item => item !== undefined);
            return this.caches.getRowString(y, lineWithoutEmptyItems);
        })
            .join('\n');
        return {
            output: generatedOutput,
            height: output.length,
        };
    }
}
