/**
 * context-accountant as a library: the accountant the CLI and the dashboard run on (one engine:
 * the same counts, catalog, strategies and prices), and a guard for the OpenAI and Anthropic SDKs.
 * Nothing here loads Ink or React.
 *
 * @packageDocumentation
 * @module context-accountant
 */
export { createAccountant, type Accountant, type AccountantOptions, type AccountantStatus, type BookedCall, type BookedTotals, type CallCost } from './accountant.js';
export { BudgetError, ContextLimitError, GuardError, UncountableRequestError, type BudgetFigures, type BudgetScope, type ContextLimitFigures } from './errors.js';
export type { FitOptions, FitResult } from './fitMessages.js';
export type { GuardedApi } from './guard/adapter.js';
export { createSpendStore, DEFAULT_THRESHOLDS, type Budgets, type SpendStore, type ThresholdEvent } from './guard/budgets.js';
export { guard, type CountedRequest, type Guarded, type GuardedCall, type GuardHandle, type GuardOptions, type GuardStatus, type GuardStrategy } from './guard/guard.js';
export { readUsage, UsageShapeError, type ReportedUsage, type UsageShape } from './usage.js';
export type { ReportedPrice } from '../core/reportedUsagePrice.js';
export type { CallPrice } from '../core/callPricing.js';
export type { RunStatus } from '../core/runStatus.js';
export type { ChatMessage, ContentPart, ImagePart, TextPart, ToolCall, ToolDefinition, FunctionCall, FunctionDefinition, JsonSchema, Role } from '../core/chatFormat.js';
export type { ToolChoice } from '../core/toolDefinitions.js';
export { STRATEGY_NAMES, type StrategyName, type StrategySettings } from '../core/strategies/types.js';
export type { BatchPrice, ModelEntry, PriceTier, WriteReadCacheRule } from '../core/catalog.js';
export { UnknownModelError } from '../core/catalog.js';
