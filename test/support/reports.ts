import type { ChatMessage, CountText } from '../../src/core/chatFormat.js';
import type { ModelChoice } from '../../src/commands/modelOptions.js';
import { toolTokensOf } from '../../src/commands/conversationInput.js';
import type { ConversationSource } from '../../src/core/report/conversationReport.js';
import { strategyReport, type StrategyReport } from '../../src/core/report/strategyReport.js';
import { runStrategy } from '../../src/core/strategies/runStrategy.js';

/** What `report FILE --json` builds (keep-all, no flags): the engine's run, as the report object. */
export function keepAllReport({ model, rule }: ModelChoice, count: CountText, messages: readonly ChatMessage[], source?: ConversationSource): StrategyReport {
  const toolTokens = toolTokensOf(source ?? {}, count, model.encoding);
  const run = runStrategy({ messages, model, count, rule, strategy: 'keep-all', toolTokens });
  return strategyReport(run, undefined, source && { ...source, toolTokens });
}
