import { describe, expect, it } from 'vitest';
import { featuredModels, requireModel } from '../../../src/core/catalog.js';
import { contentText, FORMAT_RULES, type ChatMessage } from '../../../src/core/chatFormat.js';
import { ledgerStatus, type MessageCounts } from '../../../src/core/ledger.js';
import type { TokenizerName } from '../../../src/core/tokenizer.js';
import { dashboardReducer, type DashboardAction } from '../../../src/ui/state/dashboardReducer.js';
import { initialState, replayPosition, type CountResult, type DashboardState } from '../../../src/ui/state/dashboardState.js';
import type { LineEdit } from '../../../src/ui/state/lineEdit.js';
import { oracleEncode } from '../../support/oracle.js';

const gpt4 = requireModel('gpt-4');
const user = (content: string): ChatMessage => ({ role: 'user', content });
const assistant = (content: string): ChatMessage => ({ role: 'assistant', content });

function start(queue: readonly ChatMessage[] = []): DashboardState {
  return initialState({ model: gpt4, rule: FORMAT_RULES.cookbook, queue });
}

const run = (state: DashboardState, ...actions: DashboardAction[]) => actions.reduce(dashboardReducer, state);

/** What the hook does: counts a message the way the API bills it, here with OpenAI's own tokenizer. */
function oracleCounts(encoding: TokenizerName, message: ChatMessage): MessageCounts {
  const content = oracleEncode(encoding, contentText(message)).length;
  return { tokens: 3 + oracleEncode(encoding, message.role).length + content, contentTokens: content };
}

/** Counts every waiting job, as the hook would, oldest first. */
function countAll(state: DashboardState): DashboardState {
  let current = state;
  while (current.jobs[0]) {
    const job = current.jobs[0];
    let result: CountResult;
    if (job.kind === 'append') result = { kind: 'append', encoding: current.ledger.config.model.encoding, counts: oracleCounts(current.ledger.config.model.encoding, job.message) };
    else if (job.kind === 'paste') result = { kind: 'paste', tokens: oracleEncode(current.ledger.config.model.encoding, job.text).length };
    else {
      const encoding = job.model.encoding;
      result = { kind: 'switch', encoding, counts: new Map(current.turns.map((turn) => [turn.id, oracleCounts(encoding, turn.message)])) };
    }
    current = dashboardReducer(current, { type: 'counted', jobId: job.id, result });
  }
  return current;
}

const used = (state: DashboardState) => ledgerStatus(state.ledger).usedTokens;

