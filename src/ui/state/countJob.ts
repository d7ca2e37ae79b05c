import { imageRuleFor, type CountText } from '../../core/chatFormat.js';
import { ruleAfterSwitch } from '../../core/chatTemplates.js';
import { toolDefinitionTokens } from '../../core/toolDefinitions.js';
import { countMessage, type MessageCounts } from '../../core/ledger.js';
import type { Tokenizer, TokenizerName } from '../../core/tokenizer.js';
import type { CountJob, CountResult, DashboardState, Turn } from './dashboardState.js';

/**
 * The counting the reducer never does. The hook runs it on the main thread, after counting the
 * job's big texts in a worker (see `textsCounted` and useDashboard.ts): the same `CountResult`
 * either way, since `countJob` then only looks those texts up.
 */
export function jobEncoding(job: CountJob, state: DashboardState): TokenizerName {
  return job.kind === 'switch' ? job.model.encoding : state.ledger.config.model.encoding;
}

export function countJob(job: CountJob, state: DashboardState, count: CountText): CountResult {
  const encoding = jobEncoding(job, state);
  switch (job.kind) {
    case 'paste':
      return { kind: 'paste', tokens: count(job.text) };
    case 'append':
      return { kind: 'append', encoding, counts: countMessage(state.ledger.config.rule, count, job.message, imageRuleFor(state.ledger.config.model.id)) };
    case 'switch': {
      const counts = new Map<number, MessageCounts>();
      for (const turn of state.turns) counts.set(turn.id, turn.counts[encoding] ?? countTurn(job, state, count, turn));
      const { definitions, tokens } = state.tools;
      // Whether they join a system message: the session's, sent, waiting to be counted, or still queued.
      const waiting = state.jobs.flatMap((pending) => (pending.kind === 'append' ? [pending.message] : []));
      const conversation = [...state.turns.map((turn) => turn.message), ...waiting, ...state.queue];
      const tools = { definitions, tokens: tokens[encoding] ?? toolDefinitionTokens(definitions, count, conversation) };
      return { kind: 'switch', encoding, counts, tools };
    }
  }
}

/** One turn's counts for a `switch` job: in the model's encoding, with the rule it switches to. */
export function countTurn(job: Extract<CountJob, { kind: 'switch' }>, state: DashboardState, count: CountText, turn: Turn): MessageCounts {
  return countMessage(ruleAfterSwitch(state.ledger.config.rule, job.model), count, turn.message, imageRuleFor(job.model.id));
}

/**
 * Every text `countJob` would count for this job, in order, found by a dry run that counts nothing
 * (so it follows the chat format's own rules, whatever they pass to `count`).
 */
export function textsCounted(job: CountJob, state: DashboardState): string[] {
  const texts: string[] = [];
  countJob(job, state, (text) => {
    texts.push(text);
    return 0;
  });
  return texts;
}

/**
 * A job whose texts add up to more than this is counted in a worker thread (each of its texts over
 * `WORKER_MIN_CHARS`; a role name is not worth a round trip). On the main thread ~200 KB of ordinary
 * text takes tens of milliseconds (more for long single pieces), a frame or two of frozen keys;
 * smaller jobs cost less than a worker's round trip (posting the text, loading its encoder on first
 * use), so they stay on the fast synchronous path. A resumed 1M-token history (a `switch` job of
 * hundreds of medium turns) goes to the worker too.
 */
export const WORKER_TEXT_CHARS = 200_000;
const WORKER_MIN_CHARS = 1_000;

/** The texts of a job that go to the worker (none: it is counted on the main thread), given those not counted yet. */
export function workerTexts(uncounted: readonly string[]): string[] {
  const size = uncounted.reduce((sum, text) => sum + text.length, 0);
  return size > WORKER_TEXT_CHARS ? [...new Set(uncounted.filter((text) => text.length > WORKER_MIN_CHARS))] : [];
}

/** The texts `countJob` would count for this job that `counter` has not counted lately. */
export function uncountedTexts(job: CountJob, state: DashboardState, counter: RememberingCount): string[] {
  return textsCounted(job, state).filter((text) => counter.known(text) === undefined);
}

/**
 * The small appends first in line, counted now (a replay's turns, a typed message): every append
 * from the first job on, past any paste waiting for its label's count (a paste is not in the
 * ledger, so the turns need not wait for it), until a switch, an append in another encoding, one
 * that goes to the worker, or `WORKER_TEXT_CHARS` of text. One `counted/many` action for them all:
 * one frame, not one a turn (a frame per turn capped `--speed 100` at the frame rate).
 */
export function countSmallAppends(state: DashboardState, counter: RememberingCount, encoding: TokenizerName): { jobId: number; result: CountResult }[] {
  const counted: { jobId: number; result: CountResult }[] = [];
  let chars = 0;
  for (const job of state.jobs) {
    if (job.kind === 'paste') continue;
    if (job.kind !== 'append' || jobEncoding(job, state) !== encoding) break;
    const texts = uncountedTexts(job, state, counter);
    if (counted.length === 0 && workerTexts(texts).length > 0) break;
    chars += texts.reduce((sum, text) => sum + text.length, 0);
    if (counted.length > 0 && chars > WORKER_TEXT_CHARS) break;
    counted.push({ jobId: job.id, result: countJob(job, state, counter) });
  }
  return counted;
}

export interface RememberingCount extends CountText {
  /** The tokens of a text counted (or remembered) lately, if any. */
  known(text: string): number | undefined;
  /** Keeps a count made elsewhere (in a worker), as if counted here. */
  remember(text: string, tokens: number): void;
}

/**
 * Remembers the last few texts counted, so a paste counted for its label is not counted again
 * when it is sent as it stands (a 5 MB paste takes seconds).
 */
export function rememberingCount(count: CountText, size = 4): RememberingCount {
  const recent = new Map<string, number>();
  const remember = (text: string, tokens: number) => {
    if (text.length <= 1000) return;
    recent.set(text, tokens);
    if (recent.size > size) recent.delete(recent.keys().next().value!);
  };
  const counting = (text: string) => {
    const known = recent.get(text);
    if (known !== undefined) return known;
    const tokens = count(text);
    remember(text, tokens);
    return tokens;
  };
  return Object.assign(counting, { known: (text: string) => recent.get(text), remember });
}

/** The remembering count kept for the tokenizer's encoding, made on first use. */
export function counterFor(counters: Map<TokenizerName, RememberingCount>, tokenizer: Tokenizer): RememberingCount {
  let counter = counters.get(tokenizer.encoding);
  if (!counter) {
    counter = rememberingCount((text) => tokenizer.count(text));
    counters.set(tokenizer.encoding, counter);
  }
  return counter;
}
