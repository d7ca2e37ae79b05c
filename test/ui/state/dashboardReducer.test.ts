import { describe, expect, it } from 'vitest';
import { featuredModels, requireModel } from '../../../src/core/catalog.js';
import { contentText, FORMAT_RULES, type ChatMessage } from '../../../src/core/chatFormat.js';
import { ledgerStatus, type MessageCounts } from '../../../src/core/ledger.js';
import type { TokenizerName } from '../../../src/core/tokenizer.js';
import { dashboardReducer, type DashboardAction } from '../../../src/ui/state/dashboardReducer.js';
import { initialState, replayPosition, type CountResult, type DashboardState } from '../../../src/ui/state/dashboardState.js';
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

    it('plays on timer ticks, one turn at a time, and stops after the last', () => {
      const idle = dashboardReducer(start(queue), { type: 'replay/tick' });
      expect(idle.jobs).toHaveLength(0);
      const playing = run(start(queue), { type: 'replay/toggle' }, { type: 'replay/tick' });
      expect(playing.playing).toBe(true);
      // Still counting the first: the next tick waits.
      expect(dashboardReducer(playing, { type: 'replay/tick' }).jobs).toHaveLength(1);
      let state = countAll(playing);
      for (let i = 0; i < 2; i++) state = countAll(dashboardReducer(state, { type: 'replay/tick' }));
      expect(state.turns).toHaveLength(3);
      expect(state.playing).toBe(false);
      expect(run(state, { type: 'replay/toggle' }).playing).toBe(false);
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
      expect(sent.turns.map((turn) => turn.message)).toEqual([user('Log: a\nb\nc\n')]);
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
