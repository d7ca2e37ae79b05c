import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, CountText } from '../../src/core/chatFormat.js';
import { loadTokenizer } from '../../src/core/tokenizer.js';
import { keptReport } from '../support/ledgers.js';
import { exportSession, exportSessionAsync, writeFileAtomic, writeFileAtomicAsync, type SessionExport } from '../../src/io/export.js';
import { InputError } from '../../src/core/errors.js';
import { parseCsv } from '../support/csv.js';

const TERMINAL_CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

let count: CountText;
beforeAll(async () => {
  count = (await loadTokenizer('cl100k_base')).count;
});

function session(messages: ChatMessage[]): SessionExport {
  return { messages, report: keptReport('gpt-4', count, messages) };
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'ca-export-'));

const hostile: ChatMessage[] = [
  { role: 'system', content: 'Be terse.' },
  { role: 'user', name: 'mallory_*|', content: 'title \x1b]0;pwned\x07 clear \x1b[2J "quoted", comma\nsecond line ``` fence ````' },
  { role: 'assistant', content: '=HYPERLINK("http://evil","click")' },
  { role: 'user', content: '' },
  { role: 'user', content: [{ type: 'text', text: 'part one ' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
];

describe('exportSession: JSON', () => {
  it("holds report --json's object plus the exact messages, and is safe to cat", () => {
    const dir = tempDir();
    const data = session(hostile);
    const result = exportSession(join(dir, 'chat.json'), data);
    const text = readFileSync(result.path, 'utf8');
    expect(result).toMatchObject({ format: 'json', bytes: Buffer.byteLength(text) });
    expect(JSON.parse(text)).toEqual({ ...JSON.parse(JSON.stringify(data.report)), messages: hostile });
    expect(text).not.toMatch(TERMINAL_CONTROLS);
  });
});

describe('exportSession: CSV', () => {
  it('has one quoted row per message that a CSV reader splits back into the ledger', () => {
    const dir = tempDir();
    const data = session(hostile);
    const rows = parseCsv(readFileSync(exportSession(join(dir, 'chat.csv'), data).path, 'utf8'));
    expect(rows[0]).toEqual(['index', 'role', 'name', 'tokens', 'usedTokens', 'percent', 'nextCallCost', 'cumulativeCost', 'overLimit', 'refused', 'estimate', 'content']);
    expect(rows).toHaveLength(hostile.length + 1);
    data.report.turns.forEach((turn, i) => {
      const row = rows[i + 1]!;
      expect(row.slice(0, 2)).toEqual([String(turn.index), turn.role]);
      expect(row.slice(3, 8).map(Number)).toEqual([turn.tokens, turn.usedTokens, turn.percent, turn.nextCallCost, turn.cumulativeCost]);
      expect(row[8]).toBe(String(turn.overLimit));
      expect(row[9]).toBe(String(turn.refused));
      expect(row[10]).toBe('false');
    });
    // Numbered from 1, as every output numbers messages.
    expect(rows.slice(1).map((row) => row[0])).toEqual(hostile.map((_, i) => String(i + 1)));
    expect(rows[2]![2]).toBe('mallory_*|');
    expect(rows[2]![11]).toBe('title \\e]0;pwned\\a clear \\e[2J "quoted", comma\nsecond line ``` fence ````');
    expect(rows[3]![11]).toBe(`'=HYPERLINK("http://evil","click")`);
    expect(rows[4]![11]).toBe('');
    expect(rows[5]![11]).toBe('part one ');
  });

  it('writes no terminal control, not even a CR', () => {
    const text = readFileSync(exportSession(join(tempDir(), 'c.csv'), session(hostile)).path, 'utf8');
    expect(text).not.toMatch(TERMINAL_CONTROLS);
    expect(text).not.toContain('\r');
  });
});

describe('exportSession: Markdown', () => {
  it('puts the ledger in a table and each message in a fence no line of it can close', () => {
    const text = readFileSync(exportSession(join(tempDir(), 'chat.md'), session(hostile)).path, 'utf8');
    expect(text).toMatch(/^# Conversation ledger\n/);
    expect(text).toContain('5 messages;');
    expect(text).toMatch(/\| 2 \| user \| \d+ \| \d+ \| [\d.]+% \| \$[\d.]+ \| \$[\d.]+ \|/);
    // The message holds runs of 3 and 4 backticks, so its fence is 5 long.
    expect(text).toContain('### 2 · user (name mallory\\_\\*\\|)\n\n`````\ntitle \\e]0;pwned\\a clear \\e[2J "quoted", comma\nsecond line ``` fence ````\n`````\n');
    expect(text).toContain('### 4 · user\n\n```\n```\n');
    expect(text).toContain('(1 image part not shown)');
    expect(text).not.toMatch(TERMINAL_CONTROLS);
  });
});

describe('atomic writes and --force', () => {
  it('refuses to overwrite an existing file without force, and leaves it as it was', () => {
    const dir = tempDir();
    const path = join(dir, 'keep.md');
    writeFileSync(path, 'precious');
    expect(() => exportSession(path, session(hostile))).toThrow(InputError);
    expect(() => exportSession(path, session(hostile))).toThrow(`${path}: already exists; pass --force to overwrite it`);
    expect(readFileSync(path, 'utf8')).toBe('precious');
    expect(readdirSync(dir)).toEqual(['keep.md']);
  });

  it('overwrites with force, leaving no temporary file behind', () => {
    const dir = tempDir();
    const path = join(dir, 'out.json');
    writeFileSync(path, 'old');
    exportSession(path, session(hostile), { force: true });
    expect(JSON.parse(readFileSync(path, 'utf8')).messages).toEqual(hostile);
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  it('names the path when it cannot write, and cleans up', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub.md'));
    expect(() => writeFileAtomic(join(dir, 'missing', 'x.md'), 'x')).toThrow(/missing\/x\.md: cannot write file \(no such directory\)/);
    expect(() => writeFileAtomic(join(dir, 'sub.md'), 'x', { force: true })).toThrow(/sub\.md: cannot write file/);
    expect(readdirSync(dir)).toEqual(['sub.md']);
  });

  it('chooses the format by extension and refuses an unknown one', () => {
    const dir = tempDir();
    expect(exportSession(join(dir, 'a.MD'), session([])).format).toBe('markdown');
    expect(exportSession(join(dir, 'a.markdown'), session([])).format).toBe('markdown');
    expect(() => exportSession(join(dir, 'a.txt'), session([]))).toThrow(/a\.txt: cannot tell the export format; end the name in \.md, \.json or \.csv/);
  });

  it.runIf(process.platform !== 'win32')('keeps the mode of the file it replaces, and gives a new one 0666 less the umask', async () => {
    const dir = tempDir();
    const mode = (path: string) => statSync(path).mode & 0o777;
    for (const write of [writeFileAtomic, writeFileAtomicAsync]) {
      const privateExport = join(dir, `${write.name}-private.md`);
      writeFileSync(privateExport, 'old');
      chmodSync(privateExport, 0o600);
      await write(privateExport, 'new', { force: true });
      expect(readFileSync(privateExport, 'utf8')).toBe('new');
      expect(mode(privateExport)).toBe(0o600);
      const previous = process.umask(0o077);
      try {
        await write(join(dir, `${write.name}-new.md`), 'x');
        process.umask(0o002);
        await write(join(dir, `${write.name}-shared.md`), 'x');
      } finally {
        process.umask(previous);
      }
      expect(mode(join(dir, `${write.name}-new.md`))).toBe(0o600);
      expect(mode(join(dir, `${write.name}-shared.md`))).toBe(0o664);
    }
  });

  it('writes off the event loop with the same guarantees (Ctrl+X): never overwrites without force, cleans up', async () => {
    const dir = tempDir();
    const path = join(dir, 'keep.md');
    writeFileSync(path, 'precious');
    await expect(exportSessionAsync(path, session(hostile))).rejects.toThrow(`${path}: already exists; pass --force to overwrite it`);
    expect(readFileSync(path, 'utf8')).toBe('precious');
    const written = await exportSessionAsync(path, session(hostile), { force: true });
    expect(written).toMatchObject({ path, format: 'markdown' });
    expect(readFileSync(path, 'utf8')).toContain('# Conversation ledger');
    await expect(writeFileAtomicAsync(join(dir, 'missing', 'x.md'), 'x')).rejects.toThrow(/missing\/x\.md: cannot write file \(no such directory\)/);
    expect(readdirSync(dir)).toEqual(['keep.md']);
  });
});
