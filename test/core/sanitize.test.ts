import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTerminalSafe, sanitizeLine, sanitizeText, stringifyTerminalSafe } from '../../src/core/sanitize.js';

/** What must never reach a terminal from sanitized text (multi-line output may keep \n and \t). */
const FORBIDDEN_MULTI_LINE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;
const FORBIDDEN_SINGLE_LINE = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

const hex = (code: number, width: number) => code.toString(16).padStart(width, '0');
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('sanitizeText: every C0 and C1 control, DEL', () => {
  const named: Record<number, string> = { 0: '\\0', 7: '\\a', 8: '\\b', 11: '\\v', 12: '\\f', 13: '\\r', 27: '\\e' };

  it.each(range(0, 0x1f).filter((code) => code !== 9 && code !== 10))('C0 U+%s is shown as a visible escape', (code) => {
    const expected = named[code] ?? `\\x${hex(code, 2)}`;
    expect(sanitizeText(`a${String.fromCharCode(code)}b`)).toBe(`a${expected}b`);
    expect(sanitizeLine(`a${String.fromCharCode(code)}b`)).toBe(`a${expected}b`);
  });

  it('DEL is \\x7f', () => {
    expect(sanitizeText('a\x7fb')).toBe('a\\x7fb');
  });

  it.each(range(0x80, 0x9f))('C1 U+%s is shown as \\u00XX', (code) => {
    expect(sanitizeText(`a${String.fromCharCode(code)}b`)).toBe(`a\\u${hex(code, 4)}b`);
    expect(sanitizeLine(String.fromCharCode(code))).toBe(`\\u${hex(code, 4)}`);
  });

  it('keeps newlines and tabs in multi-line text, and shows a Windows line end as a newline', () => {
    expect(sanitizeText('one\ttwo\nthree\r\nfour')).toBe('one\ttwo\nthree\nfour');
  });

  it('expands tabs to spaces when asked', () => {
    expect(sanitizeText('a\tb\x1b', { tabWidth: 2 })).toBe('a  b\\e');
  });

  it('escapes newlines, tabs and CR on a single line', () => {
    expect(sanitizeLine('one\ttwo\nthree\r\nfour')).toBe('one\\ttwo\\nthree\\r\\nfour');
  });

  it('escapes a lone carriage return, which would overwrite the line', () => {
    expect(sanitizeText('rm -rf /\rls')).toBe('rm -rf /\\rls');
  });
});

describe('sanitizeText: escape sequences', () => {
  it.each([
    ['title change (OSC, BEL)', '\x1b]0;pwned\x07', '\\e]0;pwned\\a'],
    ['title change (OSC, ST)', '\x1b]2;pwned\x1b\\', '\\e]2;pwned\\e\\'],
    ['hyperlink (OSC 8)', '\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\', '\\e]8;;http://evil\\e\\click\\e]8;;\\e\\'],
    ['clear screen', '\x1b[2J\x1b[H', '\\e[2J\\e[H'],
    ['colour', '\x1b[31mred\x1b[0m', '\\e[31mred\\e[0m'],
    ['cursor up and erase line', 'ok\x1b[1A\x1b[2K', 'ok\\e[1A\\e[2K'],
    ['cursor position', '\x1b[10;20H', '\\e[10;20H'],
    ['save / restore cursor', '\x1b7x\x1b8', '\\e7x\\e8'],
    ['DCS', '\x1bPq#0;2;0;0;0\x1b\\', '\\ePq#0;2;0;0;0\\e\\'],
    ['8-bit CSI', '\u009b2J', '\\u009b2J'],
    ['8-bit OSC with 8-bit ST', '\u009d0;pwned\u009c', '\\u009d0;pwned\\u009c'],
    ['8-bit DCS', '\u0090q\u009c', '\\u0090q\\u009c'],
    ['truncated CSI', 'tail\x1b[', 'tail\\e['],
    ['lone ESC', '\x1b', '\\e'],
    ['invalid CSI', '\x1b[99999999999999;;;;;;~z', '\\e[99999999999999;;;;;;~z'],
    ['unterminated OSC', '\x1b]0;never ends', '\\e]0;never ends'],
    ['bell and backspaces', 'ding\x07\b\b\bX', 'ding\\a\\b\\b\\bX'],
  ])('%s', (_name, input, shown) => {
    expect(sanitizeText(input)).toBe(shown);
    expect(sanitizeLine(input)).toBe(shown);
  });
});

