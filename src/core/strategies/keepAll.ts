import type { StrategyDefinition } from './types.js';

/** The baseline: every message is resent on every call, as the API bills a plain chat. */
export const keepAll: StrategyDefinition = {
  name: 'keep-all',
  description: 'everything resent on every call (the baseline)',
  boundsContext: false,
  createPlanner: () => () => ({}),
};
