import { contentText, type ChatMessage, type CountText } from '../core/chatFormat.js';
import type { SteppingTokenizer } from '../core/tokenizer.js';

/** Where progress goes: stderr, drawn only when it is a terminal. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** Below this many chars a conversation is counted in well under a second: no progress shown. */
export const PROGRESS_FROM_CHARS = 4 * 1024 * 1024;
/** A text longer than this is counted in steps of it, so one huge message shows progress too. */
const STEP_CHARS = 1024 * 1024;
const REDRAW_MS = 200;

/**
 * `count`, showing on `stream` how much of the conversation's text it has counted, when `stream`
 * is a terminal and the text is big (a 38 MiB paste, a million messages): never when piped, so
 * scripts reading stderr see nothing new. `done` clears the line. Each message's text is counted
 * once (`countConversation`), so the share counted is the share done; summaries add a little.
 */
export function countWithProgress(
  tokenizer: Pick<SteppingTokenizer, 'count' | 'countFrom'>,
  messages: readonly ChatMessage[],
  stream: ProgressStream = process.stderr,
  now: () => number = Date.now,
): { readonly count: CountText; done(): void } {
  const total = messages.reduce((sum, message) => sum + messageChars(message), 0);
  if (stream.isTTY !== true || total < PROGRESS_FROM_CHARS) return { count: tokenizer.count, done: () => {} };
  let counted = 0;
  let drawnAt: number | undefined;
  const draw = () => {
    const at = now();
    if (drawnAt !== undefined && at - drawnAt < REDRAW_MS) return;
    drawnAt = at;
    const percent = Math.min(99, Math.floor((counted / total) * 100));
    stream.write(`\rcontext-accountant: counting ${percent}% of ${(total / 1024 / 1024).toFixed(1)} Mi chars`);
  };
  const count: CountText = (text) => {
    let tokens = 0;
    if (text.length <= STEP_CHARS) tokens = tokenizer.count(text);
    else {
      for (let start = 0; start < text.length; ) {
        const step = tokenizer.countFrom(text, start, STEP_CHARS);
        tokens += step.tokens;
        counted += step.end - start;
        start = step.end;
        draw();
      }
      counted -= text.length;
    }
    counted += text.length;
    draw();
    return tokens;
  };
  return {
    count,
    done: () => {
      // Erase the line: what follows on stderr (or nothing) starts clean.
      if (drawnAt !== undefined) stream.write('\r\x1b[2K');
    },
  };
}

function messageChars(message: ChatMessage): number {
  const calls = (message.tool_calls ?? []).reduce((sum, call) => sum + call.function.arguments.length, 0);
  return contentText(message).length + calls;
}
