import type { Command } from 'commander';
import type { ModelEntry } from '../core/catalog.js';
import { formatTokens } from '../core/format.js';
import { defaultSettings } from '../core/strategies/runStrategy.js';
import { STRATEGY_NAMES, type StrategyName, type StrategySettings } from '../core/strategies/types.js';
import { InputError } from '../core/errors.js';
import { parseNonNegative } from './modelOptions.js';

/** The strategy, caching and budget flags, as commander hands them over (strings). */
export interface StrategyFlags {
  readonly strategy?: string;
  readonly reserve?: string;
  readonly large?: string;
  readonly keepTurns?: string;
  readonly summaryTokens?: string;
  readonly cache?: boolean;
  readonly budget?: string;
}

export interface StrategyChoice {
  readonly settings: StrategySettings;
  readonly cache: boolean;
  readonly budget: number | undefined;
}

/** Room for the "simulated summary" label and a few words. */
export const MIN_SUMMARY_TOKENS = 20;

export function withStrategyOptions(command: Command, strategyHelp: string, strategyDefault?: string): Command {
  return command
    .option('--strategy <name>', `${strategyHelp}: ${STRATEGY_NAMES.join(', ')}`, strategyDefault)
    .option('--reserve <tokens>', "window: tokens kept for the reply (default 1,000 or the model's max output, whichever is less)")
    .option('--large <tokens>', 'evict-large: a message over this many tokens is large (default 1,000)')
    .option('--keep-turns <n>', 'evict-large, summarize: user turns sent verbatim, the current one included (default 2); evict-large: reply calls a large tool result is sent to')
    .option('--summary-tokens <tokens>', 'summarize: most tokens of the simulated summary (default 200)')
    .option('--cache', "bill input that repeats the previous call's prefix at the cached price")
    .option('--budget <usd>', 'spending limit in US dollars: budget left, turns until it is gone');
}

export function parseStrategyName(value: string | undefined): StrategyName | undefined {
  if (value === undefined) return undefined;
  if ((STRATEGY_NAMES as readonly string[]).includes(value)) return value as StrategyName;
  throw new InputError(`--strategy must be one of ${STRATEGY_NAMES.join(', ')}, got "${value}"`);
}

export function resolveStrategyFlags(flags: StrategyFlags, model: ModelEntry): StrategyChoice {
  const defaults = defaultSettings(model);
  const reserve = parseNonNegative('--reserve', flags.reserve, { integer: true }) ?? defaults.reserve;
  // Only a reserve asked for is checked: the default must not stop a report on a small --limit.
  if (flags.reserve !== undefined && reserve >= model.contextWindow) {
    throw new InputError(`--reserve must be less than the limit (${formatTokens(model.contextWindow)} tokens), got "${flags.reserve}"`);
  }
  const keepTurns = parseNonNegative('--keep-turns', flags.keepTurns, { integer: true }) ?? defaults.keepTurns;
  if (keepTurns < 1) throw new InputError(`--keep-turns must be a whole number of turns (1 or more), got "${flags.keepTurns}"`);
  const summaryTokens = parseNonNegative('--summary-tokens', flags.summaryTokens, { integer: true }) ?? defaults.summaryTokens;
  if (summaryTokens < MIN_SUMMARY_TOKENS) {
    throw new InputError(`--summary-tokens must be at least ${MIN_SUMMARY_TOKENS} (room for the simulated-summary label), got "${flags.summaryTokens}"`);
  }
  return {
    settings: {
      reserve,
      large: parseNonNegative('--large', flags.large, { integer: true }) ?? defaults.large,
      keepTurns,
      summaryTokens,
    },
    cache: flags.cache === true,
    budget: parseBudget(flags.budget),
  };
}

function parseBudget(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim().replace(/^\$/, '');
  const number = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(number) || number < 0) {
    throw new InputError(`--budget must be a number of US dollars (0 or more), got "${value}"`);
  }
  return number;
}
