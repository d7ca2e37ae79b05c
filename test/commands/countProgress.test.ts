import { describe, expect, it } from 'vitest';
import { countWithProgress, PROGRESS_FROM_CHARS } from '../../src/commands/countProgress.js';
import type { ChatMessage } from '../../src/core/chatFormat.js';
import { loadTokenizer } from '../../src/core/tokenizer.js';

/** A stream standing in for stderr: a terminal or a pipe, keeping what was written. */
function stream(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) };
}

// A clock that moves a second per reading, so every step may redraw.
const ticking = () => {
  let ms = 0;
  return () => (ms += 1000);
};

// One pasted message bigger than the threshold, as a 38 MiB log would be, and a short one.
const big: ChatMessage[] = [
  { role: 'user', content: 'ERROR connection refused at 10.0.0.1\n'.repeat(Math.ceil((PROGRESS_FROM_CHARS + 1) / 37)) },
  { role: 'assistant', content: 'Noted.' },
];

describe('counting progress on stderr', () => {
  it('on a terminal, shows a rising share while one huge message is counted, then clears its line; counts unchanged', async () => {
    const tokenizer = await loadTokenizer('o200k_base');
    const terminal = stream(true);
    const progress = countWithProgress(tokenizer, big, terminal, ticking());
    const tokens = big.map((message) => progress.count(message.content as string));
    progress.done();
    expect(tokens).toEqual(big.map((message) => tokenizer.count(message.content as string)));
    const shares = terminal.written.slice(0, -1).map((line) => Number(/counting (\d+)%/.exec(line)?.[1]));
    expect(shares.length).toBeGreaterThan(2);
    expect(shares).toEqual([...shares].sort((a, b) => a - b));
    expect(shares.every((share) => share >= 0 && share <= 99)).toBe(true);
    expect(terminal.written.at(-1)).toBe('\r\x1b[2K');
  });

  it('writes nothing when stderr is piped, nor for a conversation counted in a moment', async () => {
    const tokenizer = await loadTokenizer('o200k_base');
    const pipe = stream(false);
    const piped = countWithProgress(tokenizer, big, pipe, ticking());
    for (const message of big) piped.count(message.content as string);
    piped.done();
    expect(pipe.written).toEqual([]);
    const terminal = stream(true);
    const small = countWithProgress(tokenizer, [{ role: 'user', content: 'Hello there.' }], terminal, ticking());
    small.count('Hello there.');
    small.done();
    expect(terminal.written).toEqual([]);
  });
});
