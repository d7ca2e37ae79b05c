/**
 * Loops where `Math.max(...values)` and `push(...items)` would do: spreading an array into a
 * call's arguments puts every item on the stack, and past ~120,000 items (a long session's calls,
 * a message's backtick runs) that is `RangeError: Maximum call stack size exceeded`.
 */

/** The largest of `values`, never below `floor` (what an empty list gives). */
export function largest(values: Iterable<number>, floor = -Infinity): number {
  let max = floor;
  for (const value of values) if (value > max) max = value;
  return max;
}

/** Appends every item to `target` (in place) and returns it. */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
