import { windowPercent } from './callPricing.js';
import { fillKindOf, usageLevel, type ContextUsage, type FillKind, type LargestMessage } from './contextUsage.js';
import type { LedgerEntry } from './ledger.js';
import type { StrategyRun } from './strategies/types.js';

/**
 * What fills the window under a strategy (`ContextUsage`): the context the run's next call sends,
 * not the whole history. `entries` are the run's messages with their counts (a ledger's);
 * a simulated summary counts as a system message (framing included); the tool
 * definitions, sent with every call whatever the strategy, are a part of their own.
 */
export function sentContextUsage(entries: readonly LedgerEntry[], run: StrategyRun): ContextUsage {
  const last = run.steps[run.steps.length - 1];
  const used = run.totals.usedTokens;
  const summaryTokens = last?.summaryTokens ?? 0;
  // One pass over the ranges, never expanded into an array of indices (a long session sends tens of thousands).
  let tally: Tally = { sentTokens: 0, kinds: { system: 0, user: 0, assistant: 0, tool: 0, definitions: 0, overhead: 0 }, largest: undefined };
  run.sent.forEach(([from, to], i) => {
    // The first range from the start (keep-all's only one) grows by a turn each turn: its tally
    // is taken from the messages before, and only the new ones are added.
    const known = i === 0 && from === 0 ? knownPrefix(entries, to) : undefined;
    if (known) tally = { ...known.tally, kinds: { ...known.tally.kinds } };
    for (let index = known ? known.through + 1 : from; index <= to; index++) {
      const entry = entries[index];
      if (entry) add(tally, entry, index);
    }
    const last = entries[to];
    if (i === 0 && from === 0 && last && last.index === to) keepPrefix(last, tally);
  });
  const { sentTokens, kinds, largest } = tally;
  const parts: Record<FillKind, number> = {
    ...kinds,
    definitions: run.toolTokens,
    // What no message carries: the reply priming every request ends with.
    overhead: used - sentTokens - summaryTokens - run.toolTokens,
  };
  parts.system += summaryTokens;
  return {
    used,
    limit: run.limit,
    percent: windowPercent(used, run.limit),
    level: usageLevel(used, run.limit),
    parts,
    largest: largest && { ...largest, share: (largest.tokens / used) * 100 },
  };
}

/** What the messages of a run of indices add up to, as `sentContextUsage` adds them. */
interface Tally {
  sentTokens: number;
  readonly kinds: Record<FillKind, number>;
  largest: LargestMessage | undefined;
}

function add(tally: Tally, entry: LedgerEntry, index: number): void {
  tally.sentTokens += entry.tokens;
  // The message's whole figure, framing included, as the pane numbers it: the legend and the row agree.
  tally.kinds[fillKindOf(entry.message.role)] += entry.tokens;
  if (!tally.largest || entry.tokens > tally.largest.tokens) tally.largest = { number: index + 1, role: entry.message.role, tokens: entry.tokens, share: 0 };
}

/**
 * The tally of messages 0..E for a ledger entry E, kept while E lives. An entry and those before it
 * never change (a ledger only grows, or drops its last entry for a new one), so the tally of a
 * prefix holds for any ledger that has E at its place.
 */
const prefixTallies = new WeakMap<LedgerEntry, Tally>();
/** How far back a known prefix is looked for: a replay adds a few turns a frame. */
const LOOK_BACK = 64;
/** Only the last few tallies are kept (a tally for every turn of a million would be memory for nothing). */
const KEPT = 8;
const kept: LedgerEntry[] = [];

function keepPrefix(entry: LedgerEntry, tally: Tally): void {
  if (prefixTallies.has(entry)) return;
  prefixTallies.set(entry, { ...tally, kinds: { ...tally.kinds } });
  kept.push(entry);
  if (kept.length > KEPT) prefixTallies.delete(kept.shift()!);
}

function knownPrefix(entries: readonly LedgerEntry[], to: number): { readonly tally: Tally; readonly through: number } | undefined {
  for (let index = Math.min(to, entries.length - 1); index >= 0 && index >= to - LOOK_BACK; index--) {
    const entry = entries[index];
    const tally = entry && entry.index === index ? prefixTallies.get(entry) : undefined;
    if (tally) return { tally, through: index };
  }
  return undefined;
}
