import type { LoadedConversation } from '../conversationSource.js';
import { runStrategy } from '../strategies/runStrategy.js';
import type { StrategyInput } from '../strategies/types.js';
import { toolTokensOf } from '../toolDefinitions.js';
import { strategyReport, type StrategyReport } from './strategyReport.js';

/** How `report` runs a conversation: everything a strategy run takes but the file's own messages and tools. */
export type FileReportInput = Omit<StrategyInput, 'messages' | 'toolTokens'>;

/**
 * `report`'s object for a conversation read from a file: its messages run under the strategy, its
 * tool definitions billed on every call, and where the turns came from.
 */
export function fileReport(loaded: LoadedConversation, input: FileReportInput, budget?: number): StrategyReport {
  const { messages, ...source } = loaded;
  const toolTokens = toolTokensOf(source, input.count, messages);
  const run = runStrategy({ ...input, messages, toolTokens });
  return strategyReport(run, budget, { ...source, toolTokens });
}
