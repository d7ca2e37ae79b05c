import { contentText, type ChatMessage, type CountText } from '../chatFormat.js';

/** Every simulated summary starts with this, so no reader mistakes it for a model's words. */
export const SUMMARY_LABEL = '[Simulated summary: extracted text, no model was called]';

const WORDS_PER_MESSAGE = 24;
// C0/C1 controls and bidirectional overrides: text from files must not drive the terminal.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** The first words of each replaced message after the previous summary's text, cut to `maxTokens`. */
export function extractiveSummary(
  previous: ChatMessage | undefined,
  replaced: readonly ChatMessage[],
  count: CountText,
  maxTokens: number,
): ChatMessage {
  const earlier = previous ? contentText(previous).slice(SUMMARY_LABEL.length).trim() : '';
  const pieces = replaced.map((message) => `${message.role}: ${firstWords(describe(message), WORDS_PER_MESSAGE)}`);
  const text = [SUMMARY_LABEL, earlier, pieces.join(' | ')].filter((part) => part !== '').join(' ');
  return { role: 'system', content: fitToTokens(text, maxTokens, count) };
}

function describe(message: ChatMessage): string {
  const text = contentText(message);
  const tools = (message.tool_calls ?? []).map((call) => call.function.name);
  return tools.length > 0 ? `${text} (called ${tools.join(', ')})`.trim() : text;
}

/**
 * The first `words` words, unsafe characters counting as spaces. Reads only as far as it needs:
 * a 5 MB pasted log is summarised from its start, not split whole.
 */
function firstWords(text: string, words: number): string {
  const word = new RegExp(`[^\\s${UNSAFE.source.slice(1, -1)}]+`, 'g');
  const found: string[] = [];
  for (let match = word.exec(text); match; match = word.exec(text)) {
    if (found.length === words) return `${found.join(' ')} ...`;
    found.push(match[0]);
  }
  return found.join(' ');
}

/**
 * A prefix of `text` of at most `maxTokens`. Word by word first (a word's count, leading space
 * included, is nearly what it adds), then checked with one real count and shortened while over;
 * a first word too long for the budget is cut by code points.
 */
export function fitToTokens(text: string, maxTokens: number, count: CountText): string {
  const chunks = text.match(/\s*\S+/g) ?? [];
  const kept: string[] = [];
  let estimate = 0;
  for (const chunk of chunks) {
    estimate += count(chunk);
    if (estimate > maxTokens) break;
    kept.push(chunk);
  }
  if (kept.length === chunks.length && count(text) <= maxTokens) return text;
  while (kept.length > 0 && count(kept.join('')) > maxTokens) kept.pop();
  return kept.length > 0 ? kept.join('') : fitByCodePoints(chunks[0] ?? '', maxTokens, count);
}

/** The longest prefix found by binary search over code points whose count is at most `maxTokens`. */
function fitByCodePoints(text: string, maxTokens: number, count: CountText): string {
  const points = Array.from(text);
  let low = 0; // count(prefix of `low` points) <= maxTokens always holds
  let high = points.length + 1;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (count(points.slice(0, middle).join('')) <= maxTokens) low = middle;
    else high = middle;
  }
  return points.slice(0, low).join('');
}
