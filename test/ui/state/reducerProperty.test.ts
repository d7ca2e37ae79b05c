import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { featuredModels, requireModel } from '../../../src/core/catalog.js';
import { contentText, FORMAT_RULES, type ChatMessage, type ToolDefinition } from '../../../src/core/chatFormat.js';
import { ledgerMessages, ledgerStatus, type MessageCounts } from '../../../src/core/ledger.js';
import type { TokenizerName } from '../../../src/core/tokenizer.js';
import { dashboardReducer, type DashboardAction } from '../../../src/ui/state/dashboardReducer.js';
import { initialState, type CountJob, type CountResult, type DashboardState } from '../../../src/ui/state/dashboardState.js';
import { chosenModel, journalEventsBetween, shownMessages } from '../../../src/ui/state/sessionChanges.js';
import { countWords } from '../../support/conversations.js';

/**
 * Random sequences of what a user can do (type, paste, send, undo, replay, switch models, cycle
 * strategies, load files with tool definitions), with the counting the hook does interleaved at random points.
 * Counts come from simple counters that differ per encoding, so a turn counted for the wrong
 * model shows. After every step: the ledger, whenever it is not waiting for a recount, bills
 * exactly a recount of the history the state holds; and the journal events replayed give the
 * history shown.
 */
const COUNTERS: Readonly<Partial<Record<TokenizerName, (text: string) => number>>> = {
  cl100k_base: countWords,
  o200k_base: (text) => Math.ceil(text.length / 4),
};
const TOOL_START: Readonly<Partial<Record<TokenizerName, number>>> = { cl100k_base: 10, o200k_base: 7 };

const messageCounts = (encoding: TokenizerName, message: ChatMessage): MessageCounts => {
  const count = COUNTERS[encoding]!;
  const content = count(contentText(message));
  return { tokens: 3 + count(message.role) + content, contentTokens: content };
};

/** A stand-in for the tool rule (the cookbook's old constants): the reducer only keeps what the counting answers. */
const toolTokens = (encoding: TokenizerName, tools: readonly ToolDefinition[]) =>
  tools.length === 0 ? 0 : tools.reduce((sum, tool) => sum + TOOL_START[encoding]! + COUNTERS[encoding]!(`${tool.function.name}:${tool.function.description ?? ''}`), 12);

/** What the next call bills for this history, counted from scratch. */
const recount = (state: DashboardState) =>
  3 +
  toolTokens(state.ledger.config.model.encoding, state.tools.definitions) +
  state.turns.reduce((sum, turn) => sum + messageCounts(state.ledger.config.model.encoding, turn.message).tokens, 0);

/** The hook's side: counting one job, as a worker would answer it. */
function answer(job: CountJob, state: DashboardState): CountResult {
  if (job.kind === 'paste') return { kind: 'paste', tokens: COUNTERS[state.ledger.config.model.encoding]!(job.text) };
  if (job.kind === 'append') return { kind: 'append', encoding: state.ledger.config.model.encoding, counts: messageCounts(state.ledger.config.model.encoding, job.message) };
  const { encoding } = job.model;
  const counts = new Map(state.turns.map((turn) => [turn.id, messageCounts(encoding, turn.message)]));
  return { kind: 'switch', encoding, counts, tools: { definitions: state.tools.definitions, tokens: toolTokens(encoding, state.tools.definitions) } };
}

const text = fc.array(fc.constantFrom('alpha', 'beta', 'gamma', 'delta', 'x'), { minLength: 0, maxLength: 8 }).map((w) => w.join(' '));
const message = fc.record({ role: fc.constantFrom('user', 'assistant', 'system'), content: text }) as fc.Arbitrary<ChatMessage>;
const tool = fc.record({ name: fc.constantFrom('read', 'write', 'search'), description: text }).map(
  ({ name, description }): ToolDefinition => ({ type: 'function', function: { name, description } }),
);
const modelIndex = fc.constantFrom(...['gpt-4', 'gpt-4o', 'gpt-3.5-turbo', 'gpt-4o-mini'].map((id) => featuredModels().findIndex((m) => m.id === id)));

type Step =
  | { readonly kind: 'actions'; readonly actions: readonly DashboardAction[] }
  /** Ctrl+T, arrows to a model, Enter. */
  | { readonly kind: 'pick'; readonly index: number }
  /** The hook answers jobs; `late`: with the state it saw when the job came first in line, as its timer (or a worker) does. */
  | { readonly kind: 'count'; readonly jobs: number; readonly late: boolean }
  /** The hook counts a slice of a `switch` job's turns (a long resumed history is counted so): `from` a place in the turns. */
  | { readonly kind: 'part'; readonly from: number; readonly turns: number };
const actions = (...list: DashboardAction[]): Step => ({ kind: 'actions', actions: list });

