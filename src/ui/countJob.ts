import { imageRuleFor, TOOL_CONSTANTS, toolDefinitionTokens, type CountText } from '../core/chatFormat.js';
import { countMessage, type MessageCounts } from '../core/ledger.js';
import type { EncodingName } from '../core/tokenizer.js';
import type { CountJob, CountResult, DashboardState } from './dashboardState.js';

/**
 * The counting the reducer never does. Runs on the main thread for now; a worker can take over by
 * producing the same `CountResult` for the same job, without the reducer changing.
 */
export function jobEncoding(job: CountJob, state: DashboardState): EncodingName {
  return job.kind === 'switch' ? job.model.encoding : state.model.encoding;
}

export function countJob(job: CountJob, state: DashboardState, count: CountText): CountResult {
  const encoding = jobEncoding(job, state);
  switch (job.kind) {
    case 'paste':
      return { kind: 'paste', tokens: count(job.text) };
    case 'append':
      return { kind: 'append', encoding, counts: countMessage(state.rule, count, job.message, imageRuleFor(state.model.id)) };
    case 'switch': {
      const counts = new Map<number, MessageCounts>();
      for (const turn of state.turns) {
        counts.set(turn.id, turn.counts[encoding] ?? countMessage(state.rule, count, turn.message, imageRuleFor(job.model.id)));
      }
      const { definitions, tokens } = state.tools;
      const tools = { definitions, tokens: tokens[encoding] ?? toolDefinitionTokens(definitions, count, TOOL_CONSTANTS[encoding]) };
      return { kind: 'switch', encoding, counts, tools };
    }
  }
}

/**
 * Remembers the last few texts counted, so a paste counted for its label is not counted again
 * when it is sent as it stands (a 5 MB paste takes seconds).
 */
export function rememberingCount(count: CountText, size = 4): CountText {
  const recent = new Map<string, number>();
  return (text) => {
    const known = recent.get(text);
    if (known !== undefined) return known;
    const tokens = count(text);
    if (text.length > 1000) {
      recent.set(text, tokens);
      if (recent.size > size) recent.delete(recent.keys().next().value!);
    }
    return tokens;
  };
}
