import { TokenizerLoader } from '@lenml/tokenizers';
import { describe, expect, it } from 'vitest';
import { requestTokens, type ChatMessage } from '../../src/core/chatFormat.js';
import { resolveCatalogModel } from '../../src/core/catalog.js';
import { formatRuleForModel, LLAMA_31_PREAMBLE, LLAMA_31_PREAMBLE_TOKENS, TEMPLATE_RULES, templateFor } from '../../src/core/chatTemplates.js';
import type { OpenWeightFamily } from '../../src/core/openWeight.js';
import { familyFiles, familyTokenizer, withSpecialTokens } from '../support/familyFiles.js';

/**
 * Each family's template written out as its published chat_template renders a conversation
 * (tokenizer_config.json of the package the vocabulary comes from; Llama 3.1's is Meta's), then
 * counted by the family's tokenizer with its special tokens: the rule's sums must equal that.
 */
const render: Record<keyof typeof TEMPLATE_RULES, (messages: readonly Msg[]) => string> = {
  llama3: (messages) =>
    '<|begin_of_text|>' + messages.map((m) => `<|start_header_id|>${m.role}<|end_header_id|>\n\n${m.content.trim()}<|eot_id|>`).join('') + '<|start_header_id|>assistant<|end_header_id|>\n\n',
  'llama3.1': (messages) => {
    const system = messages[0]?.role === 'system' ? messages[0].content.trim() : '';
    const rest = messages[0]?.role === 'system' ? messages.slice(1) : messages;
    return (
      `<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n${LLAMA_31_PREAMBLE}${system}<|eot_id|>` +
      rest.map((m) => `<|start_header_id|>${m.role}<|end_header_id|>\n\n${m.content.trim()}<|eot_id|>`).join('') +
      '<|start_header_id|>assistant<|end_header_id|>\n\n'
    );
  },
  qwen: (messages) => messages.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join('') + '<|im_start|>assistant\n',
  gemma3: (messages) => {
    const prefix = messages[0]?.role === 'system' ? `${messages[0].content}\n\n` : '';
    const rest = messages[0]?.role === 'system' ? messages.slice(1) : messages;
    const turns = rest.map((m, i) => `<start_of_turn>${m.role === 'assistant' ? 'model' : m.role}\n${i === 0 ? prefix : ''}${m.content.trim()}<end_of_turn>\n`);
    return `<bos>${turns.join('')}<start_of_turn>model\n`;
  },
  deepseek_v3: (messages) =>
    '<｜begin▁of▁sentence｜>' +
    messages.filter((m) => m.role === 'system').map((m) => m.content).join('') +
    messages.map((m) => (m.role === 'user' ? `<｜User｜>${m.content}` : m.role === 'assistant' ? `<｜Assistant｜>${m.content}<｜end▁of▁sentence｜>` : '')).join('') +
    '<｜Assistant｜>',
};

type Msg = ChatMessage & { readonly content: string };
const FAMILY: Record<keyof typeof TEMPLATE_RULES, OpenWeightFamily> = { llama3: 'llama3', 'llama3.1': 'llama3', qwen: 'qwen', gemma3: 'gemma3', deepseek_v3: 'deepseek_v3' };

const TEXTS = [
  'Hello there, how are you?',
  'Fine. And you?',
  'def f(x):\n    return x ** 2',
  '你好，世界！这是一个测试。',
  'Ünïcödé — “quotes” and emoji 😀👍🏽',
  'x',
  '1234567 + 89 = ?',
  'Line one.\nLine two.\n\nLine four.',
  'trailing period.',
  '   leading and trailing spaces  ',
  'JSON: {"a": [1, 2, 3]}',
];
/** Conversations with and without a system message, alternating as Gemma's template requires. */
const CONVERSATIONS: Msg[][] = TEXTS.flatMap((text, i) => {
  const at = (k: number) => TEXTS[(i + k) % TEXTS.length]!;
  const turns: Msg[] = [
    { role: 'user', content: text },
    { role: 'assistant', content: at(1) },
    { role: 'user', content: at(5) },
  ];
  return [[{ role: 'system', content: at(3) }, ...turns], turns];
});

