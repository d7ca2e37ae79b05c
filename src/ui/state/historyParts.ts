import type { FormatRule } from '../../core/chatFormat.js';
import type { ModelEntry } from '../../core/catalog.js';
import { appendCounted, type Ledger, type MessageCounts } from '../../core/ledger.js';
import type { TokenizerName } from '../../core/tokenizer.js';
import { ledgerFor, type CountJob, type DashboardState, type SessionTools, type Turn } from './dashboardState.js';

/**
 * A long history (a resumed session) is counted and shown in parts: each slice of turns counted
 * goes to the reducer as it is (`counted/part`), and the ledger takes them in order, so the
 * conversation and every figure fill in from the first frame on instead of all at once at the
 * end; the `switch` job is then answered as any, with nothing left to count and the ledger kept.
 */
export interface CountedPart {
  readonly jobId: number;
  readonly encoding: TokenizerName;
  /** Where in the turns the part starts, and each turn's counts in order (the turn's id to check it is the same). */
  readonly from: number;
  readonly counts: readonly { readonly id: number; readonly counts: MessageCounts }[];
  /** Of the job's turns counted so far (0..1). */
  readonly fraction: number;
}

/** Histories of more turns than this are counted in parts; shorter ones in one go, within a frame or two. */
export const PART_MIN_TURNS = 2_000;

/**
 * Whether a `switch` job is counted in parts: a long history for the ledger's own model (a resumed
 * session's first count), with no tool definitions (their count must come first: those go in one go).
 */
export function countsInParts(job: CountJob, state: DashboardState): job is Extract<CountJob, { kind: 'switch' }> {
  return job.kind === 'switch' && state.turns.length > PART_MIN_TURNS && job.model === state.ledger.config.model && state.tools.definitions.length === 0;
}

export function applyCountedPart(state: DashboardState, part: CountedPart): DashboardState {
  const job = state.jobs.find((candidate) => candidate.id === part.jobId);
  // Undone, or another count overtook it.
  if (!job || job.kind !== 'switch' || job.model.encoding !== part.encoding) return state;
  const turns = state.turns.slice();
  part.counts.forEach(({ id, counts }, k) => {
    const turn = turns[part.from + k];
    if (turn?.id === id) turns[part.from + k] = { ...turn, counts: { ...turn.counts, [part.encoding]: counts } };
  });
  let { ledger } = state;
  if (ledger.config.model === job.model && ledger.config.tools === 0 && inStep(ledger, turns)) {
    for (let i = ledger.last ? ledger.last.index + 1 : 0; i < turns.length; i++) {
      const counts = turns[i]!.counts[part.encoding];
      if (!counts) break;
      ledger = appendCounted(ledger, turns[i]!.message, counts);
    }
  }
  return { ...state, turns, ledger, progress: { jobId: job.id, fraction: Math.max(0, Math.min(1, part.fraction)) } };
}

/**
 * `ledgerFor`, keeping the ledger the parts grew when it is that model's and rule's and in step
 * with the turns: it is extended by the turns after it (the views kept for it extend too) rather
 * than made again, which a long history would pay for in one frame.
 */
export function grownLedgerFor(ledger: Ledger, model: ModelEntry, rule: FormatRule, turns: readonly Turn[], tools: SessionTools): Ledger | undefined {
  const toolTokens = tools.definitions.length === 0 ? 0 : tools.tokens[model.encoding];
  const { config, last } = ledger;
  const same = last !== undefined && config.model === model && config.rule.name === rule.name && config.tools === toolTokens && inStep(ledger, turns);
  if (!same || turns[last.index]!.counts[model.encoding]?.tokens !== last.tokens) return ledgerFor(model, rule, turns, tools);
  let grown = ledger;
  for (let i = last.index + 1; i < turns.length; i++) {
    const counts = turns[i]!.counts[model.encoding];
    if (!counts) return undefined;
    grown = appendCounted(grown, turns[i]!.message, counts);
  }
  return grown;
}

/**
 * The ledger's last entry is the turn at its place: turns change only at the end (an undo, a turn
 * appended), so every entry before it is its turn's too.
 */
function inStep(ledger: Ledger, turns: readonly Turn[]): boolean {
  const { last } = ledger;
  return last === undefined || (last.index < turns.length && turns[last.index]!.message === last.message);
}
