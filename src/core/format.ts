/** Display formats shared by the plain-text commands and the dashboard, so both print the same figures. */
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatTokens(tokens: number): string {
  return integer.format(tokens);
}

export function formatPercent(percent: number, digits = 1): string {
  return `${percent.toFixed(digits)}%`;
}

/**
 * Dollars as a reader wants them, the one rule every text surface (dashboard, text reports,
 * compare, Markdown export) uses: cents from a dollar up (`$10.91`, `$1,234.50`); below it two
 * significant digits, at least the cents (`$0.30`, `$0.025`, `$0.05`); sub-cent sums keep their two
 * digits (`$0.00030`, `$0.0087`), so a cheap call never shows as free. Rounded clean first
 * (`roundUsd`). JSON and CSV keep the full number: they are for machines.
 */
export function formatUsd(usd: number): string {
  const clean = roundUsd(usd);
  const sign = clean < 0 ? '-' : '';
  const size = Math.abs(clean);
  const text = size === 0 || size >= 1 ? cents.format(size) : size < 0.01 ? subCent.format(size) : belowDollar.format(Number(size.toPrecision(2)));
  return `${sign}$${text}`;
}

const cents = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const belowDollar = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 3 });
const subCent = new Intl.NumberFormat('en-US', { minimumSignificantDigits: 2, maximumSignificantDigits: 2 });

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