describe('sanitizeText: bidi controls and zero-width characters', () => {
  it.each(range(0x202a, 0x202e).concat(range(0x2066, 0x2069)))('bidi control U+%s is escaped', (code) => {
    expect(sanitizeText(`x${String.fromCharCode(code)}y`)).toBe(`x\\u${hex(code, 4)}y`);
  });

  it('defuses a Trojan Source line', () => {
    const trojan = 'access = "user\u202e \u2066// admin\u2069 \u2066"';
    expect(sanitizeText(trojan)).toBe('access = "user\\u202e \\u2066// admin\\u2069 \\u2066"');
  });

  it('keeps ZWJ emoji sequences, ZWNJ, and the bidi marks of right-to-left text', () => {
    const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}';
    const persian = 'می\u200Cخواهم';
    const hebrew = 'שלום\u200F!';
    for (const text of [family, persian, hebrew]) expect(sanitizeText(text)).toBe(text);
  });

  it('escapes the Unicode line and paragraph separators', () => {
    expect(sanitizeText('a\u2028b\u2029c')).toBe('a\\u2028b\\u2029c');
  });

  it('leaves ordinary text, accents, CJK and backslashes as they are', () => {
    const text = 'Héllo 世界 C:\\path\\to\\file "quoted" \\e not an escape';
    expect(sanitizeText(text)).toBe(text);
    expect(sanitizeLine(text)).toBe(text);
    expect(isTerminalSafe(text)).toBe(true);
    expect(isTerminalSafe('a\x1bb')).toBe(false);
  });
});

describe('sanitize properties', () => {
  const control = fc.constantFrom(
    ...range(0, 0x1f).concat(range(0x7f, 0x9f), range(0x202a, 0x202e), range(0x2066, 0x2069), [0x2028, 0x2029, 0x200d]).map((c) =>
      String.fromCharCode(c),
    ),
  );
  const hostile = fc
    .array(fc.oneof(fc.string({ unit: 'binary' }), control, fc.constantFrom('\x1b[', '\x1b]0;', '\r\n', '\x07')), { maxLength: 40 })
    .map((parts) => parts.join(''));

  it('multi-line output never holds a C0 control but \\n and \\t, nor DEL, C1, ESC, bidi controls', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        expect(sanitizeText(text)).not.toMatch(FORBIDDEN_MULTI_LINE);
        expect(sanitizeText(text, { tabWidth: 4 })).not.toMatch(/[\t]/);
      }),
      { numRuns: 2000 },
    );
  });

  it('single-line output holds no control at all, newline and tab included', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        expect(sanitizeLine(text)).not.toMatch(FORBIDDEN_SINGLE_LINE);
      }),
      { numRuns: 2000 },
    );
  });

  it('text with nothing to escape is returned unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        fc.pre(!FORBIDDEN_MULTI_LINE.test(text) && !text.includes('\r'));
        expect(sanitizeText(text)).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  it('sanitizes a 1 MB line in linear time', () => {
    const line = 'Error: \x1b[31mConnection Refused\x1b[0m \u202e '.repeat(30_000);
    expect(line.length).toBeGreaterThan(1_000_000);
    const started = performance.now();
    const shown = sanitizeLine(line);
    const elapsed = performance.now() - started;
    expect(shown).not.toMatch(FORBIDDEN_SINGLE_LINE);
    expect(shown.startsWith('Error: \\e[31mConnection Refused\\e[0m \\u202e Error')).toBe(true);
    // A quadratic pass would take minutes on a million characters; linear takes milliseconds.
    expect(elapsed).toBeLessThan(2_000);
  });
});

describe('stringifyTerminalSafe', () => {
  it('writes every control as a \\u escape and parses back to the same value', () => {
    const value = { text: '\x1b]0;pwned\x07 \u009b2J \u202eevil\u2069 \x7f \u2028', n: 1 };
    const json = stringifyTerminalSafe(value);
    expect(json).toBe('{"text":"\\u001b]0;pwned\\u0007 \\u009b2J \\u202eevil\\u2069 \\u007f \\u2028","n":1}');
    expect(JSON.parse(json)).toEqual(value);
  });

  it('is lossless and terminal-safe on any value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, text) => {
        const json = stringifyTerminalSafe({ value, text }, 2);
        expect(json).not.toMatch(FORBIDDEN_MULTI_LINE);
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify({ value, text })));
      }),
      { numRuns: 1000 },
    );
  });
});
