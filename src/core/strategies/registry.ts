import { evictLarge } from './evictLarge.js';
import { keepAll } from './keepAll.js';
import { summarize } from './summarize.js';
import type { StrategyDefinition, StrategyName } from './types.js';
import { window } from './window.js';

export const STRATEGIES: Readonly<Record<StrategyName, StrategyDefinition>> = {
  'keep-all': keepAll,
  window,
  'evict-large': evictLarge,
  summarize,
};
