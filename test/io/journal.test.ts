import { WEATHER_TOOL } from '../support/cookbook.js';
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/core/chatFormat.js';
import { InputError } from '../../src/core/errors.js';
import { LIST_REPLAY_BYTES, listSessions, loadSession, openJournal, resumeJournal, stateDirectory } from '../../src/io/journal.js';
import { formatSessions } from '../../src/commands/sessions.js';

const user = (content: string): ChatMessage => ({ role: 'user', content });
const assistant = (content: string): ChatMessage => ({ role: 'assistant', content });

function stateDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'ca-journal-')), 'context-accountant');
}

/** A clock that ticks one second per call from `start`. */
function clock(start: string): () => Date {
  let t = Date.parse(start);
  return () => new Date((t += 1000) - 1000);
}

function journalWith(dir: string, messages: readonly ChatMessage[], model = 'gpt-4o') {
  const journal = openJournal({ model, dir });
  for (const message of messages) journal.append({ type: 'message', message });
  journal.close();
  return journal;
}

describe('stateDirectory', () => {
  it('follows $XDG_STATE_HOME, ignores a relative one, and defaults to ~/.local/state', () => {
    expect(stateDirectory({ XDG_STATE_HOME: '/var/state' }, '/home/ann')).toBe('/var/state/context-accountant');
    expect(stateDirectory({ XDG_STATE_HOME: 'relative/state' }, '/home/ann')).toBe('/home/ann/.local/state/context-accountant');
    expect(stateDirectory({}, '/home/ann')).toBe('/home/ann/.local/state/context-accountant');
  });
});

