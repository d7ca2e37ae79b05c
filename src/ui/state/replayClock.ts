/**
 * Autoplay's schedule, pure: the hook's timer only says what time it is (`replay/tick` with `now`),
 * and the reducer applies every turn the rate has asked for by then. A timer that fires late, or a
 * turn still being counted, never costs the turns it delayed: they all go at the next tick. (One
 * turn per tick, waiting while the last one counted, made `--speed 100` play about 5 turns a second.)
 */
export interface ReplayClock {
  /** When play started, or the speed last changed (ms, the hook's clock). */
  readonly since: number;
  /** Turns asked for since then. */
  readonly asked: number;
  /** Replayed turns on screen (counted) at `since`: the achieved rate is measured from there. */
  readonly shownAtStart: number;
}

/** What `+` and `-` step through while playing; `--speed` may start between two of them. */
export const SPEED_STEPS: readonly number[] = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100];

/** The next speed up (direction 1) or down (-1) from `speed`; the ends stay where they are. */
export function steppedSpeed(speed: number, direction: 1 | -1): number {
  if (direction > 0) return SPEED_STEPS.find((step) => step > speed) ?? Math.max(speed, SPEED_STEPS[SPEED_STEPS.length - 1]!);
  return SPEED_STEPS.findLast((step) => step < speed) ?? Math.min(speed, SPEED_STEPS[0]!);
}

/** Turns due at `now` that were not asked for yet: every 1/speed s since `since` is one. */
export function turnsDue(clock: ReplayClock, speed: number, now: number): number {
  return Math.max(0, Math.floor(((now - clock.since) * speed) / 1000) - clock.asked);
}

/** The achieved rate shows once play has run this long (before, one turn more or less swings it). */
export const RATE_AFTER_MS = 1000;

/** Turns shown per second since `since`, to one decimal; undefined for the first second. */
export function achievedRate(clock: ReplayClock, shown: number, now: number): number | undefined {
  const elapsed = now - clock.since;
  if (elapsed < RATE_AFTER_MS) return undefined;
  return Math.round(((shown - clock.shownAtStart) * 10_000) / elapsed) / 10;
}

/** Ink draws at most this many frames a second (its `maxFps`, 30 by default). */
export const FRAMES_PER_SECOND = 30;

/**
 * How often the hook's timer fires: once a turn, but at most once a frame Ink draws; above that a
 * tick applies several turns. Each tick renders the whole dashboard (React, then Yoga's layout),
 * so a tick between two frames drawn was work no one saw: at 60 ticks a second `--speed 100`
 * spent half its time on it.
 */
export function tickPeriod(speed: number): number {
  return Math.max(1000 / speed, Math.ceil(1000 / FRAMES_PER_SECOND));
}
