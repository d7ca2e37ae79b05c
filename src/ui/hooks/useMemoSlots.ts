import { useCallback, useRef } from 'react';
import type { Memo } from '../view/dashboardView.js';

/**
 * A `Memo` for a pure view model, kept across renders like useMemo: each slot's value is computed
 * again only when one of its deps changes (===), from its last value where it grows (a turn's
 * rows appended to the conversation's). Unlike useMemo it can be called from plain functions, so
 * the view model stays a function of its inputs.
 */
export function useMemoSlots(): Memo {
  const slots = useRef(new Map<string, { readonly deps: readonly unknown[]; readonly value: unknown }>());
  return useCallback(<T,>(slot: string, deps: readonly unknown[], compute: (previous: T | undefined) => T): T => {
    const kept = slots.current.get(slot);
    if (kept && kept.deps.length === deps.length && kept.deps.every((dep, i) => dep === deps[i])) return kept.value as T;
    const value = compute(kept?.value as T | undefined);
    slots.current.set(slot, { deps, value });
    return value;
  }, []);
}
