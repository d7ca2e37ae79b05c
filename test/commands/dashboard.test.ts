import { describe, expect, it } from 'vitest';
import { colorWanted, parseDump, parseSpeed } from '../../src/commands/dashboard.js';
import { LESSON_LOG_DUMP } from '../../src/core/lesson.js';
import { InputError } from '../../src/errors.js';

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
    for (const bad of ['0', '-1', 'fast', '', '1000']) expect(() => parseSpeed(bad)).toThrow(/--speed/);
  });

  it('NO_COLOR, set and not empty, turns colour off', () => {
    expect(colorWanted({})).toBe(true);
    expect(colorWanted({ NO_COLOR: '' })).toBe(true);
    expect(colorWanted({ NO_COLOR: '1' })).toBe(false);
  });
});
