import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/core/chatFormat.js';
import { TEMPLATE_RULES } from '../../src/core/chatTemplates.js';
import { familyTokenizer } from '../support/familyFiles.js';
import { runCli } from '../support/runCli.js';

const TEXT = 'Counting a Llama, a Qwen and a DeepSeek: 你好世界 😀 <|eot_id|>\n\tdef f(x): return x';

// The built bin loads the vocabularies prepared in dist/tokenizers/ (the tests in test/core read
// the packages' files): the same counts, and no "estimate" on them.
describe('open-weight models from the bin', () => {
  it('counts each family with its own tokenizer, exactly', () => {
    for (const [model, family] of [
      ['deepseek-chat', 'deepseek_v3'],
      ['groq:qwen/qwen3-32b', 'qwen'],
    ] as const) {
      const result = runCli(['count', '--model', model, '--json'], TEXT);
      expect(result.status, result.stderr).toBe(0);
      const report = JSON.parse(result.stdout) as { encoding: string; tokens: number; estimate?: boolean };
      expect(report).toMatchObject({ encoding: family, tokens: familyTokenizer(family).count(TEXT) });
      expect(report.estimate).toBeUndefined();
    }
  });

  it("frames a report's requests by the family's chat template", () => {
    const result = runCli(['report', 'fixtures/lesson.json', '--model', 'deepseek-chat', '--json']);
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { turns: { usedTokens: number }[]; estimate?: boolean };
    const messages = (JSON.parse(readFileSync('fixtures/lesson.json', 'utf8')) as { messages: ChatMessage[] }).messages;
    const { count } = familyTokenizer('deepseek_v3');
    const rule = TEMPLATE_RULES.deepseek_v3;
    expect(report.turns.at(-1)!.usedTokens).toBe(messages.reduce((sum, message) => sum + rule.messageTokens(message, count), rule.requestTokens));
    expect(report.estimate).toBeUndefined();
  });
});
