import { canCache } from '../callPricing.js';
import { formatTokens, formatUsd } from '../format.js';
import { savingReason } from './savingReason.js';
import type { StrategyRun } from './types.js';

const MAX_LISTED = 5;

/** What a reader must know to trust a run's figures: what was simulated, dropped, refused or only estimated. Messages are numbered from 1. */
export function runNotes(run: StrategyRun): string[] {
  const notes: string[] = [];
  const { model, settings } = run;
  if (model.countsApproximate) notes.push(`${model.id}: ${model.countsApproximate}.`);
  if (run.strategy === 'window') {
    const budget = run.limit - settings.reserve;
    const neverSent = run.steps.filter((step) => step.removed.includes(step.index));
    for (const step of neverSent.slice(0, MAX_LISTED)) {
      notes.push(`window: message ${step.index + 1} (${formatTokens(step.tokens)} tokens) never fits in ${formatTokens(budget)} tokens (limit minus reserve): it is never sent.`);
    }
    if (neverSent.length > MAX_LISTED) notes.push(`window: ${neverSent.length - MAX_LISTED} more messages are never sent.`);
  }
  if (run.strategy === 'evict-large') {
    const evictions = run.steps.flatMap((step) => step.removed.map((index) => ({ index, at: step.index })));
    for (const { index, at } of evictions.slice(0, MAX_LISTED)) {
      notes.push(`evict-large: message ${index + 1} (${formatTokens(run.steps[index]!.tokens)} tokens) removed after message ${at + 1}.`);
    }
    if (evictions.length > MAX_LISTED) notes.push(`evict-large: ${evictions.length - MAX_LISTED} more messages removed.`);
  }
  if (run.strategy === 'summarize' && run.totals.summaryCalls > 0) {
    const calls = run.steps.flatMap((step) => step.calls).filter((call) => call.kind === 'summary');
    const cost = calls.reduce((sum, call) => sum + call.cost, 0);
    notes.push(
      `summarize: the summaries are simulated (extracted text, no model was called); the ${calls.length} calls that would write them are billed: ${formatUsd(cost)}.`,
    );
  }
  const reason = savingReason(run);
  if (reason !== undefined) notes.push(`${reason}.`);
  if (run.totals.refusedCalls > 0) {
    notes.push(
      `${run.strategy}: ${formatTokens(run.totals.refusedCalls)} of ${formatTokens(run.totals.calls)} calls were over the ${formatTokens(run.limit)}-token window: the API refuses them (context_length_exceeded) and bills nothing, so they add nothing to the spend` +
        (run.strategy === 'keep-all' ? '; a strategy that spends more but fits gets answers for it.' : '.'),
    );
  }
  if (run.cache && !canCache(model)) notes.push(`--cache: ${model.id} has no cached-input price in the catalog, so caching changes nothing.`);
  if (run.cache && canCache(model)) {
    notes.push(
      `${run.strategy} with --cache: ${formatTokens(run.totals.cachedTokens)} of ${formatTokens(run.totals.inputTokens)} input tokens billed at the cached price` +
        (run.totals.cacheWriteTokens > 0 ? `, ${formatTokens(run.totals.cacheWriteTokens)} at the cache-write price` : '') +
        '; caching lowers the price of repeated input, not its place in the window (the token figures are unchanged).',
    );
  }
  return notes;
}
