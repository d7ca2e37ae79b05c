export { conversationShape, type ConversationShape } from './conversationShape.js';
export { STRATEGIES } from './registry.js';
export { defaultSettings, runStrategy } from './runStrategy.js';
export { expandRanges } from './sentContext.js';
export { extractiveSummary, fitToTokens, SUMMARY_LABEL } from './summaryText.js';
export * from './types.js';
