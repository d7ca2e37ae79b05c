/** Display formats shared by the plain-text commands and the dashboard, so both print the same figures. */
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatTokens(tokens: number): string {
  return integer.format(tokens);
}

export function formatPercent(percent: number, digits = 1): string {
  return `${percent.toFixed(digits)}%`;
}

/**
 * Dollars with enough decimals to show a one-token difference at list prices. Rounded clean first
 * (`roundUsd`), so a figure shows the same digits whether a view formats the sum or its JSON value.
 */
export function formatUsd(usd: number, digits = 5): string {
  return `$${roundUsd(usd).toFixed(digits)}`;
}

export function formatPricePerMillion(usd: number): string {
  return `$${Number(usd.toFixed(4))}`;
}

/** Costs summed in floating point carry noise past the 12th decimal; JSON shows them clean. */
export function roundUsd(usd: number): number {
  return Number(usd.toFixed(12));
}

export function roundPercent(percent: number): number {
  return Number(percent.toFixed(4));
}
