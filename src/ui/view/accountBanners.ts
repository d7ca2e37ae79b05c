import { formatPricePerMillion, formatTokens, formatUsd } from '../../core/format.js';
import { fittingLines } from './frameText.js';
import type { StrategyView } from './strategyView.js';

export interface BannerBlock {
  readonly lines: readonly string[];
  /** White on red (over a limit), or amber (a warning). */
  readonly over: boolean;
}

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
      // Shortened to the spend and the budget, never without them.
      lines: fittingLines(
        [
          `Budget exceeded: spent ${spent} of ${budget}, over it after message #${projection.budgetCrossedAt + 1}`,
          `Budget exceeded: spent ${spent} of ${budget}`,
          `Budget exceeded: ${spent} of ${budget}`,
          `Over budget: ${spent} of ${budget}`,
          `Budget: ${spent} / ${budget}`,
        ],
        room,
      ),
    });
  }
  if (tier) {
    const inPrice = formatPricePerMillion(tier.tier.inputPerMillion);
    const outPrice = formatPricePerMillion(tier.tier.outputPerMillion);
    const prices = `${inPrice} in / ${outPrice} out per 1M`;
    const above = formatTokens(tier.tier.aboveInputTokens);
    blocks.push({
      over: false,
      lines: fittingLines(
        [
          `Price tier: the next call sends ${formatTokens(tier.usedTokens)} tokens, above ${above}: all of it billed at ${prices}`,
          `Price tier: next call above ${above} tokens, ${prices}`,
          `Price tier above ${above}: ${prices}`,
          `Tier above ${above}: ${inPrice} in / ${outPrice} out`,
          `Tier >${above}: ${inPrice} / ${outPrice}`,
        ],
        room,
      ),
    });
  }
  return blocks;
}