describe('chat templates of the open-weight families', () => {
  for (const [name, rule] of Object.entries(TEMPLATE_RULES) as [keyof typeof TEMPLATE_RULES, (typeof TEMPLATE_RULES)[keyof typeof TEMPLATE_RULES]][]) {
    it(`${name}: the rule's sum is the rendered template's count, on ${CONVERSATIONS.length} conversations`, () => {
      const family = FAMILY[name];
      const { count } = familyTokenizer(family);
      const withSpecials = withSpecialTokens(family);
      for (const messages of CONVERSATIONS) {
        expect(requestTokens(messages, count, rule), JSON.stringify(messages.map((m) => m.content)).slice(0, 80)).toBe(withSpecials(render[name](messages)).length);
      }
    });
  }

  it('counts the constants the rules hold as the tokenizers do', () => {
    expect(familyTokenizer('llama3').count(LLAMA_31_PREAMBLE)).toBe(LLAMA_31_PREAMBLE_TOKENS);
    expect(familyTokenizer('gemma3').count('model\n')).toBe(2);
  });

  it('writes the templates as the published chat_template does', () => {
    // The strings the renderings above follow, as they stand in each tokenizer_config.json.
    const template = (family: OpenWeightFamily) => String(familyFiles(family).config.chat_template);
    expect(template('qwen')).toContain("'<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>' + '\\n'");
    expect(template('qwen')).toContain("'<|im_start|>assistant\\n'");
    expect(template('gemma3')).toContain("'<start_of_turn>' + role + '\n' + (first_user_prefix if loop.first else \"\")");
    expect(template('gemma3')).toContain("{{ message['content'] | trim }}");
    expect(template('deepseek_v3')).toContain("{{'<｜User｜>' + message['content']}}");
    expect(template('deepseek_v3')).toContain("{{'<｜Assistant｜>' + message['content'] + '<｜end▁of▁sentence｜>'}}");
    // Llama 3's (the package carries the first, preamble-less one): rendered by a template engine.
    const files = familyFiles('llama3');
    const lenml = TokenizerLoader.fromPreTrained({ tokenizerJSON: files.tokenizer as never, tokenizerConfig: files.config as never });
    for (const messages of CONVERSATIONS.slice(0, 6)) {
      const ids = lenml.apply_chat_template(messages as never, { tokenize: true, add_generation_prompt: true, return_tensor: false }) as number[];
      expect(ids.length).toBe(requestTokens(messages, familyTokenizer('llama3').count, TEMPLATE_RULES.llama3));
    }
  });

  it('frames a model by its family\'s template, and OpenAI\'s models by the cookbook', () => {
    const rule = (id: string) => formatRuleForModel(resolveCatalogModel(id)!).name;
    expect(rule('deepseek-chat')).toBe('deepseek_v3');
    expect(rule('groq:llama-3.3-70b-versatile')).toBe('llama3.1');
    expect(rule('groq:llama3-8b-8192')).toBe('llama3');
    expect(rule('groq:llama3-70b-8192')).toBe('llama3');
    expect(rule('aws:meta.llama3-1-70b-instruct-v1:0')).toBe('llama3.1');
    expect(rule('cerebras:llama3.1-8b')).toBe('llama3.1');
    expect(rule('fireworks:accounts/fireworks/models/llama-v3p1-8b-instruct')).toBe('llama3.1');
    expect(rule('groq:qwen/qwen3-32b')).toBe('qwen');
    expect(rule('gpt-4o')).toBe('cookbook');
    expect(rule('gpt-3.5-turbo-0301')).toBe('0301');
    expect(templateFor({ id: 'claude-sonnet-4-5', encoding: 'o200k_base' })).toBeUndefined();
  });
});
