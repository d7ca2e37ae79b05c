import { closeSync, constants, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { groupAppender } from '../../src/io/groupCommit.js';
import { openJournal } from '../../src/io/journalWriter.js';
import { tempFile } from '../support/tempFile.js';

describe('group commit (the proxy\'s journals and call logs, issue 21)', () => {
  it('lines appended by many writers at once are each on disk once, in order, when flushed() resolves', async () => {
    const path = tempFile('log.jsonl', 'kept\n');
    const fd = openSync(path, constants.O_WRONLY);
    let closed = false;
    const log = groupAppender(fd, 5, path, () => (closed = true));
    const waits: Promise<string>[] = [];
    // 50 writers, a line each, in two turns of the event loop: what is on disk when each is told.
    for (let turn = 0; turn < 2; turn++) {
      for (let i = 0; i < 25; i++) {
        const line = `line ${turn * 25 + i}`;
        log.append(`${line}\n`);
        waits.push(log.flushed().then(() => readFileSync(path, 'utf8')));
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    const seen = await Promise.all(waits);
    seen.forEach((text, i) => expect(text.split('\n')).toContain(`line ${i}`));
    const all = ['kept', ...Array.from({ length: 50 }, (_, i) => `line ${i}`), ''];
    expect(readFileSync(path, 'utf8').split('\n')).toEqual(all);
    log.close();
    await log.flushed();
    expect(closed).toBe(true);
    expect(() => log.append('late\n')).toThrow(InputError);
  });

  it('a write the disk refuses fails every waiter with the file named, and the file takes nothing after it', async () => {
    const path = tempFile('refused.jsonl', '');
    const fd = openSync(path, constants.O_RDONLY); // every write fails (EBADF)
    const log = groupAppender(fd, 0, path);
    log.append('one\n');
    const first = log.flushed();
    log.append('two\n');
    await expect(first).rejects.toThrow(`${path}: cannot write (EBADF)`);
    await expect(log.flushed()).rejects.toThrow(InputError);
    expect(() => log.append('three\n')).toThrow(`${path}: cannot write (EBADF)`);
    expect(readFileSync(path, 'utf8')).toBe('');
    closeSync(fd);
  });

  it('a journal with group commit holds its header at once, and its events once flushed', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ca-journal-')), 'context-accountant');
    const journal = openJournal({ model: 'gpt-4o', dir, commit: 'group' });
    expect(readFileSync(journal.path, 'utf8')).toMatch(/^\{"type":"session"/);
    journal.append({ type: 'message', message: { role: 'user', content: 'Hello' } });
    journal.append({ type: 'undo' });
    await journal.flushed();
    const lines = readFileSync(journal.path, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string });
    expect(lines.map((line) => line.type)).toEqual(['session', 'message', 'undo']);
    journal.close();
  });
});
