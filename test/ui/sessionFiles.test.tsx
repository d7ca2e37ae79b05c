import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { requireModel } from '../../src/core/catalog.js';
import { loadSession, openJournal, resumeJournal } from '../../src/io/journal.js';
import { journalRecorder, newSessionRecorder } from '../../src/io/sessionRecorder.js';
import { WEATHER_FILE } from '../support/cookbook.js';
import { LESSON_MESSAGES } from '../../src/core/lesson.js';
import { startDashboardSession } from '../../src/commands/dashboardSession.js';
import { assistant, user } from '../support/conversations.js';
import { oracleMessageTokens } from '../support/expectedLedger.js';
import { BACKSPACE, CTRL, DOWN, ENTER, PASTE_END, PASTE_START, renderDashboard, TAB, until } from '../support/renderDashboard.js';

afterEach(cleanup);

const temp = (name: string) => mkdtempSync(join(tmpdir(), `ca-${name}-`));
const n = (value: number) => value.toLocaleString('en-US');
/** What a request with these messages bills on gpt-4, counted by tiktoken: 3 to prime the reply, then each message. */
const billed = (...messages: Parameters<typeof oracleMessageTokens>[1][]) =>
  messages.reduce((sum, message) => sum + oracleMessageTokens('cl100k_base', message), 3);
type App = Awaited<ReturnType<typeof renderDashboard>>;

async function send(app: App, text: string, number: number) {
  await app.press(text);
  await until(app.frame, (f) => f.includes(text), 'the typed text');
  await app.press(ENTER);
  await until(app.frame, (f) => f.includes(`#${number} `) && !f.includes('counting'), `message #${number}, counted`);
}

/** Calls `look` with every frame as Ink writes it, before anything else can happen. */
function watchFrames(app: App, look: (frame: string) => void) {
  const write = app.stdout.write;
  app.stdout.write = (frame: string) => {
    look(frame);
    write(frame);
  };
}

