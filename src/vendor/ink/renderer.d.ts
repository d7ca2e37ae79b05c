// Types of the vendored ./renderer.js (what context-accountant added; Ink's renderer is internal).
import type { OutputCaches } from './output.js';

/** The caches a root's next frame falls back on, or undefined before its first frame. */
export declare function lastFrameCaches(root: object): { readonly main: OutputCaches; readonly static: OutputCaches | undefined } | undefined;