describe('dashboardReducer', () => {
  it('sends the draft as the current role: waiting to be counted first, appended with the counts it is handed', () => {
    const typed = run(start(), { type: 'draft/change', text: 'Hello there.' }, { type: 'send' });
    expect(typed.turns).toHaveLength(0);
    expect(typed.jobs).toMatchObject([{ kind: 'append', message: user('Hello there.'), origin: 'typed' }]);
    expect(typed.draft.text).toBe('');
    const counted = countAll(typed);
    expect(counted.jobs).toHaveLength(0);
    expect(counted.turns.map((turn) => turn.message)).toEqual([user('Hello there.')]);
    expect(used(counted)).toBe(3 + 3 + oracleEncode('cl100k_base', 'user').length + oracleEncode('cl100k_base', 'Hello there.').length);
  });

  it('sends nothing when the draft is empty', () => {
    expect(run(start(), { type: 'send' }).jobs).toHaveLength(0);
  });

  it('cycles the role user -> assistant -> system -> user, and sends as it', () => {
    const roles = [start()];
    for (let i = 0; i < 3; i++) roles.push(dashboardReducer(roles[i]!, { type: 'cycleRole' }));
    expect(roles.map((state) => state.role)).toEqual(['user', 'assistant', 'system', 'user']);
    const sent = countAll(run(roles[1]!, { type: 'draft/change', text: 'Hi.' }, { type: 'send' }));
    expect(sent.turns[0]!.message).toEqual(assistant('Hi.'));
  });

  it('flows the role: a user message sent, the assistant is next, and then the user again; Tab still overrides', () => {
    const sent = run(start(), { type: 'draft/change', text: 'Question?' }, { type: 'send' });
    expect(sent.role).toBe('assistant');
    const answered = run(sent, { type: 'draft/change', text: 'Answer.' }, { type: 'send' });
    expect(answered.role).toBe('user');
    const system = run(answered, { type: 'cycleRole' }, { type: 'cycleRole' }, { type: 'draft/change', text: 'Be brief.' }, { type: 'send' });
    expect(system.role).toBe('user');
    expect(countAll(system).turns.map((turn) => turn.message)).toEqual([user('Question?'), assistant('Answer.'), { role: 'system', content: 'Be brief.' }]);
  });

  it('sends a canned reply as the assistant whatever the role, the draft kept, the user next', () => {
    const state = run(start(), { type: 'draft/change', text: 'half typed' }, { type: 'reply', text: 'A canned answer.' });
    expect(state.role).toBe('user');
    expect(state.draft.text).toBe('half typed');
    expect(countAll(state).turns.map((turn) => turn.message)).toEqual([assistant('A canned answer.')]);
  });

  it('pastes the dump as a user turn whatever the role', () => {
    const state = countAll(run(start(), { type: 'cycleRole' }, { type: 'pasteLogDump', text: 'DUMP' }));
    expect(state.turns[0]!.message).toEqual(user('DUMP'));
  });

  it('undoes a turn still being counted first, then the last appended; a late count of an undone turn changes nothing', () => {
    const one = countAll(run(start(), { type: 'draft/change', text: 'one' }, { type: 'send' }));
    const two = run(one, { type: 'draft/change', text: 'two' }, { type: 'send' });
    const jobId = two.jobs[0]!.id;
    const undone = dashboardReducer(two, { type: 'back' });
    expect(undone.jobs).toHaveLength(0);
    expect(undone.turns).toHaveLength(1);
    const late = dashboardReducer(undone, { type: 'counted', jobId, result: { kind: 'append', encoding: 'cl100k_base', counts: { tokens: 9, contentTokens: 1 } } });
    expect(late).toBe(undone);
    const empty = dashboardReducer(undone, { type: 'back' });
    expect(empty.turns).toHaveLength(0);
    expect(used(empty)).toBe(3);
    expect(dashboardReducer(empty, { type: 'back' }).turns).toHaveLength(0);
  });

  describe('replay', () => {
    const queue = [user('a'), assistant('b'), user('c')];

    it('applies queued turns one by one, "turn k/N" counting them', () => {
      const state = start(queue);
      expect(replayPosition(state)).toEqual({ applied: 0, total: 3 });
      const next = countAll(run(state, { type: 'replay/next' }, { type: 'replay/next' }));
      expect(next.turns.map((turn) => turn.message)).toEqual(queue.slice(0, 2));
      expect(next.turns.every((turn) => turn.origin === 'queue')).toBe(true);
      expect(replayPosition(next)).toEqual({ applied: 2, total: 3 });
    });

    it('steps back a replayed turn into the queue, and a typed one out of the conversation', () => {
      const replayed = countAll(run(start(queue), { type: 'replay/next' }, { type: 'draft/change', text: 'mine' }, { type: 'send' }));
      const backOnce = dashboardReducer(replayed, { type: 'back' });
      expect(backOnce.queue).toEqual(queue.slice(1));
      const backTwice = dashboardReducer(backOnce, { type: 'back' });
      expect(backTwice.queue).toEqual(queue);
      expect(replayPosition(backTwice).applied).toBe(0);
    });

    it('plays on timer ticks, one turn at a time at --speed 1, and stops after the last', () => {
      const idle = dashboardReducer(start(queue), { type: 'replay/tick', now: 0 });
      expect(idle.jobs).toHaveLength(0);
      // The first tick starts the clock; a turn is due every second after it.
      const playing = run(start(queue), { type: 'replay/toggle' }, { type: 'replay/tick', now: 0 }, { type: 'replay/tick', now: 999 });
      expect(playing.playing).toBe(true);
      expect(playing.jobs).toHaveLength(0);
      let state = countAll(dashboardReducer(playing, { type: 'replay/tick', now: 1000 }));
      expect(state.turns).toHaveLength(1);
      for (const now of [2000, 3000]) state = countAll(dashboardReducer(state, { type: 'replay/tick', now }));
      expect(state.turns).toHaveLength(3);
      expect(state.playing).toBe(false);
      expect(run(state, { type: 'replay/toggle' }).playing).toBe(false);
    });

    const lesson = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? user(`Question ${i}?`) : assistant(`Answer ${i}.`)));
    const playAt = (speed: number) =>
      run(initialState({ model: gpt4, rule: FORMAT_RULES.cookbook, queue: lesson, speed }), { type: 'replay/toggle' }, { type: 'replay/tick', now: 5_000 });

    it('applies as many turns per tick as --speed asks, counted or not (a late tick loses none)', () => {
      // --speed 100: after 120 ms, 12 turns; no tick waits for the last turn's count.
      const fast = dashboardReducer(playAt(100), { type: 'replay/tick', now: 5_120 });
      expect(replayPosition(fast)).toEqual({ applied: 12, total: 12 });
      expect(fast.jobs).toHaveLength(12);
      // --speed 10 on a 16 ms timer: 0, 0, ..., then one turn each 100 ms; a tick 350 ms late brings 3.
      const ticks = [5_016, 5_032, 5_100, 5_116, 5_200, 5_550];
      const applied: number[] = [];
      let state = playAt(10);
      for (const now of ticks) {
        const before = replayPosition(state).applied;
        state = dashboardReducer(state, { type: 'replay/tick', now });
        applied.push(replayPosition(state).applied - before);
      }
      expect(applied).toEqual([0, 0, 1, 0, 1, 3]);
    });

    it('measures the rate shown (counted turns per second) once play has run a second', () => {
      let state = playAt(10);
      state = countAll(dashboardReducer(state, { type: 'replay/tick', now: 5_500 }));
      expect(state.replayRate).toBeUndefined();
      // 10 turns asked and shown by 6 s: 10/s.
      state = dashboardReducer(countAll(dashboardReducer(state, { type: 'replay/tick', now: 6_000 })), { type: 'replay/tick', now: 6_001 });
      expect(replayPosition(state).applied).toBe(10);
      expect(state.replayRate).toBe(10);
      // Measured, not assumed: 10 shown in 1.05 s is 9.5/s; turns asked but still being counted are not shown.
      expect(dashboardReducer(state, { type: 'replay/tick', now: 6_050 }).replayRate).toBe(9.5);
      const lagging = dashboardReducer(playAt(10), { type: 'replay/tick', now: 6_000 });
      expect(dashboardReducer(lagging, { type: 'replay/tick', now: 6_001 }).replayRate).toBe(0);
    });

    it('applies several counted turns in one action as it would one by one (a fast replay: one frame for them)', () => {
      const due = dashboardReducer(playAt(100), { type: 'replay/tick', now: 5_050 });
      const counted = due.jobs.map((job) => {
        const encoding = due.ledger.config.model.encoding;
        const message = job.kind === 'append' ? job.message : user('');
        return { jobId: job.id, result: { kind: 'append' as const, encoding, counts: oracleCounts(encoding, message) } };
      });
      expect(counted).toHaveLength(5);
      const together = dashboardReducer(due, { type: 'counted/many', counted });
      const oneByOne = counted.reduce((state, { jobId, result }) => dashboardReducer(state, { type: 'counted', jobId, result }), due);
      expect(together).toEqual(oneByOne);
      expect(together.turns).toHaveLength(5);
    });

    it('steps the speed with + and -, the clock starting again at the new speed', () => {
      const speeds = (from: number, direction: 1 | -1, times: number) => {
        let state = initialState({ model: gpt4, rule: FORMAT_RULES.cookbook, queue: lesson, speed: from });
        const seen: number[] = [];
        for (let i = 0; i < times; i++) seen.push((state = dashboardReducer(state, { type: 'replay/speed', direction })).speed);
        return seen;
      };
      expect(speeds(1, 1, 8)).toEqual([2, 5, 10, 20, 50, 100, 100, 100]);
      expect(speeds(3, -1, 6)).toEqual([2, 1, 0.5, 0.25, 0.1, 0.1]);
      expect(speeds(0.01, 1, 1)).toEqual([0.1]);
      // Playing at 1/s for 2 s, then faster: 5/s counted from the key, not from the start.
      let state = dashboardReducer(playAt(1), { type: 'replay/tick', now: 7_000 });
      expect(replayPosition(state).applied).toBe(2);
      state = run(state, { type: 'replay/speed', direction: 1 }, { type: 'replay/speed', direction: 1 }, { type: 'replay/tick', now: 7_100 });
      expect(state.speed).toBe(5);
      state = dashboardReducer(state, { type: 'replay/tick', now: 7_500 });
      expect(replayPosition(state).applied).toBe(4);
    });

    it('pauses when stepped back', () => {
      const state = run(start(queue), { type: 'replay/toggle' }, { type: 'back' });
      expect(state.playing).toBe(false);
    });
  });

  describe('model picker', () => {
    const gpt4o = featuredModels().findIndex((model) => model.id === 'gpt-4o');
    const gpt35 = featuredModels().findIndex((model) => model.id === 'gpt-3.5-turbo');
    const text = 'Grüße aus Köln: 東京の天気は晴れです。';

    it('switches at once to a model of the same encoding, reusing the counts', () => {
      const typed = countAll(run(start(), { type: 'draft/change', text }, { type: 'send' }));
      const switched = run(typed, { type: 'picker/open' }, { type: 'picker/move', delta: gpt35 }, { type: 'picker/choose' });
      expect(switched.picker).toBeUndefined();
      expect(switched.jobs).toHaveLength(0);
      expect(switched.ledger.config.model.id).toBe('gpt-3.5-turbo');
      expect(ledgerStatus(switched.ledger)).toMatchObject({ usedTokens: used(typed), limit: 16_385 });
    });

    it('recounts in the new encoding before switching to a model that needs it', () => {
      const typed = countAll(run(start(), { type: 'draft/change', text }, { type: 'send' }));
      const choosing = run(typed, { type: 'picker/open' }, { type: 'picker/move', delta: gpt4o }, { type: 'picker/choose' });
      expect(choosing.ledger.config.model.id).toBe('gpt-4');
      expect(choosing.jobs).toMatchObject([{ kind: 'switch', model: { id: 'gpt-4o' } }]);
      const switched = countAll(choosing);
      expect(switched.ledger.config.model.id).toBe('gpt-4o');
      expect(used(switched)).toBe(3 + 3 + oracleEncode('o200k_base', 'user').length + oracleEncode('o200k_base', text).length);
      expect(used(switched)).not.toBe(used(typed));
      // Back to gpt-4: its counts are kept, no recount.
      const back = run(switched, { type: 'picker/open' }, { type: 'picker/move', delta: -gpt4o }, { type: 'picker/choose' });
      expect(back.jobs).toHaveLength(0);
      expect(used(back)).toBe(used(typed));
    });

    it('closes without change', () => {
      const state = run(start(), { type: 'picker/open' }, { type: 'picker/move', delta: 1 }, { type: 'picker/close' });
      expect(state.picker).toBeUndefined();
      expect(state.ledger.config.model.id).toBe('gpt-4');
    });
  });

  describe('draft', () => {
    it('holds a paste apart, folded as its line count and tokens, and sends it with the typed text as one message', () => {
      const pasted = run(start(), { type: 'draft/change', text: 'Log: ' }, { type: 'paste', text: 'a\nb\nc\n' });
      expect(pasted.draft.pastes).toMatchObject([{ text: 'a\nb\nc\n', lines: 3, tokens: undefined }]);
      const counted = countAll(pasted);
      expect(counted.draft.pastes[0]!.tokens).toBe(oracleEncode('cl100k_base', 'a\nb\nc\n').length);
      const sent = countAll(dashboardReducer(counted, { type: 'send' }));
      // The typed text, then the paste, on a line of its own.
      expect(sent.turns.map((turn) => turn.message)).toEqual([user('Log: \na\nb\nc\n')]);
    });

    it('keeps typed text and pastes in the order they came, one per line', () => {
      const state = run(
        start(),
        { type: 'paste', text: 'two pastes' },
        { type: 'paste', text: 'Colors: red\n' },
        { type: 'edit', edit: { kind: 'insert', text: 'typed last' } },
        { type: 'send' },
      );
      expect(countAll(state).turns.map((turn) => turn.message)).toEqual([user('two pastes\nColors: red\ntyped last')]);
      const typedBetween = run(start(), { type: 'edit', edit: { kind: 'insert', text: 'first' } }, { type: 'paste', text: 'second' }, { type: 'edit', edit: { kind: 'insert', text: 'third' } }, { type: 'send' });
      expect(countAll(typedBetween).turns[0]!.message).toEqual(user('first\nsecond\nthird'));
    });

    it('takes the last paste back out with Backspace right after it, the text typed before it editable again', () => {
      const pasted = run(start(), { type: 'edit', edit: { kind: 'insert', text: 'Log:' } }, { type: 'paste', text: 'a\nb\n' });
      const back = run(pasted, { type: 'edit', edit: { kind: 'deleteBack' } });
      expect(back.draft).toEqual({ text: 'Log:', cursor: 4, pastes: [] });
      expect(back.jobs).toHaveLength(0);
    });

    it('edits at the cursor: typed in the middle, a newline kept, Ctrl+U and Ctrl+W', () => {
      const edit = (...edits: LineEdit[]) => run(start(), ...edits.map((e) => ({ type: 'edit', edit: e }) as const)).draft;
      expect(edit({ kind: 'insert', text: 'helo' }, { kind: 'cursorLeft' }, { kind: 'insert', text: 'l' })).toMatchObject({ text: 'hello', cursor: 4 });
      expect(edit({ kind: 'insert', text: 'one' }, { kind: 'insert', text: '\n' }, { kind: 'insert', text: 'two' })).toMatchObject({ text: 'one\ntwo' });
      expect(edit({ kind: 'insert', text: 'one\ntwo three' }, { kind: 'deleteWordBack' })).toMatchObject({ text: 'one\ntwo ' });
      expect(edit({ kind: 'insert', text: 'one\ntwo three' }, { kind: 'killToStart' })).toMatchObject({ text: 'one\n', cursor: 4 });
    });

    it('edits the path, not the draft, while the prompt is open; a changed path is no longer the one to overwrite', () => {
      const open = run(start(), { type: 'edit', edit: { kind: 'insert', text: 'draft' } }, { type: 'prompt/open', kind: 'export', text: 'out.md' });
      expect(open.prompt).toEqual({ kind: 'export', text: 'out.md', cursor: 6 });
      const asked = run(open, { type: 'prompt/confirmOverwrite', path: '/tmp/out.md' });
      const killed = run(asked, { type: 'edit', edit: { kind: 'killToStart' } }, { type: 'edit', edit: { kind: 'insert', text: 'b.csv' } });
      expect(killed.prompt).toEqual({ kind: 'export', text: 'b.csv', cursor: 5 });
      expect(killed.draft.text).toBe('draft');
    });

    it('types nothing while the model picker is open', () => {
      const state = run(start(), { type: 'picker/open' }, { type: 'edit', edit: { kind: 'insert', text: 'x' } });
      expect(state.draft.text).toBe('');
    });

    it('clears text and pastes, dropping a paste count no longer needed', () => {
      const cleared = run(start(), { type: 'draft/change', text: 'x' }, { type: 'paste', text: 'y' }, { type: 'draft/clear' });
      expect(cleared.draft).toMatchObject({ text: '', pastes: [] });
      expect(cleared.jobs).toHaveLength(0);
    });

    it('keeps control characters out of the typed text', () => {
      expect(run(start(), { type: 'draft/change', text: 'a\x07b\x1b' }).draft.text).toBe('a\\ab\\e');
    });
  });

  describe('strategy', () => {
    it('starts at keep-all, or at the one asked for', () => {
      expect(start().strategy).toBe('keep-all');
      expect(initialState({ model: gpt4, rule: FORMAT_RULES.cookbook, strategy: 'summarize' }).strategy).toBe('summarize');
    });

    it('cycles keep-all -> window -> evict-large -> summarize -> keep-all, leaving the conversation as it is', () => {
      const counted = countAll(run(start(), { type: 'draft/change', text: 'Hello there.' }, { type: 'send' }));
      const seen = [counted.strategy];
      let state = counted;
      for (let i = 0; i < 4; i++) {
        state = dashboardReducer(state, { type: 'strategy/cycle' });
        seen.push(state.strategy);
        expect(state.turns).toBe(counted.turns);
        expect(state.ledger).toBe(counted.ledger);
      }
      expect(seen).toEqual(['keep-all', 'window', 'evict-large', 'summarize', 'keep-all']);
    });
  });

  it('scrolls within the rows there are', () => {
    const state = run(start(), { type: 'scroll', delta: 10, max: 4 });
    expect(state.scroll).toBe(4);
    expect(run(state, { type: 'scroll', delta: -10, max: 4 }).scroll).toBe(0);
  });
});
