import { beforeAll, describe, expect, it } from 'vitest';
import { requireModel } from '../../../src/core/catalog.js';
import { FORMAT_RULES, type ChatMessage, type CountText } from '../../../src/core/chatFormat.js';
import { ledgerEntries } from '../../../src/core/ledger.js';
import type { StrategyName } from '../../../src/core/strategies/types.js';
import { runOnLedger } from '../../../src/core/strategies/ledgerRun.js';
import { loadTokenizer } from '../../../src/core/tokenizer.js';
import { countJob } from '../../../src/ui/state/countJob.js';
import { dashboardReducer, type DashboardAction } from '../../../src/ui/state/dashboardReducer.js';
import { initialState, type DashboardState } from '../../../src/ui/state/dashboardState.js';
import { dashboardView, type DashboardViewInput, type Memo } from '../../../src/ui/view/dashboardView.js';
import { strategyView } from '../../../src/ui/view/strategyView.js';

let count: CountText;
beforeAll(async () => {
  count = (await loadTokenizer('cl100k_base')).count;
});

const user = (content: string): ChatMessage => ({ role: 'user', content });
const assistant = (content: string): ChatMessage => ({ role: 'assistant', content });

/** The reducer, each count job answered as the hook answers it (countJob with the real encoder). */
function session(actions: readonly DashboardAction[], queue: readonly ChatMessage[] = []): DashboardState {
  let state = initialState({ model: requireModel('gpt-4'), rule: FORMAT_RULES.cookbook, queue });
  for (const action of actions) {
    state = dashboardReducer(state, action);
    while (state.jobs[0]) {
      const job = state.jobs[0];
      state = dashboardReducer(state, { type: 'counted', jobId: job.id, result: countJob(job, state, count) });
    }
  }
  return state;
}

const send = (text: string): DashboardAction[] => [{ type: 'draft/change', text }, { type: 'send' }];

/** What App.tsx hands the view model: the state, its strategy view (as useStrategyView makes it), the size. */
function input(state: DashboardState, size = { columns: 120, rows: 40 }, extra: Partial<DashboardViewInput> = {}): DashboardViewInput {
  const entries = ledgerEntries(state.ledger);
  const keepAll = runOnLedger(entries, state.ledger, 'keep-all', {}, count);
  const strategy: StrategyName = state.strategy;
  const run = strategy === 'keep-all' ? keepAll : runOnLedger(entries, state.ledger, strategy, {}, count);
  const view = strategyView(entries, keepAll, run, {});
  return { state, view, ...size, accounting: {}, busy: undefined, session: undefined, ...extra };
}

