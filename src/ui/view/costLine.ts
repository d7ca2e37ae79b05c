import type { ModelEntry } from '../../core/catalog.js';
import { formatPercent, formatPricePerMillion, formatTokens, formatUsd } from '../../core/format.js';
import type { RunStatus } from '../../core/runStatus.js';
import type { Saving } from '../../core/strategies/compareStrategies.js';

/** A run of the cost panel's text: a figure (bold), the saving (coloured by its sign), or words. */
export interface CostSegment {
  readonly text: string;
  readonly style?: 'figure' | 'saving';
}

const plural = (count: number, word: string) => `${formatTokens(count)} ${word}${count === 1 ? '' : 's'}`;

/** "5 calls", "5 calls, 2 refused" ("2 refused" where room is short): refused calls are made, and bill nothing. */
export function callsText(status: RunStatus, room = Infinity): string {
  if (status.refusedCalls === 0) return plural(status.calls, 'call');
  const long = `${plural(status.calls, 'call')}, ${formatTokens(status.refusedCalls)} refused`;
  return long.length <= room ? long : `${formatTokens(status.refusedCalls)} refused`;
}

/** After the next call's price when the API would refuse it (the price is what it would bill); shorter where room is short. */
export function refusedText(status: RunStatus, room = Infinity): string {
  if (!status.overLimit) return '';
  const long = ` · refused: ${formatTokens(status.usedTokens - status.limit)} over the window`;
  return long.length <= room ? long : ' · refused';
}

/** "saving $0.90099 (59.6%)", or "costs $0.01 more (3.0%)"; "saves 59.6%" where room is short. */
export function savingText(saving: Saving, room = Infinity): string {
  // A saving against calls the API refuses means nothing: say why keep-all spent less.
  if (saving.keepAllRefused > 0) {
    const long = `${formatTokens(saving.keepAllRefused)} of ${plural(saving.keepAllCalls, 'call')} refused`;
    return long.length <= room ? long : `${formatTokens(saving.keepAllRefused)} refused`;
  }
  const more = saving.saving < 0;
  const percent = saving.percent === undefined ? undefined : formatPercent(Math.abs(saving.percent));
  const amount = formatUsd(Math.abs(saving.saving));
  const long = more ? `costs ${amount} more${percent ? ` (${percent})` : ''}` : `saving ${amount}${percent ? ` (${percent})` : ''}`;
  if (long.length <= room || percent === undefined) return long;
  return more ? `costs ${percent} more` : `saves ${percent}`;
}

const figure = (text: string): CostSegment => ({ text, style: 'figure' });
const words = (text: string): CostSegment => ({ text });
const length = (line: readonly CostSegment[]) => line.reduce((sum, segment) => sum + segment.text.length, 0);

/**
 * The cost panel's one-line form (where it has fewer than 4 rows) at `width` columns: the first of
 * its forms, longest first, that fits. Words shorten and the least needed part goes ("refused",
 * which the banner says too; the count of calls), so a figure is never cut by the row's end: at
 * 80 x 24 "next $0.30 · refused · spent $0.00 · …" lost its count of calls to the cut.
 */
export function compactCostLine(status: RunStatus, saving: Saving | undefined, width: number, withCalls: boolean): CostSegment[] {
  const next = figure(formatUsd(status.nextCallCost));
  const spent = figure(formatUsd(status.cumulativeCost));
  const refused = words(refusedText(status, 0));
  const forms: CostSegment[][] = [];
  if (saving) {
    // Under a strategy the spend and the saving come first: the gauge already gives the next call's size.
    const head = [words('spent '), spent, words(' · '), { text: savingText(saving, 0), style: 'saving' as const }];
    forms.push([...head, words(' · next call '), next, refused], [...head, words(' · next '), next, refused], [...head, words(' · next '), next], head);
  } else {
    // The room for the refusal's and the calls' longer words, after the figures.
    const room = (width - 30) / 2;
    const calls = (text: string) => (withCalls ? [words(` · ${text}`)] : []);
    const nextLabel = words(width < 44 ? 'next ' : 'next call ');
    forms.push(
      [nextLabel, next, words(refusedText(status, room)), words(' · spent '), spent, ...calls(callsText(status, room))],
      [words('next '), next, refused, words(' · spent '), spent, ...calls(callsText(status, 0))],
      [words('next '), next, refused, words(' · spent '), spent],
      [words('next '), next, words(' · spent '), spent],
    );
  }
  return forms.find((line) => length(line) <= width) ?? forms[forms.length - 1]!;
}

/** The prices behind the costs, at `width`: the model's name and the words go before a price does. */
export function pricesLine(model: Pick<ModelEntry, 'id' | 'inputPerMillion' | 'outputPerMillion' | 'estimate'>, width: number): string {
  const input = formatPricePerMillion(model.inputPerMillion);
  const output = formatPricePerMillion(model.outputPerMillion);
  // A stand-in tokenizer's counts make every cost here an estimate: said beside the prices.
  const estimate = model.estimate ? ' · estimates' : '';
  const forms = [
    `${model.id}: ${input} in / ${output} out per 1M${estimate}`,
    `${model.id}: ${input} / ${output} per 1M${model.estimate ? ' · est.' : ''}`,
    `${input} in / ${output} out per 1M${estimate}`,
    `${input} / ${output} per 1M${model.estimate ? ' est.' : ''}`,
  ];
  return forms.find((line) => line.length <= width) ?? forms[forms.length - 1]!;
}
