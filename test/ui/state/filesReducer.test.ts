import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireModel } from '../../../src/core/catalog.js';
import { FORMAT_RULES, type ChatMessage } from '../../../src/core/chatFormat.js';
import { loadSession } from '../../../src/io/journal.js';
import { newSessionRecorder } from '../../../src/io/sessionRecorder.js';
import { dashboardReducer, type DashboardAction } from '../../../src/ui/state/dashboardReducer.js';
import { initialState, type DashboardState } from '../../../src/ui/state/dashboardState.js';
import { recordThenApply } from '../../../src/ui/state/sessionStore.js';
import { WEATHER_TOOL } from '../../support/cookbook.js';
import { user } from '../../support/conversations.js';

const start = (queue: readonly ChatMessage[] = []) => initialState({ model: requireModel('gpt-4'), rule: FORMAT_RULES.cookbook, queue });
const run = (state: DashboardState, ...actions: DashboardAction[]) => actions.reduce(dashboardReducer, state);
const loaded = (messages: ChatMessage[], tools = [WEATHER_TOOL]) => ({ messages, tools, format: 'jsonl' as const, conversation: 1, conversationCount: 1 });

describe('files in the dashboard reducer', () => {
  it("queues a loaded file's turns after those already queued, names the file, and recounts for its tools", () => {
    const state = run(start([user('first')]), { type: 'prompt/open', kind: 'load', text: '' }, { type: 'file/loaded', file: '/x/chat.jsonl', loaded: loaded([user('a'), user('b')]) });
    expect(state.queue).toEqual([user('first'), user('a'), user('b')]);
    expect(state.replayTotal).toBe(3);
    expect(state.source).toEqual({ file: '/x/chat.jsonl', format: 'jsonl', conversation: 1, conversationCount: 1 });
    expect(state.prompt).toBeUndefined();
    expect(state.notice).toEqual({ tone: 'info', text: 'queued 2 turns from chat.jsonl (jsonl); Ctrl+N applies the next' });
    expect(state.tools.definitions).toEqual([WEATHER_TOOL]);
    expect(state.jobs).toMatchObject([{ kind: 'switch', model: { id: 'gpt-4' } }]);
  });

  it('needs no recount when the file brings no tools', () => {
    expect(run(start(), { type: 'file/loaded', file: 'a.txt', loaded: loaded([user('a')], []) }).jobs).toEqual([]);
  });

  it('takes a paste into the path while the prompt is open (its first line), not into the draft', () => {
    const state = run(start(), { type: 'prompt/open', kind: 'load', text: 'fix' }, { type: 'paste', text: 'tures/a.json\nsecond line' });
    expect(state.prompt?.text).toBe('fixtures/a.json');
    expect(state.draft.pastes).toEqual([]);
  });

  it('forgets an overwrite confirmation as soon as the path is edited', () => {
    const asked = run(start(), { type: 'prompt/open', kind: 'export', text: 'a.md' }, { type: 'prompt/confirmOverwrite', path: 'a.md' });
    expect(asked.prompt?.overwrite).toBe('a.md');
    expect(run(asked, { type: 'prompt/change', text: 'b.md' }).prompt?.overwrite).toBeUndefined();
  });

  it('makes prompt text and notices safe to show', () => {
    const state = run(start(), { type: 'prompt/open', kind: 'load', text: '' }, { type: 'prompt/change', text: 'a\x1b[2Jb' }, { type: 'notice', tone: 'error', text: 'bad\x07' });
    expect(state.prompt?.text).toBe('a\\e[2Jb');
    expect(state.notice?.text).toBe('bad\\a');
  });
});

describe('recordThenApply', () => {
  it('records a sent turn before returning the state that shows it', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ca-apply-')), 'state');
    const recorder = newSessionRecorder({ model: 'gpt-4', dir });
    const typed = recordThenApply(start(), { type: 'draft/change', text: 'Hello there.' }, recorder);
    expect(recorder.id()).toBeUndefined();
    const sent = recordThenApply(typed, { type: 'send' }, recorder);
    expect(sent.jobs).toMatchObject([{ kind: 'append', message: user('Hello there.') }]);
    expect(loadSession(recorder.id()!, { dir }).messages).toEqual([user('Hello there.')]);
  });
});
