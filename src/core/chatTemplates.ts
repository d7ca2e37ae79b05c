import { callFraming, contentText, contentTokens, formatRuleFor, toolCallTokens, type ChatMessage, type CountText, type FormatRule, type TemplateRule } from './chatFormat.js';
import type { ModelEntry } from './catalog.js';

/**
 * What each open-weight family's chat template adds to a request, from the template its authors
 * publish (the `chat_template` of the model's tokenizer_config.json, no tools): the special tokens
 * around each message (1 token each), the role as text, and what the template writes once per
 * request (the begin-of-text token, a preamble, the prompt for the reply). The message's text is
 * counted by the family's tokenizer as it is; where the template trims it (Llama, Gemma), trimmed.
 * test/core/chatTemplates.test.ts renders conversations by each template and checks that the
 * tokenizer, special tokens included, counts exactly these sums.
 */

/** Text of a message as the template writes it, and its tool calls as the cookbook counts them. */
function bodyTokens(message: ChatMessage, count: CountText, trim: boolean): number {
  if (!trim) return contentTokens(message, count);
  return count(contentText(message).trim()) + toolCallTokens(message, count);
}

/**
 * Llama 3.1, 3.2 and 3.3 (Meta's template): `<|begin_of_text|>`, then a system block always, its
 * text a preamble ("Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n", the
 * template's default date) before the system message's own; each other message
 * `<|start_header_id|>{role}<|end_header_id|>\n\n{text}<|eot_id|>` (a tool's result under the role
 * `ipython`); the reply's header last. So a system message adds its text only: its block is in the
 * request's count.
 */
export const LLAMA_31_PREAMBLE = 'Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n';
/** Its tokens, by the Llama 3 tokenizer (a test counts it): a rule is chosen before the tokenizer loads. */
export const LLAMA_31_PREAMBLE_TOKENS = 20;

const llamaMessage = (message: ChatMessage, count: CountText): number =>
  4 + count(message.role === 'tool' ? 'ipython' : message.role) + bodyTokens(message, count, true) + callFraming(message);

const LLAMA_31: FormatRule = {
  // begin_of_text 1; system block: start_header, "system", end_header, "\n\n" 4, the preamble, eot 1;
  // the reply's header: start_header, "assistant", end_header, "\n\n" 4.
  name: 'llama3.1',
  messageTokens: (message, count) => (message.role === 'system' ? bodyTokens(message, count, true) : llamaMessage(message, count)),
  requestTokens: 1 + 4 + LLAMA_31_PREAMBLE_TOKENS + 1 + 4,
};

/** Llama 3 (8B, 70B; the template without a preamble): each message its header block, the reply's header. */
const LLAMA_3: FormatRule = { name: 'llama3', messageTokens: llamaMessage, requestTokens: 1 + 4 };

/**
 * Qwen 2.5 and 3 (ChatML): `<|im_start|>{role}\n{text}<|im_end|>\n` per message, the text as it is;
 * `<|im_start|>assistant\n` for the reply. (Qwen 2.5's template writes a default system message
 * when a request has none: "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.";
 * Qwen 3's does not. The rule is Qwen 3's.)
 */
const QWEN: FormatRule = {
  name: 'qwen',
  // im_start 1, the role, "\n" 1, im_end 1, "\n" 1.
  messageTokens: (message, count) => 4 + count(message.role) + bodyTokens(message, count, false) + callFraming(message),
  requestTokens: 3,
};

/**
 * Gemma 3: `<bos>`; `<start_of_turn>{user|model}\n{text}<end_of_turn>\n` per message, the text
 * trimmed; a system message has no turn of its own: its text and "\n\n" open the first user turn.
 * `<start_of_turn>model\n` for the reply.
 */
const GEMMA_3: FormatRule = {
  name: 'gemma3',
  messageTokens: (message, count) => {
    if (message.role === 'system') return count(`${contentText(message)}\n\n`);
    const role = message.role === 'assistant' ? 'model' : message.role;
    return 2 + count(`${role}\n`) + bodyTokens(message, count, true) + count('\n') + callFraming(message);
  },
  // <bos>; <start_of_turn> and "model\n" (2 tokens, a test counts them) for the reply.
  requestTokens: 1 + 1 + 2,
};

/**
 * DeepSeek-V3: `<｜begin▁of▁sentence｜>`, the system messages' text first, then `<｜User｜>{text}` and
 * `<｜Assistant｜>{text}<｜end▁of▁sentence｜>`; `<｜Assistant｜>` for the reply. Every text sits
 * between special tokens, so it is counted as it is.
 */
const DEEPSEEK_V3: FormatRule = {
  name: 'deepseek_v3',
  messageTokens: (message, count) => bodyTokens(message, count, false) + (message.role === 'assistant' ? 2 : message.role === 'system' ? 0 : 1) + callFraming(message),
  requestTokens: 2,
};

export const TEMPLATE_RULES: Readonly<Record<TemplateRule, FormatRule>> = { llama3: LLAMA_3, 'llama3.1': LLAMA_31, qwen: QWEN, gemma3: GEMMA_3, deepseek_v3: DEEPSEEK_V3 };

/** Llama 3.1 and later write the preamble; the first Llama 3 models (llama3-8b, llama-3-70b) do not. */
const LLAMA_31_ID = /llama[-_ ]?v?3(?:[._-]|p)[1-9](?![0-9]*b)/i;

/** The template a model's requests are framed by: its family's, or OpenAI's rule for every other model. */
export function templateFor(model: Pick<ModelEntry, 'encoding' | 'id'> & { readonly requestedId?: string }): TemplateRule | undefined {
  switch (model.encoding) {
    case 'llama3':
      return LLAMA_31_ID.test(model.requestedId ?? model.id) || LLAMA_31_ID.test(model.id) ? 'llama3.1' : 'llama3';
    case 'qwen':
    case 'gemma3':
    case 'deepseek_v3':
      return model.encoding;
    default:
      return undefined;
  }
}

/** The framing rule of a model: its family's template, else OpenAI's rule for its id. */
export function formatRuleForModel(model: Pick<ModelEntry, 'encoding' | 'id'> & { readonly requestedId?: string }): FormatRule {
  const template = templateFor(model);
  return template ? TEMPLATE_RULES[template] : formatRuleFor(model.requestedId ?? model.id);
}

/**
 * The rule after the dashboard switches to `model`: a family's model is framed by its template;
 * leaving one, by OpenAI's rule for the new id; between OpenAI's models the rule in force stays
 * (`--overhead` holds for the session).
 */
export function ruleAfterSwitch(current: FormatRule, model: Pick<ModelEntry, 'encoding' | 'id'> & { readonly requestedId?: string }): FormatRule {
  if (templateFor(model)) return formatRuleForModel(model);
  return current.name in TEMPLATE_RULES ? formatRuleFor(model.requestedId ?? model.id) : current;
}
