import { BudgetError, type BudgetScope } from '../errors.js';

/** Budgets in USD; any left out is unlimited. */
export interface Budgets {
  /** What one guarded client (one session) may spend. */
  readonly session?: number;
  /** What each user key may spend, over every session sharing the store. */
  readonly perUser?: number;
  /** What all calls of one UTC day may spend, over every session sharing the store. */
  readonly perDay?: number;
}

/**
 * Where spend is kept. In memory by default; pass one store to several guarded clients so that
 * per-user and per-day budgets span them (or implement it over a database for several processes).
 */
export interface SpendStore {
  spent(key: string): number;
  add(key: string, usd: number): void;
}

export function createSpendStore(): SpendStore {
  const spent = new Map<string, number>();
  return {
    spent: (key) => spent.get(key) ?? 0,
    add: (key, usd) => void spent.set(key, (spent.get(key) ?? 0) + usd),
  };
}

/** A budget passed a threshold (a fraction: 0.5, 0.8, 1) after a call was booked. */
export interface ThresholdEvent {
  readonly scope: BudgetScope;
  readonly key: string;
  readonly threshold: number;
  readonly budget: number;
  readonly spent: number;
}

export const DEFAULT_THRESHOLDS: readonly number[] = [0.5, 0.8, 1];

interface Scoped {
  readonly scope: BudgetScope;
  readonly key: string;
  readonly storeKey: string;
  readonly budget: number | undefined;
}

/** The budgets one call is under: its session, its user (if known) and its day. */
export function scopesOf(budgets: Budgets, session: string, user: string | undefined, day: string): Scoped[] {
  const scopes: Scoped[] = [{ scope: 'session', key: session, storeKey: `session:${session}`, budget: budgets.session }];
  if (user !== undefined) scopes.push({ scope: 'user', key: user, storeKey: `user:${user}`, budget: budgets.perUser });
  scopes.push({ scope: 'day', key: day, storeKey: `day:${day}`, budget: budgets.perDay });
  return scopes;
}

/** Throws a BudgetError for the first budget that `projected` more would pass. */
export function checkBudgets(scopes: readonly Scoped[], store: SpendStore, projected: number, estimate: boolean): void {
  for (const { scope, key, storeKey, budget } of scopes) {
    if (budget === undefined) continue;
    const spent = store.spent(storeKey);
    if (spent + projected > budget) throw new BudgetError({ scope, key, budget, spent, projected, estimate });
  }
}

/** Books a call's cost in every scope; returns the thresholds it took a budget past. */
export function bookSpend(scopes: readonly Scoped[], store: SpendStore, cost: number, thresholds: readonly number[]): ThresholdEvent[] {
  const crossed: ThresholdEvent[] = [];
  for (const { scope, key, storeKey, budget } of scopes) {
    const before = store.spent(storeKey);
    store.add(storeKey, cost);
    if (budget === undefined || budget <= 0) continue;
    const after = before + cost;
    for (const threshold of thresholds) {
      if (before < threshold * budget && after >= threshold * budget) crossed.push({ scope, key, threshold, budget, spent: after });
    }
  }
  return crossed;
}

/** The UTC day of a time, YYYY-MM-DD. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}