const headings = (frame: string) => [...frame.matchAll(/#(\d+) (user|assistant|system)\b/g)].length;

describe('the journal in the dashboard', () => {
  it('has every turn on disk before a frame shows it: sent, replayed, undone, and the model chosen', async () => {
    const dir = temp('journal');
    const recorder = newSessionRecorder({ model: 'gpt-4', dir });
    const app = await renderDashboard({ recorder, queue: [user('Queued one.'), assistant('Queued two.')] });
    const mismatches: string[] = [];
    watchFrames(app, (frame) => {
      const id = recorder.id();
      const journaled = id === undefined ? 0 : loadSession(id, { dir }).messages.length;
      if (!frame.includes('Choose a model') && headings(frame) !== journaled) {
        mismatches.push(`frame shows ${headings(frame)} messages, journal has ${journaled}`);
      }
      if (/^context-accountant · gpt-4o /.test(frame) && loadSession(id!, { dir }).model !== 'gpt-4o') mismatches.push('gpt-4o shown first');
    });
    await send(app, 'Hello there.', 1);
    await app.press(CTRL.n);
    await until(app.frame, (f) => f.includes('#2 user') && !f.includes('counting'));
    await app.press(CTRL.n);
    await until(app.frame, (f) => f.includes('#3 assistant') && !f.includes('counting'));
    await app.press(CTRL.b);
    await until(app.frame, (f) => !f.includes('#3 assistant'));
    await app.press(CTRL.t);
    await until(app.frame, (f) => f.includes('Choose a model'));
    for (let i = 0; i < 3; i++) await app.press(DOWN); // gpt-4, gpt-4-32k, gpt-3.5-turbo, gpt-4o
    await app.press(ENTER);
    await until(app.frame, (f) => f.includes('/ 128,000 tokens') && !f.includes('counting'));
    expect(mismatches).toEqual([]);
    const session = loadSession(recorder.id()!, { dir });
    expect(session.messages).toEqual([user('Hello there.'), user('Queued one.')]);
    expect(session.model).toBe('gpt-4o');
    expect(app.frame()).toContain(recorder.id());
  });

  it('creates no journal for a session that records nothing', async () => {
    const dir = temp('idle');
    const recorder = newSessionRecorder({ model: 'gpt-4', dir });
    const { frame, press } = await renderDashboard({ recorder });
    await press('typed but never sent');
    await until(frame, (f) => f.includes('typed but never sent'));
    expect(recorder.id()).toBeUndefined();
    expect(existsSync(join(dir, 'context-accountant'))).toBe(false);
    expect(frame()).not.toMatch(/session \d{8}/);
  });

  it('keeps the typed text and says why when the journal cannot be written', async () => {
    const blocker = join(temp('blocked'), 'a-file');
    writeFileSync(blocker, '');
    // The state directory would have to be inside a file: the first turn cannot be recorded.
    const recorder = newSessionRecorder({ model: 'gpt-4', dir: join(blocker, 'state') });
    const { frame, press } = await renderDashboard({ recorder });
    await press('Do not lose me.');
    await until(frame, (f) => f.includes('Do not lose me.'));
    await press(ENTER);
    const refused = await until(frame, (f) => f.includes('✗'), 'the error');
    expect(refused).toContain('cannot create the state directory (ENOTDIR)');
    expect(refused).toMatch(/not done,\s+nothing lost/);
    expect(refused).toContain('user › Do not lose me.');
    expect(refused).not.toContain('#1 user');
    expect(refused).toContain('3 / 8,192 tokens');
  });

  it('resumes a session: its messages are the history, counted, and new turns go on in the same journal', async () => {
    const dir = temp('resume');
    const first = openJournal({ model: 'gpt-4', dir });
    first.append({ type: 'message', message: user('Hello there.') });
    first.append({ type: 'message', message: assistant('Hi! How can I help?') });
    first.close();
    const { journal, session } = resumeJournal('latest', { dir });
    const app = await renderDashboard({ history: session.messages, recorder: journalRecorder(journal) });
    const resumed = await until(app.frame, (f) => f.includes('#2 assistant') && !f.includes('counting'));
    expect(resumed).toContain(`${n(billed(user('Hello there.'), assistant('Hi! How can I help?')))} / 8,192 tokens`);
    expect(resumed).toContain(journal.id);
    await send(app, 'One more thing.', 3);
    await app.press(CTRL.b);
    await until(app.frame, (f) => !f.includes('#3 user'));
    await app.press(CTRL.b); // a resumed turn is undone like a typed one
    await until(app.frame, (f) => !f.includes('#2 assistant'));
    expect(loadSession(journal.id, { dir }).messages).toEqual([user('Hello there.')]);
  });
});

describe('resuming a replay', () => {
  const lesson = LESSON_MESSAGES;
  const resume = (dir: string) => startDashboardSession({ resume: true }, { model: 'gpt-4', modelGiven: false, fileTools: [], dir });

  it('opens where the replay stood (turn 2/12, not 0/12), goes on from there, and Ctrl+B puts a resumed turn back in the queue', async () => {
    const dir = temp('resume-replay');
    const recorder = newSessionRecorder({ model: 'gpt-4', dir });
    const first = await renderDashboard({ recorder, queue: lesson });
    await first.press(CTRL.n);
    await until(first.frame, (f) => f.includes('turn 1/12') && !f.includes('counting'));
    await first.press(CTRL.n);
    await until(first.frame, (f) => f.includes('turn 2/12') && !f.includes('counting'));
    first.unmount();
    recorder.close();

    const session = await resume(dir);
    const second = await renderDashboard({ recorder: session.recorder!, queue: lesson, history: session.history, historyReplayed: session.historyReplayed });
    const resumed = await until(second.frame, (f) => f.includes('#2 user') && !f.includes('counting'));
    expect(resumed).toContain('turn 2/12 · paused');
    await second.press(CTRL.n);
    await until(second.frame, (f) => f.includes('turn 3/12') && f.includes('#3 assistant') && !f.includes('counting'));
    expect(loadSession(session.resumed!, { dir }).messages).toEqual(lesson.slice(0, 3));
    await second.press(CTRL.b);
    await second.press(CTRL.b);
    await until(second.frame, (f) => f.includes('turn 1/12') && !f.includes('#2 user'));
    await second.press(CTRL.n);
    await until(second.frame, (f) => f.includes('turn 2/12') && f.includes('#2 user') && !f.includes('counting'));
    session.recorder!.close();
    // And a second resume still knows: every replayed turn is marked in the journal, whatever was undone.
    expect(loadSession(session.resumed!, { dir }).replayed).toEqual([true, true]);
  });

  it('resumes a journal from before replay positions (no "replayed" marks) as it always did: from the queue\'s start', async () => {
    const dir = temp('resume-old');
    const old = openJournal({ model: 'gpt-4', dir });
    old.append({ type: 'message', message: lesson[0]! });
    old.close();
    const session = await resume(dir);
    const app = await renderDashboard({ recorder: session.recorder!, queue: lesson, history: session.history, historyReplayed: session.historyReplayed });
    const resumed = await until(app.frame, (f) => f.includes('#1 user') && !f.includes('counting'));
    expect(resumed).toContain('turn 0/12');
    session.recorder!.close();
  });

  it('queues a file from its start when the turns replayed were another queue\'s', async () => {
    const dir = temp('resume-other');
    const recorder = newSessionRecorder({ model: 'gpt-4', dir });
    const first = await renderDashboard({ recorder, queue: [user('Another file.'), assistant('Its reply.')] });
    await first.press(CTRL.n);
    await until(first.frame, (f) => f.includes('turn 1/2') && !f.includes('counting'));
    first.unmount();
    recorder.close();
    const session = await resume(dir);
    const app = await renderDashboard({ recorder: session.recorder!, queue: lesson, history: session.history, historyReplayed: session.historyReplayed });
    await until(app.frame, (f) => f.includes('#1 user') && !f.includes('counting'));
    expect(app.frame()).toContain('turn 0/12');
    session.recorder!.close();
  });
});

describe('Ctrl+O: loading a file without leaving the dashboard', () => {
  it('completes the path with Tab, queues the turns after the current ones, and bills their tool definitions', async () => {
    const dir = temp('load');
    writeFileSync(join(dir, 'weather.json'), JSON.stringify(WEATHER_FILE));
    writeFileSync(join(dir, 'notes.txt'), 'User: hi\n');
    const app = await renderDashboard();
    await send(app, 'Hello there.', 1);
    await app.press(CTRL.o);
    await until(app.frame, (f) => f.includes('load file ›') && f.includes('Tab complete'));
    await app.press(`${dir}/we`);
    await until(app.frame, (f) => f.includes(`${dir}/we`));
    await app.press(TAB);
    await until(app.frame, (f) => f.includes(`load file › ${dir}/weather.json`), 'the completed path');
    await app.press(ENTER);
    const queued = await until(app.frame, (f) => f.includes('queued 2 turns from weather.json (openai)'));
    expect(queued).toContain('turn 0/2');
    expect(queued).toContain('weather.json (openai)');
    expect(queued).toContain('assistant › ');
    await app.press(CTRL.n);
    await app.press(CTRL.n);
    // The cookbook's request (105 tokens on gpt-4, as the API billed it, its tool included) after our hello.
    const applied = await until(app.frame, (f) => f.includes('turn 2/2') && !f.includes('counting'));
    expect(applied).toContain(`${n(105 + oracleMessageTokens('cl100k_base', user('Hello there.')))} / 8,192 tokens`);
  });

  it('reads and validates a big file off the key path: keys typed while it is read are handled, and kept', async () => {
    const dir = temp('big');
    const messages = Array.from({ length: 200_000 }, (_, i) => (i % 2 === 0 ? user : assistant)(`message ${i} `.repeat(8)));
    writeFileSync(join(dir, 'big.json'), JSON.stringify({ messages })); // ~22 MB
    const app = await renderDashboard();
    await app.press(CTRL.o);
    await app.press(`${dir}/big.json`);
    await until(app.frame, (f) => f.includes('big.json'));
    await app.press(ENTER);
    await until(app.frame, (f) => f.includes('reading ') && f.includes('user › '), 'the prompt closed while the file is read');
    await app.press('typed meanwhile');
    const typed = await until(app.frame, (f) => f.includes('typed meanwhile'), 'the keys typed during the read');
    expect(typed).toContain('reading ');
    const queued = await until(app.frame, (f) => f.includes('queued 200000 turns'), 'the turns queued');
    expect(queued).toContain('user › typed meanwhile');
  });

  it('refuses tool parameters nested 5,000 deep in one line, the session recorded and the draft kept', async () => {
    const dir = temp('deep');
    const deep = `${'{"a":'.repeat(5000)}{}${'}'.repeat(5000)}`;
    writeFileSync(join(dir, 'deep.json'), `{"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":${deep}}}]}`);
    const recorder = newSessionRecorder({ model: 'gpt-4', dir: join(dir, 'state') });
    const app = await renderDashboard({ recorder });
    await send(app, 'Hello there.', 1);
    await app.press('my draft');
    await until(app.frame, (f) => f.includes('my draft'));
    await app.press(CTRL.o);
    await app.press(`${dir}/deep.json`);
    await until(app.frame, (f) => f.includes('deep.json'));
    await app.press(ENTER);
    const refused = await until(app.frame, (f) => f.includes('✗'), 'the refusal');
    expect(refused.replace(/\s+/g, ' ')).toContain('nested deeper than 100 levels');
    await app.press('\x1b');
    expect(await until(app.frame, (f) => f.includes('assistant › '))).toContain('assistant › my draft');
    expect(loadSession(recorder.id()!, { dir: join(dir, 'state') }).messages).toEqual([user('Hello there.')]);
  });

  it('lists the matches when Tab cannot choose, and says when nothing matches', async () => {
    const dir = temp('matches');
    for (const name of ['chat-a.json', 'chat-b.json']) writeFileSync(join(dir, name), '[]');
    const { frame, press } = await renderDashboard();
    await press(CTRL.o);
    await press(`${dir}/c`);
    await until(frame, (f) => f.includes(`${dir}/c`));
    await press(TAB);
    expect(await until(frame, (f) => f.includes('2 matches'))).toContain('2 matches: chat-a.json  chat-b.json');
    expect(frame()).toContain(`load file › ${dir}/chat-`);
    await press('z');
    await press(TAB);
    expect(await until(frame, (f) => f.includes('✗'))).toContain(`nothing matches "${dir}/chat-z"`);
  });

  it("shows a bad file's one-line error and changes nothing", async () => {
    const dir = temp('bad');
    writeFileSync(join(dir, 'bad.json'), '{"messages": [}');
    const { frame, press } = await renderDashboard({ queue: [user('Queued one.')] });
    await press(CTRL.o);
    await press(`${PASTE_START}${dir}/bad.json${PASTE_END}`);
    await until(frame, (f) => f.includes('bad.json'));
    await press(ENTER);
    const refused = await until(frame, (f) => f.includes('✗'), 'the error');
    expect(refused).toContain(`${dir}/bad.json:1:15: invalid JSON`);
    expect(refused).toContain('turn 0/1');
    expect(refused).toContain('load file ›'); // still open, to correct the path
    await press('\x1b');
    const closed = await until(frame, (f) => f.includes('user › '));
    expect(closed).toContain('turn 0/1');
    expect(closed).not.toContain('✗');
  });

  it('never lets a file name drive the terminal: completed, listed and refused, it shows escaped', async () => {
    const dir = temp('hostile');
    writeFileSync(join(dir, 'evil\x1b]0;pwned\x07\x1b[2J.json'), '[]');
    writeFileSync(join(dir, 'evil\u202e.txt'), '');
    const { frame, press } = await renderDashboard();
    await press(CTRL.o);
    await press(`${dir}/ev`);
    await press(TAB);
    const listed = await until(frame, (f) => f.includes('2 matches'));
    expect(listed).toContain('evil\\e]0;pwned\\a\\e[2J.json');
    expect(listed).toContain('evil\\u202e.txt');
    await press('\x1b]0;pwned\x07'); // typed escape sequences never reach the prompt either
    await press(ENTER);
    const refused = await until(frame, (f) => f.includes('✗'));
    for (const shown of [listed, refused]) expect(shown).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
  });
});

describe('Ctrl+X: exporting the session', () => {
  it('offers a name with the session id, writes the messages and the ledger, and asks before overwriting', async () => {
    const dir = temp('export');
    const recorder = newSessionRecorder({ model: 'gpt-4', dir });
    const app = await renderDashboard({ recorder, place: { cwd: dir } });
    await send(app, 'Hello there.', 1);
    const name = `context-accountant-${recorder.id()}.md`;
    await app.press(CTRL.x);
    await until(app.frame, (f) => f.includes(`export to › ${name}`));
    await app.press(ENTER);
    const wrote = await until(app.frame, (f) => f.includes('wrote'));
    expect(wrote).toContain(`wrote ${join(dir, name)} (markdown, 1 message)`);
    expect(readFileSync(join(dir, name), 'utf8')).toContain('Hello there.');

    await app.press(CTRL.x);
    await until(app.frame, (f) => f.includes(`export to › ${name}`));
    await app.press(ENTER);
    const exists = await until(app.frame, (f) => f.includes('already exists'));
    expect(exists.replace(/\s+/g, ' ')).toContain(`${join(dir, name)} already exists: Enter again overwrites it, or type another name`);
    await app.press(ENTER);
    expect(await until(app.frame, (f) => f.includes('wrote'))).toContain(`wrote ${join(dir, name)}`);
  });

  it('writes JSON with the figures of the ledger on screen', async () => {
    const dir = temp('export-json');
    const app = await renderDashboard({ place: { cwd: dir }, model: requireModel('gpt-4') });
    await send(app, 'Hello there.', 1);
    await app.press(CTRL.x);
    await until(app.frame, (f) => f.includes('export to › context-accountant-'));
    for (let i = 0; i < 2; i++) await app.press(BACKSPACE);
    await app.press('json');
    const path = await until(app.frame, (f) => /export to › \S+\.json/.test(f));
    const name = /export to › (\S+\.json)/.exec(path)![1]!;
    await app.press(ENTER);
    await until(app.frame, (f) => f.includes('wrote'));
    const written = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { messages: unknown[]; turns: { usedTokens: number }[] };
    expect(written.messages).toEqual([user('Hello there.')]);
    expect(written.turns[0]!.usedTokens).toBe(billed(user('Hello there.')));
  });

  it('refuses a name without a known extension, saying what it needs', async () => {
    const dir = temp('export-bad');
    const app = await renderDashboard({ place: { cwd: dir } });
    await app.press(CTRL.x);
    await until(app.frame, (f) => f.includes('export to › '));
    for (let i = 0; i < 3; i++) await app.press(BACKSPACE);
    await app.press(ENTER);
    const refused = await until(app.frame, (f) => f.includes('✗'));
    expect(refused.replace(/\s+/g, ' ')).toMatch(/cannot tell the export format; end the name in \.md, \.json or \.csv/);
  });
});
