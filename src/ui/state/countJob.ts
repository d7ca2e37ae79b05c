import { imageRuleFor, type CountText } from '../../core/chatFormat.js';
import { ruleAfterSwitch } from '../../core/chatTemplates.js';
import { toolDefinitionTokens } from '../../core/toolDefinitions.js';
import { countMessage, type MessageCounts } from '../../core/ledger.js';
import type { TokenizerName } from '../../core/tokenizer.js';
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
