import { describe, expect, it } from 'vitest';
import { colorWanted, parseDump, parseSpeed, withoutFetch } from '../../src/commands/dashboard.js';
import { LESSON_LOG_DUMP } from '../../src/core/lesson.js';
import { InputError } from '../../src/core/errors.js';

describe('dashboard flags', () => {
  it("--dump: the lesson's log by default, or generated log lines of the size asked for", () => {
    expect(parseDump()()).toBe(LESSON_LOG_DUMP);
    expect(parseDump('lesson')()).toBe(LESSON_LOG_DUMP);
    expect(parseDump('log:50kb')()).toHaveLength(50 * 1024);
    expect(parseDump('log:1.5MB')()).toHaveLength(1.5 * 1024 * 1024);
    expect(parseDump('log:800')()).toHaveLength(800);
    expect(() => parseDump('log:65mb')).toThrow(InputError);
    expect(() => parseDump('logs')).toThrow(/--dump must be/);
  });

  it('--speed: turns per second, above 0', () => {
    expect(parseSpeed(undefined)).toBe(1);
    expect(parseSpeed('2.5')).toBe(2.5);
    for (const bad of ['0', '-1', 'fast', '', '1000', '1e-320', '0.001']) expect(() => parseSpeed(bad)).toThrow(/--speed/);
  });

  it('NO_COLOR, set and not empty, turns colour off', () => {
    expect(colorWanted({})).toBe(true);
    expect(colorWanted({ NO_COLOR: '' })).toBe(true);
    expect(colorWanted({ NO_COLOR: '1' })).toBe(false);
  });
});

describe('withoutFetch (loading the UI without yoga fetching its WebAssembly)', () => {
  it('hides the global fetch while the UI loads, then puts the same one back', async () => {
    const before = globalThis.fetch;
    const seen = await withoutFetch(async () => typeof globalThis.fetch);
    expect(seen).toBe('undefined');
    expect(globalThis.fetch).toBe(before);
  });

  it('puts fetch back when the load fails, and the failure still reaches the caller', async () => {
    const before = globalThis.fetch;
    await expect(withoutFetch(() => Promise.reject(new Error('no UI')))).rejects.toThrow('no UI');
    expect(globalThis.fetch).toBe(before);
  });
});
