// Vendored from ink 6.8.0, build/measure-text.js (MIT, Vadym Demedes and Sindre Sorhus: ./LICENSE),
// and changed by context-accountant in one line (marked below): a text's widest line is measured
// with ./output.js's fastStringWidth (string-width's answer, without its segmenter for simple
// text) instead of widest-line. Loaded in place of Ink's own by scripts/ink-vendor.mjs; see
// docs/ink-frame-caches.md.
import { fastStringWidth } from './output.js';
const cache = new Map();
const measureText = (text) => {
    if (text.length === 0) {
        return {
            width: 0,
            height: 0,
        };
    }
    const cachedDimensions = cache.get(text);
    if (cachedDimensions) {
        return cachedDimensions;
    }
    // Was widestLine(text): the same widest line by string-width's measure.
    let width = 0;
    for (const line of text.split('\n')) {
        width = Math.max(width, fastStringWidth(line));
    }
    const height = text.split('\n').length;
    const dimensions = { width, height };
    cache.set(text, dimensions);
    return dimensions;
};
export default measureText;
