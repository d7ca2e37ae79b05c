import type { CountText } from '../chatFormat.js';
import type { KvSetup } from '../kvCache.js';
import type { Ledger, LedgerEntry } from '../ledger.js';
import { runStrategy } from './runStrategy.js';
import type { StrategyName, StrategyRun, StrategySettings } from './types.js';

/** How the dashboard accounts beyond its ledger: the strategies' settings, caching, the budget, the KV panel. */
export interface AccountingOptions {
  /** Settings given on the command line; the others follow the model (`defaultSettings`). */
  readonly settings?: Partial<StrategySettings>;
  /** Bill a repeated prefix at the cached price (`--cache`). */
  readonly cache?: boolean;
  /** `--budget` in US dollars. */
  readonly budget?: number;
  /** `--kv SHAPE`, with `--dtype` and `--gpu-gib`. */
  readonly kv?: KvSetup;
}

/** Throws: only summaries are counted, and a ledger with messages always has its encoder loaded. */
export const NOT_LOADED: CountText = () => {
  throw new Error('the strategy view counts summaries only once the encoder has loaded');
};

/**
 * The strategy over a kept ledger's messages, with the counts the ledger holds: the ledger's counts
 * are handed to the strategy engine, so nothing is counted again but the simulated summaries.
 */
export function runOnLedger(
  entries: readonly LedgerEntry[],
  ledger: Ledger,
  strategy: StrategyName,
  options: AccountingOptions,
  count: CountText | undefined,
): StrategyRun {
  return runStrategy({ ...ledgerRunInput(ledger, strategy, options, count), messages: entries.map((entry) => entry.message), counts: entries });
}

/** What the engine needs besides the messages and their counts, for a ledger's model, rule and tools. */
export function ledgerRunInput(ledger: Ledger, strategy: StrategyName, options: AccountingOptions, count: CountText | undefined) {
  const { model, rule, tools } = ledger.config;
  return {
    model,
    rule,
    count: count ?? NOT_LOADED,
    strategy,
    cache: options.cache ?? false,
    toolTokens: tools ?? 0,
    ...(options.settings && { settings: options.settings }),
  };
}
