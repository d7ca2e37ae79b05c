// Types of ./ink-vendor.mjs, for vitest.config.ts.
import type { Plugin as EsbuildPlugin } from 'esbuild';
import type { Plugin as VitePlugin } from 'vitest/config';

export declare const VENDORED_INK_VERSION: string;
export declare const INK_PACKAGES: RegExp[];
export declare function vendoredInkFiles(): Map<string, string>;
export declare function inkVendorEsbuild(options?: { dropDevtools?: boolean }): EsbuildPlugin;
export declare function inkVendorVite(): VitePlugin;
