import { appendFileSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startDashboardSession, type SessionStart } from '../../src/commands/dashboardSession.js';
import { loadSession, openJournal } from '../../src/io/journal.js';
import { WEATHER_TOOL } from '../support/cookbook.js';
import { assistant, user } from '../support/conversations.js';
import { runCli } from '../support/runCli.js';

const stateDir = () => join(mkdtempSync(join(tmpdir(), 'ca-session-')), 'context-accountant');
const start = (dir: string, more: Partial<SessionStart> = {}): SessionStart => ({ model: 'gpt-4', modelGiven: false, fileTools: [], dir, ...more });

function savedSession(dir: string, model = 'gpt-4o') {
  const journal = openJournal({ model, dir });
  journal.append({ type: 'message', message: user('Hello there.') });
  journal.append({ type: 'message', message: assistant('Hi.') });
  journal.close();
  return journal.id;
}

describe('startDashboardSession', () => {
  it('prepares a new session whose journal appears with its first turn, the file’s tools first', async () => {
    const dir = stateDir();
    const session = await startDashboardSession({}, start(dir, { source: 'chat.json', fileTools: [WEATHER_TOOL] }));
    expect(existsSync(dir)).toBe(false);
    session.recorder!.record({ type: 'message', message: user('Hi') });
    session.recorder!.close();
    const saved = loadSession(session.recorder!.id()!, { dir });
    expect(saved).toMatchObject({ model: 'gpt-4', tools: [WEATHER_TOOL], messages: [user('Hi')] });
  });

  it('records nothing with --no-journal, or without a terminal', async () => {
    const dir = stateDir();
    expect((await startDashboardSession({ journal: false }, start(dir))).recorder).toBeUndefined();
    expect((await startDashboardSession({}, start(dir), false)).recorder).toBeUndefined();
  });

  it('--resume takes the latest session, --resume ID (or a prefix) a given one: its messages, its model', async () => {
    const dir = stateDir();
    const older = savedSession(dir, 'gpt-4o-mini');
    const latest = savedSession(dir, 'gpt-4o');
    const resumed = await startDashboardSession({ resume: true }, start(dir));
    expect(resumed).toMatchObject({ history: [user('Hello there.'), assistant('Hi.')], model: 'gpt-4o', warnings: [] });
    expect(resumed.recorder!.id()).toBe(latest);
    resumed.recorder!.close();
    const chosen = await startDashboardSession({ resume: older.slice(0, -1) }, start(dir));
    expect(chosen.recorder!.id()).toBe(older);
    expect(chosen.model).toBe('gpt-4o-mini');
    chosen.recorder!.close();
  });

  it('records a --model given on the command line, and tools a file adds, so the next resume starts the same', async () => {
    const dir = stateDir();
    const id = savedSession(dir, 'gpt-4o');
    const resumed = await startDashboardSession({ resume: id }, start(dir, { model: 'gpt-4', modelGiven: true, fileTools: [WEATHER_TOOL] }));
    expect(resumed.model).toBeUndefined(); // the command line's
    expect(resumed.tools).toEqual([WEATHER_TOOL]);
    resumed.recorder!.close();
    expect(loadSession(id, { dir })).toMatchObject({ model: 'gpt-4', tools: [WEATHER_TOOL] });
  });

  it('resumes read-only with --no-journal: nothing is appended', async () => {
    const dir = stateDir();
    const id = savedSession(dir);
    const before = readdirSync(dir);
    const session = await startDashboardSession({ resume: id, journal: false }, start(dir, { model: 'gpt-4', modelGiven: true }));
    expect(session.recorder).toBeUndefined();
    expect(session.history).toHaveLength(2);
    expect(readdirSync(dir)).toEqual(before);
    expect(loadSession(id, { dir }).model).toBe('gpt-4o');
  });

  it("passes on a damaged journal's warnings, and a model the catalog no longer has", async () => {
    const dir = stateDir();
    const id = savedSession(dir, 'gpt-9-imaginary');
    appendFileSync(join(dir, `${id}.jsonl`), '{"type":"message","at":"x","mess');
    const session = await startDashboardSession({ resume: id, journal: false }, start(dir));
    expect(session.warnings).toHaveLength(2);
    expect(session.warnings[0]).toMatch(/torn last line skipped/);
    expect(session.warnings[1]).toBe('the session\'s model "gpt-9-imaginary" is not in the catalog; using gpt-4');
    expect(session.model).toBeUndefined();
  });

  it('says so when there is nothing to resume', async () => {
    await expect(startDashboardSession({ resume: true }, start(stateDir()))).rejects.toThrow(/no saved sessions/);
  });
});

describe('--resume without a terminal', () => {
  it("prints the resumed session's status, with a file's turns after it", () => {
    const dir = stateDir();
    savedSession(dir, 'gpt-4');
    const xdg = join(dir, '..');
    const file = join(xdg, 'more.txt');
    writeFileSync(file, 'User: And one more.\n');
    const { status, stdout, stderr } = runCli([file, '--resume'], '', { XDG_STATE_HOME: xdg });
    expect(status).toBe(0);
    expect(stderr).toContain('(resumed: 2 messages), with its 1 queued turns applied');
    expect(stdout).toContain('Messages: 3\n');
    const missing = runCli(['--resume', 'nope'], '', { XDG_STATE_HOME: xdg });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no session "nope"/);
  });
});
