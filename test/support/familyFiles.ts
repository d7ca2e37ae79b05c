import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Tokenizer } from '@huggingface/tokenizers';
import { createFamilyTokenizer, FAMILY_SOURCES, type FamilyFiles, type FamilyTokenizer, type OpenWeightFamily } from '../../src/core/openWeight.js';

const require = createRequire(import.meta.url);
const cache = new Map<OpenWeightFamily, FamilyFiles>();
const ordinary = new Map<OpenWeightFamily, FamilyTokenizer>();
const special = new Map<OpenWeightFamily, (text: string) => number[]>();

/**
 * A family's published files, read from its package as the build reads them: much faster under
 * vitest than importing tens of MB of JSON through its transform (the bin imports the prepared
 * files, and test/cli checks that path).
 */
export function familyFiles(family: OpenWeightFamily): FamilyFiles {
  let files = cache.get(family);
  if (!files) {
    const read = (file: string) => JSON.parse(readFileSync(require.resolve(`${FAMILY_SOURCES[family].package}/models/${file}`), 'utf8')) as never;
    cache.set(family, (files = { tokenizer: read('tokenizer.json'), config: read('tokenizer_config.json') }));
  }
  return files;
}

/** Our tokenizer of a family (ordinary text), over its files. */
export function familyTokenizer(family: OpenWeightFamily): FamilyTokenizer {
  let tokenizer = ordinary.get(family);
  if (!tokenizer) ordinary.set(family, (tokenizer = createFamilyTokenizer(family, familyFiles(family), Tokenizer as never)));
  return tokenizer;
}

/** The family's tokenizer as the model runs it, special tokens in the text included: for rendered chat templates. */
export function withSpecialTokens(family: OpenWeightFamily): (text: string) => number[] {
  let encode = special.get(family);
  if (!encode) {
    const files = familyFiles(family);
    const tokenizer = new Tokenizer(files.tokenizer, files.config);
    special.set(family, (encode = (text) => tokenizer.encode(text, { add_special_tokens: false }).ids));
  }
  return encode;
}
