import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, truncateSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8 } from '../../src/io/decodeText.js';
import { readStdin, readTextFile } from '../../src/io/readText.js';

function file(name: string, content: string | Uint8Array): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ca-read-')), name);
  writeFileSync(path, content);
  return path;
}

describe('readTextFile', () => {
  it('refuses a file over the limit from its size, without reading it (a 10 GB sparse file)', () => {
    // Text for the first 8 KiB (what is read to tell text from binary), then 10 GiB of holes.
    const path = file('huge.json', ' '.repeat(9000));
    truncateSync(path, 10 * 1024 ** 3);
    const started = performance.now();
    expect(() => readTextFile(path)).toThrow(`${path}: 10 GiB, over the --max-bytes limit of 50 MiB (raise it to read this input)`);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('applies a smaller limit to the byte', () => {
    const path = file('small.txt', 'x'.repeat(1001));
    expect(() => readTextFile(path, { maxBytes: 1000 })).toThrow('1,001 bytes, over the --max-bytes limit of 1,000 bytes');
    expect(readTextFile(path, { maxBytes: 1001 })).toHaveLength(1001);
  });

  it.runIf(existsSync('/dev/zero'))('refuses a device before reading it: /dev/zero, /dev/null', () => {
    expect(() => readTextFile('/dev/zero')).toThrow('/dev/zero: cannot read file (not a regular file)');
    expect(() => readTextFile('/dev/null')).toThrow('/dev/null: cannot read file (not a regular file)');
  });

  it.runIf(process.platform !== 'win32')('refuses a FIFO with no writer at once, rather than waiting for one for ever', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ca-read-')), 'pipe.json');
    execFileSync('mkfifo', [path]);
    expect(() => readTextFile(path)).toThrow(`${path}: cannot read file (not a regular file)`);
  });

  it('says a binary file is binary even when it is over the limit (from its first 8 KiB, not its size)', () => {
    const path = file('core.dump', Buffer.concat([Buffer.from('ELF'), Buffer.alloc(100_000)]));
    expect(() => readTextFile(path, { maxBytes: 1000 })).toThrow(`${path}: binary file (NUL byte at byte 3), not text`);
  });

  it('refuses UTF-32 as UTF-32, not UTF-16', () => {
    const le = file('utf32le.json', Buffer.from([0xff, 0xfe, 0, 0, 0x5b, 0, 0, 0, 0x5d, 0, 0, 0]));
    const be = file('utf32be.json', Buffer.from([0, 0, 0xfe, 0xff, 0, 0, 0, 0x5b, 0, 0, 0, 0x5d]));
    expect(() => readTextFile(le)).toThrow(`${le}: UTF-32 text; save it as UTF-8`);
    expect(() => readTextFile(be)).toThrow(`${be}: UTF-32 text; save it as UTF-8`);
  });

  it('refuses binary files: a NUL byte near the start', () => {
    const path = file('image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    expect(() => readTextFile(path)).toThrow(`${path}: binary file (NUL byte at byte 8), not text`);
  });

  it('refuses invalid UTF-8, naming the line and the byte', () => {
    const path = file('latin1.txt', Buffer.concat([Buffer.from('line one\nline two\ncaf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    expect(() => readTextFile(path)).toThrow(`${path}:3: not UTF-8 text (invalid byte 0xE9 at byte 21)`);
  });

  it('refuses UTF-16 and says what to do', () => {
    const path = file('utf16.json', Buffer.from('\ufeff[]', 'utf16le'));
    expect(() => readTextFile(path)).toThrow(`${path}: UTF-16 text; save it as UTF-8`);
  });

  it('drops a UTF-8 byte-order mark, reads an empty file as empty text', () => {
    expect(readTextFile(file('bom.json', '\ufeff[]'))).toBe('[]');
    expect(readTextFile(file('empty.json', ''))).toBe('');
  });

  it('names a directory and a missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ca-read-'));
    mkdirSync(join(dir, 'sub'));
    expect(() => readTextFile(join(dir, 'sub'))).toThrow(`${join(dir, 'sub')}: cannot read file (is a directory)`);
    expect(() => readTextFile(join(dir, 'nope'))).toThrow(`${join(dir, 'nope')}: cannot read file (no such file)`);
  });
});

describe('readStdin', () => {
  it('stops at the limit and checks the text like a file', async () => {
    await expect(readStdin(Readable.from([Buffer.alloc(600, 0x61), Buffer.alloc(600, 0x61)]), { maxBytes: 1000 })).rejects.toThrow(
      'stdin: at least 1,200 bytes, over the --max-bytes limit of 1,000 bytes',
    );
    await expect(readStdin(Readable.from([Buffer.from([0x61, 0x00])]))).rejects.toThrow('stdin: binary file');
    await expect(readStdin(Readable.from([Buffer.from('héllo')]))).resolves.toBe('héllo');
  });
});

describe('firstInvalidUtf8', () => {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const valid = (bytes: Uint8Array) => {
    try {
      decoder.decode(bytes);
      return true;
    } catch {
      return false;
    }
  };

  it("agrees with the platform's strict decoder on random bytes", () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.string({ unit: 'binary' }).map((s) => new TextEncoder().encode(s)),
      fc.tuple(fc.string({ unit: 'binary' }), fc.uint8Array({ maxLength: 3 }), fc.string()).map(([a, b, c]) =>
        Buffer.concat([Buffer.from(a), b, Buffer.from(c)]),
      ),
    );
    fc.assert(
      fc.property(bytes, (data) => {
        const offset = firstInvalidUtf8(data);
        expect(offset === data.length).toBe(valid(data));
        expect(valid(data.subarray(0, offset))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});