describe('openJournal / loadSession', () => {
  it('replays messages, undo and model changes', () => {
    const dir = stateDir();
    const journal = openJournal({ model: 'gpt-4o', dir, now: clock('2026-01-02T03:04:05Z') });
    journal.append({ type: 'message', message: user('Hello there.') });
    journal.append({ type: 'message', message: assistant('Hi.') });
    journal.append({ type: 'undo' });
    journal.append({ type: 'model', id: 'gpt-4' });
    journal.append({ type: 'message', message: assistant('Hello.') });
    journal.close();
    const session = loadSession(journal.id, { dir });
    expect(session).toEqual({
      id: journal.id,
      path: journal.path,
      started: '2026-01-02T03:04:05.000Z',
      model: 'gpt-4',
      messages: [user('Hello there.'), assistant('Hello.')],
      replayed: [false, false],
      tools: [],
      lastActivity: '2026-01-02T03:04:10.000Z',
      warnings: [],
    });
    expect(journal.id).toMatch(/^20260102-030405-[0-9a-f]{4}$/);
  });

  it('keeps which messages were replayed queued turns, through undo; lines without the mark are typed ones', () => {
    const dir = stateDir();
    const journal = openJournal({ model: 'gpt-4', dir });
    journal.append({ type: 'message', message: user('Queued one.'), replayed: true });
    journal.append({ type: 'message', message: user('Typed.') });
    journal.append({ type: 'message', message: assistant('Queued two.'), replayed: true });
    journal.append({ type: 'undo' });
    journal.close();
    expect(readFileSync(journal.path, 'utf8').split('\n')[1]).toMatch(/"replayed":true\}$/);
    expect(loadSession(journal.id, { dir })).toMatchObject({ messages: [user('Queued one.'), user('Typed.')], replayed: [true, false] });
  });

  it('keeps the tool definitions last recorded', () => {
    const dir = stateDir();
    const journal = openJournal({ model: 'gpt-4', dir });
    journal.append({ type: 'tools', tools: [WEATHER_TOOL] });
    journal.append({ type: 'message', message: user('Hello there.') });
    journal.close();
    expect(loadSession(journal.id, { dir })).toMatchObject({ tools: [WEATHER_TOOL], messages: [user('Hello there.')], warnings: [] });
  });

  it('writes one JSON object per line, a session header first, and keeps the files private', () => {
    const dir = stateDir();
    const journal = journalWith(dir, [user('a')]);
    const lines = readFileSync(journal.path, 'utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'session', version: 1, id: journal.id, model: 'gpt-4o' });
    expect(JSON.parse(lines[1]!)).toMatchObject({ type: 'message', message: user('a') });
    expect(lines[2]).toBe('');
    expect(statSync(journal.path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('stores hostile text exactly, and never raw in the file', () => {
    const dir = stateDir();
    const hostile = ['\x1b]0;pwned\x07\x1b[2J', '\u202eevil\u2066', '\u009b31m', 'lone \ud800 surrogate', '👨\u200d👩\u200d👧', ''];
    const journal = journalWith(dir, hostile.map(user));
    expect(loadSession(journal.id, { dir }).messages).toEqual(hostile.map(user));
    expect(readFileSync(journal.path, 'utf8')).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
  });

  it('refuses to append after close', () => {
    const journal = journalWith(stateDir(), []);
    expect(() => journal.append({ type: 'undo' })).toThrow(/journal is closed/);
  });
});

describe('damaged journals', () => {
  it('skips a torn last line with a warning naming file:line', () => {
    const dir = stateDir();
    const journal = journalWith(dir, [user('one'), user('two')]);
    appendFileSync(journal.path, '{"type":"message","at":"2026-01-01T00:00:00Z","message":{"role":"user","con');
    const session = loadSession(journal.id, { dir });
    expect(session.messages).toEqual([user('one'), user('two')]);
    expect(session.warnings).toEqual([expect.stringMatching(new RegExp(`^${escape(journal.path)}:4: torn last line skipped`))]);
  });

  it('skips a last line cut inside a UTF-8 character', () => {
    const dir = stateDir();
    const journal = journalWith(dir, [user('one')]);
    appendFileSync(journal.path, Buffer.concat([Buffer.from('{"type":"message","message":{"role":"user","content":"'), Buffer.from('é').subarray(0, 1)]));
    const session = loadSession(journal.id, { dir });
    expect(session.messages).toEqual([user('one')]);
    expect(session.warnings[0]).toMatch(/:3: torn last line skipped \(not UTF-8\)/);
  });

  it('refuses a corrupt line in the middle, naming file:line', () => {
    const dir = stateDir();
    const journal = journalWith(dir, [user('one'), user('two')]);
    const lines = readFileSync(journal.path, 'utf8').split('\n');
    lines[1] = lines[1]!.slice(0, 20);
    writeFileSync(journal.path, lines.join('\n'));
    expect(() => loadSession(journal.id, { dir })).toThrow(InputError);
    expect(() => loadSession(journal.id, { dir })).toThrow(new RegExp(`^${escape(journal.path)}:2: corrupt journal line \\(invalid JSON`));
  });

  it('refuses an event that is not valid in the middle, naming the field', () => {
    const dir = stateDir();
    const journal = journalWith(dir, [user('one'), user('two')]);
    const lines = readFileSync(journal.path, 'utf8').split('\n');
    lines[1] = JSON.stringify({ type: 'message', at: '2026-01-01T00:00:00Z', message: { role: 'wizard', content: 'a' } });
    writeFileSync(journal.path, lines.join('\n'));
    expect(() => loadSession(journal.id, { dir })).toThrow(/:2: corrupt journal line \(bad event: message\.role/);
  });

  it('skips, with a warning, an event type from a later version', () => {
    const dir = stateDir();
    const journal = journalWith(dir, [user('one')]);
    appendFileSync(journal.path, '{"type":"strategy","at":"2026-01-01T00:00:00Z","name":"window"}\n');
    const session = loadSession(journal.id, { dir });
    expect(session.messages).toEqual([user('one')]);
    expect(session.warnings).toEqual([expect.stringMatching(/:3: unknown event "strategy" skipped/)]);
  });

  it('refuses a file that is not a journal', () => {
    const dir = stateDir();
    const journal = journalWith(dir, []);
    writeFileSync(journal.path, '{"type":"undo","at":"2026-01-01T00:00:00Z"}\n{"type":"undo","at":"2026-01-01T00:00:00Z"}\n');
    expect(() => loadSession(journal.id, { dir })).toThrow(/:1: not a context-accountant journal/);
  });
});

describe('resumeJournal', () => {
  it('cuts off a torn last line, then appends after the last good one', () => {
    const dir = stateDir();
    const first = journalWith(dir, [user('one'), assistant('two')]);
    appendFileSync(first.path, '{"type":"message","at":"');
    const { journal, session } = resumeJournal(first.id, { dir });
    expect(session.messages).toEqual([user('one'), assistant('two')]);
    expect(session.warnings).toHaveLength(1);
    journal.append({ type: 'message', message: user('three') });
    journal.close();
    const reloaded = loadSession(first.id, { dir });
    expect(reloaded.messages).toEqual([user('one'), assistant('two'), user('three')]);
    expect(reloaded.warnings).toEqual([]);
  });

  it('ends a complete last line that lost only its newline before appending', () => {
    const dir = stateDir();
    const first = journalWith(dir, [user('one')]);
    writeFileSync(first.path, readFileSync(first.path, 'utf8').trimEnd());
    const { journal } = resumeJournal(first.id, { dir });
    journal.append({ type: 'message', message: user('two') });
    journal.close();
    expect(loadSession(first.id, { dir })).toMatchObject({ messages: [user('one'), user('two')], warnings: [] });
  });

  it('writes a new header, with the model given, when the header itself was torn', () => {
    const dir = stateDir();
    const first = journalWith(dir, []);
    writeFileSync(first.path, '{"type":"sess');
    expect(() => resumeJournal(first.id, { dir })).toThrow(/header was torn/);
    const { journal, session } = resumeJournal(first.id, { dir, model: 'gpt-4' });
    expect(session).toMatchObject({ messages: [], model: 'gpt-4' });
    journal.append({ type: 'message', message: user('one') });
    journal.close();
    expect(loadSession(first.id, { dir })).toMatchObject({ model: 'gpt-4', messages: [user('one')], warnings: [] });
  });
});

describe('one writer per session', () => {
  it('refuses to resume a session that is open, and allows it once closed', () => {
    const dir = stateDir();
    const open = openJournal({ model: 'gpt-4o', dir });
    expect(() => resumeJournal(open.id, { dir })).toThrow(new RegExp(`session ${open.id} is already open \\(by pid ${process.pid}\\)`));
    open.append({ type: 'message', message: user('still mine') });
    open.close();
    const { journal, session } = resumeJournal(open.id, { dir });
    expect(session.messages).toEqual([user('still mine')]);
    journal.close();
  });

  it('takes over the lock of a process that is gone', () => {
    const dir = stateDir();
    const first = journalWith(dir, [user('one')]);
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(`${first.path}.lock`, `${gone}\n`);
    const { journal } = resumeJournal(first.id, { dir });
    expect(readFileSync(`${first.path}.lock`, 'utf8')).toMatch(new RegExp(`^${process.pid} \\d+\n$`));
    journal.close();
    expect(existsSync(`${first.path}.lock`)).toBe(false);
  });
});

describe('finding and listing sessions', () => {
  function threeSessions(dir: string) {
    const now = clock('2026-01-01T10:00:00Z');
    const older = openJournal({ model: 'gpt-4', dir, now });
    older.append({ type: 'message', message: user('old') });
    const newer = openJournal({ model: 'gpt-4o', dir, now });
    newer.append({ type: 'message', message: user('new') });
    // Started first, but active last: 'latest' means the most recent activity.
    older.append({ type: 'message', message: user('old again') });
    older.close();
    newer.close();
    const broken = journalWith(dir, [user('a'), user('b')]);
    const lines = readFileSync(broken.path, 'utf8').split('\n');
    writeFileSync(broken.path, [lines[0], 'garbage', ...lines.slice(1)].join('\n'));
    return { older, newer, broken };
  }

  it('lists every session, most recent activity first, a corrupt one with its problem', () => {
    const dir = stateDir();
    const { older, newer, broken } = threeSessions(dir);
    const sessions = listSessions({ dir });
    expect(sessions.map((s) => s.id)).toEqual([older.id, newer.id, broken.id]);
    expect(sessions[0]).toMatchObject({ model: 'gpt-4', messages: 2, started: '2026-01-01T10:00:00.000Z', lastActivity: '2026-01-01T10:00:04.000Z' });
    expect(sessions[1]).toMatchObject({ model: 'gpt-4o', messages: 1, started: '2026-01-01T10:00:02.000Z', lastActivity: '2026-01-01T10:00:03.000Z' });
    expect(sessions[2]!.problem).toMatch(/:2: corrupt journal line/);
    expect(loadSession('latest', { dir }).id).toBe(older.id);
  });

  it("finds a session by id, by a unique prefix, and 'latest'", () => {
    const dir = stateDir();
    const older = openJournal({ model: 'gpt-4', dir, now: clock('2026-01-01T10:00:00Z') });
    const newer = openJournal({ model: 'gpt-4o', dir, now: clock('2026-01-02T10:00:00Z') });
    older.close();
    newer.close();
    expect(loadSession(older.id, { dir }).model).toBe('gpt-4');
    expect(loadSession('20260102', { dir }).id).toBe(newer.id);
    expect(loadSession('latest', { dir }).id).toBe(newer.id);
    expect(() => loadSession('2026', { dir })).toThrow(/"2026" is ambiguous/);
    expect(() => loadSession('1999', { dir })).toThrow(/no session "1999"/);
    expect(() => loadSession('../../etc/passwd', { dir })).toThrow(/is not a session id/);
    expect(() => loadSession('latest', { dir: stateDir() })).toThrow(/no saved sessions/);
    expect(listSessions({ dir: join(dir, 'missing') })).toEqual([]);
  });
});

describe('nothing in the state directory is trusted', () => {
  const SECRET = 'sk-proj-0123456789abcdef';

  it('--resume never writes through a journal that is a symbolic link: the file it points to is left whole', () => {
    const dir = stateDir();
    const journal = journalWith(dir, [user('one')]);
    // Another user's plant: the journal's name pointing at a one-line API key (no newline: it would be "torn").
    const key = join(mkdtempSync(join(tmpdir(), 'ca-victim-')), 'api-key');
    writeFileSync(key, SECRET);
    rmSync(journal.path);
    symlinkSync(key, journal.path);
    expect(() => resumeJournal(journal.id, { dir, model: 'gpt-4' })).toThrow(/not a regular file \(a symbolic link\)/);
    expect(() => loadSession(journal.id, { dir })).toThrow(/not a regular file \(a symbolic link\)/);
    expect(readFileSync(key, 'utf8')).toBe(SECRET);
  });

  it('never truncates a file whose first line is not a session header of ours', () => {
    const dir = stateDir();
    const journal = journalWith(dir, []);
    writeFileSync(journal.path, SECRET); // one line, no newline: torn, were it a journal
    expect(() => resumeJournal(journal.id, { dir, model: 'gpt-4' })).toThrow(/:1: not a context-accountant journal \(its first line is not a session header\); nothing was changed/);
    expect(readFileSync(journal.path, 'utf8')).toBe(SECRET);
  });

  it.runIf(process.getuid?.() !== undefined)('refuses a state directory open to others, or that is a symbolic link', () => {
    const dir = stateDir();
    journalWith(dir, [user('one')]);
    chmodSync(dir, 0o777);
    expect(() => listSessions({ dir })).toThrow(`${dir}: the state directory is open to other users (mode 777); chmod 700 it`);
    expect(() => openJournal({ model: 'gpt-4', dir })).toThrow(/open to other users/);
    expect(() => resumeJournal('latest', { dir })).toThrow(/open to other users/);
    chmodSync(dir, 0o700);
    const linked = `${dir}-link`;
    symlinkSync(dir, linked);
    expect(() => listSessions({ dir: linked })).toThrow(`${linked}: the state directory is a symbolic link; make it a directory of your own (mkdir -m 700)`);
    expect(() => openJournal({ model: 'gpt-4', dir: linked })).toThrow(/is a symbolic link/);
  });

  it.runIf(process.platform !== 'win32')('lists a FIFO or a link named like a journal as a problem, without reading it', () => {
    const dir = stateDir();
    const good = journalWith(dir, [user('one')]);
    execFileSync('mkfifo', [join(dir, '20260101-000000-fifo.jsonl')]);
    symlinkSync('/dev/zero', join(dir, '20260101-000000-zero.jsonl'));
    const sessions = listSessions({ dir });
    expect(sessions.map((s) => s.id)).toEqual([good.id, '20260101-000000-zero', '20260101-000000-fifo']);
    expect(sessions[1]!.problem).toMatch(/not a regular file \(a symbolic link\)/);
    expect(sessions[2]!.problem).toMatch(/20260101-000000-fifo\.jsonl: not a regular file; skipped/);
  });

  it('lists a big journal from its first and last lines, and refuses to read one over 256 MiB', () => {
    const dir = stateDir();
    const journal = openJournal({ model: 'gpt-4o', dir, now: clock('2026-03-04T05:06:07Z') });
    const big = 'x'.repeat(1024 * 1024);
    for (let i = 0; i <= LIST_REPLAY_BYTES / big.length; i++) journal.append({ type: 'message', message: user(big) });
    journal.close();
    const [summary] = listSessions({ dir });
    expect(summary).toMatchObject({ id: journal.id, model: 'gpt-4o', started: '2026-03-04T05:06:07.000Z', messages: null });
    expect(summary!.lastActivity).toBe(`2026-03-04T05:06:${String(7 + LIST_REPLAY_BYTES / big.length + 1).padStart(2, '0')}.000Z`);
    expect(formatSessions({ directory: dir, sessions: [summary!] })).toMatch(/gpt-4o +\?/);
    truncateSync(journal.path, 257 * 1024 ** 2);
    expect(() => loadSession(journal.id, { dir })).toThrow(/journal of 257 MiB, more than the 256 MiB a session is read up to/);
  });

  it('refuses journal times that are not ISO times (an OSC title rode in on one), and prints none raw', () => {
    const dir = stateDir();
    const journal = journalWith(dir, [user('one')]);
    const lines = readFileSync(journal.path, 'utf8').split('\n');
    const header = JSON.parse(lines[0]!);
    writeFileSync(journal.path, [JSON.stringify({ ...header, started: '\x1b]0;pwned\x07' }), ...lines.slice(1)].join('\n'));
    const [summary] = listSessions({ dir });
    expect(summary!.problem).toMatch(/:1: corrupt journal line \(bad event: started/);
    const printed = formatSessions({ directory: dir, sessions: listSessions({ dir }) });
    expect(printed).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
  });
});

describe('torn means cut short, nothing else', () => {
  it('a complete last line that fails validation (a newer role) is an error naming file:line, and --resume deletes nothing', () => {
    const dir = stateDir();
    const journal = journalWith(dir, [user('one')]);
    const newer = `${JSON.stringify({ type: 'message', at: '2026-01-01T00:00:00Z', message: { role: 'critic', content: 'kept' } })}\n`;
    appendFileSync(journal.path, newer);
    const before = readFileSync(journal.path, 'utf8');
    expect(() => loadSession(journal.id, { dir })).toThrow(new RegExp(`^${escape(journal.path)}:3: corrupt journal line \\(bad event: message\\.role`));
    expect(() => resumeJournal(journal.id, { dir })).toThrow(/:3: corrupt journal line/);
    expect(readFileSync(journal.path, 'utf8')).toBe(before);
  });

  it('a lock whose pid was reused by an unrelated process (started at another time) is stale', () => {
    const dir = stateDir();
    const first = journalWith(dir, [user('one')]);
    // This very process is running, but it did not start at tick 1 after boot: the pid is someone else's now.
    writeFileSync(`${first.path}.lock`, `${process.pid} 1\n`);
    const { journal } = resumeJournal(first.id, { dir });
    journal.close();
    expect(existsSync(`${first.path}.lock`)).toBe(false);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
