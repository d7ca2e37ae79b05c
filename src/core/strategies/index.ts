// What the views (CLI commands, the dashboard) use of the strategies.
export { bestSaver, compareRuns, runAllStrategies, type StrategyComparison } from './compareStrategies.js';
export { conversationShape, type ConversationShape, type KnownCounts } from './conversationShape.js';
export { STRATEGIES } from './registry.js';
export { runNotes } from './runNotes.js';
export { savingReason } from './savingReason.js';
export { defaultSettings, runStrategy } from './runStrategy.js';
export { expandRanges } from './sentContext.js';
export { extractiveSummary, fitToTokens, SUMMARY_LABEL } from './summaryText.js';
export * from './types.js';
