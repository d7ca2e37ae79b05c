import { formatPricePerMillion, formatTokens, formatUsd } from '../../core/format.js';
import type { StrategyView } from './strategyView.js';

export interface BannerBlock {
  readonly lines: readonly string[];
  /** White on red (over a limit), or amber (a warning). */
  readonly over: boolean;
}

/** The longest of `choices` that fits `room` columns; the last one is the shortest. */
const fitting = (choices: readonly string[], room: number) => choices.find((text) => text.length <= room) ?? choices[choices.length - 1]!;

/**
 * Banners beside the context limit's: the budget crossed (`--budget`), and the next call billed
 * at a higher price tier (claude-sonnet-4 above 200,000 input tokens).
 */
export function accountBanners(view: StrategyView, width: number): BannerBlock[] {
  const room = width - 2;
  const blocks: BannerBlock[] = [];
  const { projection, tier } = view;
  if (projection && projection.budgetCrossedAt !== null) {
    const spent = formatUsd(projection.spent);
    const budget = formatUsd(projection.budget ?? 0);
    blocks.push({
      over: true,
      lines: [
        fitting(
          [
            `Budget exceeded: spent ${spent} of ${budget}, over it after message #${projection.budgetCrossedAt + 1}`,
            `Budget exceeded: ${spent} of ${budget}`,
            'Budget exceeded',
          ],
          room,
        ),
      ],
    });
  }
  if (tier) {
    const prices = `${formatPricePerMillion(tier.tier.inputPerMillion)} in / ${formatPricePerMillion(tier.tier.outputPerMillion)} out per 1M`;
    blocks.push({
      over: false,
      lines: [
        fitting(
          [
            `Price tier: the next call sends ${formatTokens(tier.usedTokens)} tokens, above ${formatTokens(tier.tier.aboveInputTokens)}: all of it billed at ${prices}`,
            `Price tier: next call above ${formatTokens(tier.tier.aboveInputTokens)} tokens, ${prices}`,
            `Price tier above ${formatTokens(tier.tier.aboveInputTokens)}`,
          ],
          room,
        ),
      ],
    });
  }
  return blocks;
}
