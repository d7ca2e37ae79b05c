import fc from 'fast-check';
import { TokenizerLoader } from '@lenml/tokenizers';
import llama3Tokenizer from 'llama3-tokenizer-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { OPEN_WEIGHT_FAMILIES, type FamilyTokenizer, type OpenWeightFamily } from '../../src/core/openWeight.js';
import { familyFiles, familyTokenizer } from '../support/familyFiles.js';
import { base64Blob, cjkRun, minifiedCode, SCRIPT_SAMPLES } from '../support/texts.js';

/**
 * How the open-weight counts are checked (no Python here, so no `transformers` to ask):
 * - Llama 3 against the reference ids in llama3-tokenizer-js's own test suite (ids its author took
 *   from Meta's tokenizer, tiktoken-based), and against that package's independent implementation
 *   (its own vocabulary copy and its own BPE) on the varied text below and random strings;
 * - every family against a second implementation on the same published files: @lenml/tokenizers,
 *   a fork of transformers.js, where ours is Hugging Face's @huggingface/tokenizers. Except on
 *   U+FEFF and U+0085: the fork matches the published regexes' `\\s` with JavaScript's, which
 *   counts U+FEFF as white space and misses U+0085; Hugging Face's (and so ours) rewrites it as
 *   `\\p{White_Space}`, as the Rust tokenizers' regex engine (Oniguruma) reads it.
 */
const JS_SPACE_DIFFERS = /[\uFEFF\u0085]/;

const VARIED = [
  'Hello World',
  ' grabbed the 12345 café naïve 😀 你好世界 こんにちは\n\n\tdef f(x):\n    return x**2  ',
  "I'm SHOUTING'S don't we'll they've ſ",
  'Crème brûlée, Ångström, ß ẞ, 👩‍👩‍👧 🇫🇷',
  'const f = (x: number): number => x ** 2; // code\n\tif (a && b) { return [1, 2, 3]; }',
  'spaces     and\t\ttabs\n\n\n   trailing   ',
  '\r\n\r\nwindows\r\nline ends\r\n',
  'next line\u0085here, \uFEFFbom, no-break\u00A0space\u3000ideographic',
  '1234567890 3.14159 1,000,000 0x1F',
  '<|eot_id|> <|begin_of_text|> <start_of_turn> <bos> <|im_end|> <｜User｜> [INST] are plain text here',
  ...SCRIPT_SAMPLES,
  cjkRun(300),
  base64Blob(600, 2, 76),
  minifiedCode(1500),
];

const tokenizers = new Map<OpenWeightFamily, FamilyTokenizer>();
const references = new Map<OpenWeightFamily, (text: string) => number[]>();

beforeAll(() => {
  for (const family of OPEN_WEIGHT_FAMILIES) {
    tokenizers.set(family, familyTokenizer(family));
    const files = familyFiles(family);
    // The same rule as ours: special tokens written in text are text (transformers.js has no
    // split_special_tokens, so they are left out of its added tokens as we leave them out of ours).
    const ordinary = { ...files.tokenizer, added_tokens: (files.tokenizer.added_tokens ?? []).filter((token) => token.special !== true) };
    const lenml = TokenizerLoader.fromPreTrained({ tokenizerJSON: ordinary as never, tokenizerConfig: files.config as never });
    references.set(family, (text) => (text === '' ? [] : lenml.encode(text, { add_special_tokens: false })));
  }
}, 120_000);

describe('open-weight tokenizers', () => {
  it('gives Llama 3 the reference ids of llama3-tokenizer-js\'s tests (from Meta\'s tokenizer)', () => {
    const llama = tokenizers.get('llama3')!;
    // Copied from llama3-tokenizer-js 1.2.0, src/llama3-tokenizer.js, runTests.
    const cases: [string, number[]][] = [
      ['grabbed', [59312, 2788]],
      [' grabbed', [30418]],
      ['           grabbed', [1881, 30418]],
      ['\n', [198]],
      [' \n', [720]],
      ['\ttabs\t\t\t\tout here', [3324, 3518, 573, 14294, 1618]],
      ['ax\n####\nboo', [710, 198, 71050, 34093]],
      ['镇', [104643]],
      ['🦙', [9468, 99, 247]],
      ['🦙Ꙋ', [9468, 99, 247, 166, 247, 232]],
      ['Ꙋ🦙', [166, 247, 232, 9468, 99, 247]],
      ['This is a test sentence.', [2028, 374, 264, 1296, 11914, 13]],
    ];
    for (const [text, ids] of cases) expect(llama.encode(text), JSON.stringify(text)).toEqual(ids);
  });

  it('follows the Rust tokenizers\' white space, where JavaScript\'s `\\s` differs (U+FEFF is none, U+0085 is)', () => {
    // DeepSeek-V3 splits white space runs from what follows: "x \u0085 y" is one run before " y".
    const deepseek = tokenizers.get('deepseek_v3')!;
    expect(deepseek.encode('x \u0085 y')).not.toEqual(references.get('deepseek_v3')!('x \u0085 y'));
    expect(deepseek.encode('x \u0085 y')).toEqual([...deepseek.encode('x'), ...deepseek.encode(' \u0085'), ...deepseek.encode(' y')]);
  });

  it('counts Llama 3 as llama3-tokenizer-js does, on varied and random text', () => {
    const llama = tokenizers.get('llama3')!;
    const other = (text: string) => llama3Tokenizer.encode(text, { bos: false, eos: false });
    // That package turns a special token written in text into its id, as transformers would
    // without split_special_tokens; those strings are left out here (ours counts them as text).
    for (const text of VARIED.filter((sample) => !sample.includes('<|') && !JS_SPACE_DIFFERS.test(sample))) expect(llama.encode(text), JSON.stringify(text)).toEqual(other(text));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
        fc.pre(!JS_SPACE_DIFFERS.test(text));
        expect(llama.encode(text)).toEqual(other(text));
      }),
      { numRuns: 300, seed: 18 },
    );
  });

  for (const family of OPEN_WEIGHT_FAMILIES) {
    it(`gives ${family} the ids of a second implementation (transformers.js) on the same files`, () => {
      const ours = tokenizers.get(family)!;
      const reference = references.get(family)!;
      for (const text of VARIED.filter((sample) => !JS_SPACE_DIFFERS.test(sample))) expect(ours.encode(text), JSON.stringify(text.slice(0, 60))).toEqual(reference(text));
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme-composite', maxLength: 40 }), (text) => {
          fc.pre(!JS_SPACE_DIFFERS.test(text));
          expect(ours.encode(text)).toEqual(reference(text));
        }),
        { numRuns: 150, seed: 18 },
      );
    });
  }

  it('counts a special token written in a message as its characters, not as the token', () => {
    const written: Record<OpenWeightFamily, string> = { llama3: '<|eot_id|>', qwen: '<|im_end|>', gemma3: '<end_of_turn>', deepseek_v3: '<｜end▁of▁sentence｜>' };
    for (const family of OPEN_WEIGHT_FAMILIES) expect(tokenizers.get(family)!.count(written[family]), family).toBeGreaterThan(1);
  });

  it('counts in steps that add up to the whole (the worker counts big texts so)', () => {
    for (const family of OPEN_WEIGHT_FAMILIES) {
      const tokenizer = tokenizers.get(family)!;
      const text = VARIED.join('\n');
      let tokens = 0;
      for (let start = 0; start < text.length; ) {
        const step = tokenizer.countFrom(text, start, 100);
        tokens += step.tokens;
        start = step.end;
      }
      expect(tokens, family).toBe(tokenizer.count(text));
      expect(tokenizer.encoding).toBe(family);
    }
  });
});
