import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { readConversationFile } from '../../src/io/conversationFile.js';
import { readConversationInWorker } from '../../src/io/loadInWorker.js';
import { WEATHER_FILE } from '../support/cookbook.js';
import { tempFile } from '../support/tempFile.js';

describe('readConversationInWorker (Ctrl+O)', () => {
  it('gives what reading on this thread gives, tools and format included', async () => {
    const path = tempFile('weather.json', JSON.stringify(WEATHER_FILE));
    const loaded = await readConversationInWorker(path);
    expect(loaded).toEqual(readConversationFile(path));
    expect(loaded.messages.length).toBeGreaterThan(0);
    expect(loaded.tools).toHaveLength(1);
  });

  it('refuses as this thread does: the same one-line InputError, --max-bytes applied', async () => {
    const bad = tempFile('bad.json', '{"messages": [}');
    await expect(readConversationInWorker(bad)).rejects.toThrow(new InputError(`${bad}:1:15: invalid JSON: unexpected "}"`));
    await expect(readConversationInWorker(bad)).rejects.toBeInstanceOf(InputError);
    const big = tempFile('big.json', JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(2000) }] }));
    await expect(readConversationInWorker(big, {}, { maxBytes: 1000 })).rejects.toThrow(/over the --max-bytes limit of 1,000 bytes/);
  });

  it('reads on this thread when the worker is not there', async () => {
    const path = tempFile('weather.json', JSON.stringify(WEATHER_FILE));
    const missing = new URL('file:///nonexistent/loadWorker.js');
    expect(await readConversationInWorker(path, {}, {}, missing)).toEqual(readConversationFile(path));
  });
});