const step: fc.Arbitrary<Step> = fc.oneof(
  text.map((t) => actions({ type: 'draft/change', text: t }, { type: 'send' })),
  text.map((t) => actions({ type: 'paste', text: t })),
  fc.constant(actions({ type: 'send' })),
  fc.constant(actions({ type: 'pasteLogDump', text: 'a pasted log line' })),
  fc.constant(actions({ type: 'back' })),
  fc.constant(actions({ type: 'replay/next' })),
  fc.constant(actions({ type: 'replay/toggle' }, { type: 'replay/tick', now: 0 }, { type: 'replay/tick', now: 1000 })),
  fc.constant(actions({ type: 'cycleRole' })),
  fc.constant(actions({ type: 'strategy/cycle' })),
  modelIndex.map((index): Step => ({ kind: 'pick', index })),
  fc.record({ messages: fc.array(message, { maxLength: 5 }), tools: fc.array(tool, { maxLength: 2 }) }).map(({ messages, tools }) =>
    actions({
      type: 'file/loaded',
      file: 'random.json',
      loaded: { messages, ...(tools.length > 0 && { tools }), format: 'openai', conversation: 1, conversationCount: 1 },
    }),
  ),
  fc.constant(actions({ type: 'prompt/open', kind: 'load', text: '' }, { type: 'prompt/close' })),
  fc.record({ jobs: fc.integer({ min: 1, max: 4 }), late: fc.boolean() }).map(({ jobs, late }): Step => ({ kind: 'count', jobs, late })),
  fc.record({ from: fc.nat(), turns: fc.integer({ min: 1, max: 3 }) }).map(({ from, turns }): Step => ({ kind: 'part', from, turns })),
);

/** The slice of the first job's turns a part counts, if that job is a `switch`. */
function part(state: DashboardState, at: number, turns: number): DashboardAction | undefined {
  const job = state.jobs[0];
  if (job?.kind !== 'switch' || state.turns.length === 0) return undefined;
  const from = at % state.turns.length;
  const { encoding } = job.model;
  const counts = state.turns.slice(from, from + turns).map((turn) => ({ id: turn.id, counts: messageCounts(encoding, turn.message) }));
  return { type: 'counted/part', jobId: job.id, encoding, from, counts, fraction: (from + counts.length) / state.turns.length };
}

describe('the dashboard reducer under random use', () => {
  it('always bills a recount of the history it holds, and its journal events give the history shown', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), fc.array(message, { maxLength: 4 }), fc.array(message, { maxLength: 4 }), (steps, queue, history) => {
        // A resumed session's history too: counted by a `switch` to the ledger's own model, in parts or at once.
        let state = initialState({ model: requireModel('gpt-4'), rule: FORMAT_RULES.cookbook, queue, history });
        // The journal a session is resumed from holds its history already.
        let journal: ChatMessage[] = [...history];
        let journalModel = state.ledger.config.model.id;
        const apply = (action: DashboardAction) => {
          const next = dashboardReducer(state, action);
          for (const event of journalEventsBetween(state, next)) {
            if (event.type === 'message') journal = [...journal, event.message];
            else if (event.type === 'undo') journal = journal.slice(0, -1);
            else if (event.type === 'model') journalModel = event.id;
          }
          state = next;
          const head = state.jobs[0];
          if (head && !started.has(head.id)) started.set(head.id, state);
        };
        // The state each job was first in line in: what the hook's effect starts counting it with.
        const started = new Map<number, DashboardState>();
        const countJobs = (jobs: number, late = false) => {
          for (let i = 0; i < jobs && state.jobs[0]; i++) {
            const job = state.jobs[0];
            apply({ type: 'counted', jobId: job.id, result: answer(job, late ? started.get(job.id) ?? state : state) });
          }
        };
        const check = () => {
          expect(journal).toEqual(shownMessages(state));
          expect(journalModel).toBe(chosenModel(state).id);
          // Tool tokens kept for an encoding are always those of the definitions held, even counted late.
          for (const [encoding, tokens] of Object.entries(state.tools.tokens)) {
            expect(tokens).toBe(toolTokens(encoding as TokenizerName, state.tools.definitions));
          }
          if (state.jobs.some((job) => job.kind === 'switch')) return;
          expect(ledgerMessages(state.ledger)).toEqual(state.turns.map((turn) => turn.message));
          expect(ledgerStatus(state.ledger).usedTokens).toBe(recount(state));
        };
        for (const current of steps) {
          if (current.kind === 'count') countJobs(current.jobs, current.late);
          else if (current.kind === 'part') {
            const counted = part(state, current.from, current.turns);
            if (counted) apply(counted);
          } else if (current.kind === 'actions') for (const action of current.actions) apply(action);
          else {
            apply({ type: 'picker/open' });
            // The picker opens on the current model; move from there to the one wanted.
            if (state.picker) apply({ type: 'picker/move', delta: current.index - state.picker.index });
            apply({ type: 'picker/choose' });
          }
          check();
        }
        countJobs(Number.POSITIVE_INFINITY);
        check();
        expect(state.jobs).toEqual([]);
        expect(state.ledger.config.model.id).toBe(journalModel);
      }),
      { numRuns: 2000 },
    );
  });
});