describe('dashboardView', () => {
  it('opens on an empty session: no banner, the hint naming the keys, "0 messages", the dashboard keys in the footer', () => {
    const frame = dashboardView(input(session([])));
    expect(frame.scope).toBe('dashboard');
    expect(frame.banners).toEqual([]);
    expect(frame.conversation.title).toBe('Conversation');
    expect(frame.conversation.note).toBe('0 messages');
    expect(frame.conversation.rows).toEqual([]);
    expect(frame.conversation.hint).toEqual(['No messages yet.', 'Type below and press Enter, or Ctrl+L to paste a log.']);
    expect(frame.header.replay).toBeUndefined();
    expect(frame.footer.lines.flat().map((item) => item.keys)).toContain('Ctrl+C');
    expect(frame.model.id).toBe('gpt-4');
  });

  it('numbers the messages sent, fits their rows to the pane, and charts one column per reply call under keep-all', () => {
    // The role flows: "Hi." goes as the assistant's reply (a Tab here would make it the system's).
    const state = session([...send('Hello there.'), ...send('Hi.')]);
    const frame = dashboardView(input(state));
    expect(frame.conversation.note).toBe('2 messages');
    expect(frame.conversation.rows.length).toBeGreaterThan(0);
    expect(frame.conversation.rows.length).toBeLessThanOrEqual(frame.plan.conversationRows);
    // Two messages, one call (the assistant's): one column, not one per message.
    expect(frame.panels.calls.columns.map((column) => [column.from, column.to])).toEqual([[1, 1]]);
    expect(frame.panels.fitted).toBeUndefined();
  });

  it('puts the session id in the footer where it fits, else beside the message count', () => {
    const state = session(send('Hello there.'));
    const wide = dashboardView(input(state, { columns: 200, rows: 40 }, { session: 'session 20261201-abcd' }));
    expect(wide.footer.aside).toBe('session 20261201-abcd');
    expect(wide.conversation.note).toBe('1 message');
    // At 120 columns the long footer's second line leaves no room for this id: it goes beside the count.
    const narrow = dashboardView(input(state, { columns: 120, rows: 40 }, { session: 'session 20261125-1824' }));
    expect(narrow.footer.aside).toBeUndefined();
    expect(narrow.conversation.note).toMatch(/^1 message · (session )?20261125-1824$/);
    // No room for it at all: the count alone.
    const tight = dashboardView(input(state, { columns: 80, rows: 24 }, { session: `session ${'x'.repeat(60)}` }));
    expect(tight.conversation.note).toBe('1 message');
  });

  it('warns over the limit with a banner of its own, before any the accounting adds', () => {
    const state = session(send('Error: Connection Refused '.repeat(2000)));
    const frame = dashboardView(input(state));
    expect(frame.banners.length).toBeGreaterThanOrEqual(1);
    expect(frame.banners[0]!.over).toBe(true);
    expect(frame.banners[0]!.lines.join(' ')).toContain('Context limit exceeded');
  });

  it('shows the model picker in place of the conversation, and its keys', () => {
    const frame = dashboardView(input(session([{ type: 'picker/open' }])));
    expect(frame.scope).toBe('picker');
    expect(frame.conversation.title).toBe('Choose a model');
    expect(frame.conversation.note).toBe('now gpt-4');
    expect(frame.conversation.picker).toEqual({ index: expect.any(Number), currentId: 'gpt-4' });
  });

  it('says where a replay is, and how to step it', () => {
    const frame = dashboardView(input(session([], [user('one'), assistant('two')])));
    expect(frame.header.replay).toEqual({ applied: 0, total: 2, playing: false, speed: 1 });
    // The replay opens paused: the first thing the pane and the gauge say is how to play it.
    expect(frame.conversation.hint[0]).toBe('Ctrl+P plays the 2 queued turns, Ctrl+N one at a time.');
    expect(frame.panels.hint).toBe('Ctrl+P plays the 2 queued turns, Ctrl+N one at a time');
  });

  it('fits the strategy chart under another strategy where the layout gives it rows', () => {
    // The role flows: "Hi." goes as the assistant's reply.
    const state = session([...send('Hello there.'), ...send('Hi.'), { type: 'strategy/cycle' }]);
    const frame = dashboardView(input(state));
    expect(frame.plan.chartRows).toBeGreaterThan(0);
    expect(frame.panels.fitted?.chart.columns.length).toBeGreaterThan(0);
  });

  it('drops the conversation title and shrinks everything on a 40x12 terminal', () => {
    const frame = dashboardView(input(session(send('Hello there.')), { columns: 40, rows: 12 }));
    expect(frame.plan.stacked).toBe(true);
    expect(frame.plan.rows).toBeLessThanOrEqual(12);
    expect(frame.conversation.rows.length).toBeLessThanOrEqual(frame.plan.conversationRows);
  });

  it('computes the conversation rows again only when the ledger, the jobs or the size change (memo)', () => {
    const computed: string[] = [];
    const kept = new Map<string, { deps: readonly unknown[]; value: unknown }>();
    const memo: Memo = (slot, deps, compute) => {
      const old = kept.get(slot);
      if (old && old.deps.every((dep, i) => dep === deps[i])) return old.value as never;
      computed.push(slot);
      const value = compute(old?.value as never);
      kept.set(slot, { deps, value });
      return value;
    };
    const state = session(send('Hello there.'));
    const first = input(state);
    dashboardView(first, memo);
    expect(computed).toContain('rows');
    computed.length = 0;
    // Typing changes the draft only: the same rows.
    dashboardView({ ...first, state: dashboardReducer(state, { type: 'draft/change', text: 'a' }) }, memo);
    expect(computed).not.toContain('rows');
    dashboardView(input(state, { columns: 80, rows: 24 }), memo);
    expect(computed).toContain('rows');
  });
});
