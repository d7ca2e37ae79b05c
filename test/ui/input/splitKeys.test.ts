import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseKey } from '../../../src/ui/input/parseKey.js';
import { splitKeys } from '../../../src/ui/input/splitKeys.js';

describe('splitKeys', () => {
  // One read from the terminal, and the keys in it.
  it.each<[string, string, string[]]>([
    ['two Ctrl+B tapped together', '\x02\x02', ['\x02', '\x02']],
    ['Ctrl+N twice', '\x0e\x0e', ['\x0e', '\x0e']],
    ['a held Backspace', '\x7f\x7f\x7f', ['\x7f', '\x7f', '\x7f']],
    ['a word and Enter', 'quick\r', ['quick', '\r']],
    ['text, Ctrl+B, text', 'ab\x02cd', ['ab', '\x02', 'cd']],
    ['arrows', '\x1b[D\x1b[D\x1b[C', ['\x1b[D', '\x1b[D', '\x1b[C']],
    ['SS3 arrows and Home', '\x1bOA\x1bOH', ['\x1bOA', '\x1bOH']],
    ['Ctrl+Left with its modifier', '\x1b[1;5Dx', ['\x1b[1;5D', 'x']],
    ['PageUp, then text', '\x1b[5~hi', ['\x1b[5~', 'hi']],
    ["the Linux console's PageUp", '\x1b[[5~', ['\x1b[[5~']],
    ['Alt+B, then text', '\x1bbar', ['\x1bb', 'ar']],
    ['Alt+Enter between text', 'one\x1b\rtwo', ['one', '\x1b\r', 'two']],
    ['Alt+Left as Esc and Left', '\x1b\x1b[D', ['\x1b\x1b[D']],
    ['Alt+Backspace', '\x1b\x7f', ['\x1b\x7f']],
    ['Esc at the end of the read', 'x\x1b', ['x', '\x1b']],
    ['Alt+Esc', '\x1b\x1b', ['\x1b\x1b']],
    ['a CSI cut off by the end of the read', 'a\x1b[1;', ['a', '\x1b[1;']],
    ['an SGR colour (hostile text typed as keys)', '\x1b[31mred', ['\x1b[31m', 'red']],
    ['a C1 control inside text', 'a\u009bb', ['a', '\u009b', 'b']],
    ['emoji and CJK as text', '👍🏽 漢字', ['👍🏽 漢字']],
    ['Alt with an astral character', '\x1b😀x', ['\x1b😀', 'x']],
  ])('%s: %j', (_name, read, keys) => {
    expect(splitKeys(read)).toEqual(keys);
  });

  it('never lets a control character into text', () => {
    for (const key of splitKeys('a\x00b\x07c\x1b[31md\x7fe\u0085f')) {
      const parsed = parseKey(key);
      if (parsed.name === 'text') expect(parsed.text).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
    }
  });

  // Keys as a terminal sends them: any sequence of them, sent in one read, splits back into the same
  // keys (neighbouring runs of text are one run: nothing tells them apart).
  const printable = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '7', 'é', '漢', '👍', '\u0301', '~', '['), minLength: 1, maxLength: 6 });
  const control = fc.integer({ min: 0, max: 0x1f }).filter((code) => code !== 0x1b).map((code) => String.fromCharCode(code));
  const c1 = fc.integer({ min: 0x80, max: 0x9f }).map((code) => String.fromCharCode(code));
  const csi = fc
    .tuple(fc.constantFrom('', '1', '1;5', '3', '5', '200', '?2004'), fc.constantFrom('A', 'B', 'C', 'D', 'H', 'F', '~', 'Z', 'm', 'u'))
    .map(([params, final]) => `\x1b[${params}${final}`);
  const ss3 = fc.constantFrom('A', 'B', 'C', 'D', 'H', 'F', 'P').map((final) => `\x1bO${final}`);
  const alt = fc.constantFrom('b', 'f', 'x', '\r', '\x7f', '\x02', '😀').map((key) => `\x1b${key}`);
  const altSequence = fc.constantFrom('\x1b\x1b[D', '\x1b\x1b[C', '\x1b\x1bOA');
  const key = fc.oneof(printable, control, c1, csi, ss3, alt, altSequence, fc.constant('\x7f'));

  function mergeText(keys: readonly string[]): string[] {
    const merged: string[] = [];
    for (const k of keys) {
      const last = merged[merged.length - 1];
      if (last !== undefined && parseKey(last).name === 'text' && parseKey(k).name === 'text') merged[merged.length - 1] = last + k;
      else merged.push(k);
    }
    return merged;
  }

  it('splits any keys sent together back into those keys', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 12 }), fc.boolean(), (keys, escLast) => {
        const sent = escLast ? [...keys, '\x1b'] : keys;
        expect(splitKeys(sent.join(''))).toEqual(mergeText(sent));
      }),
    );
  });
});
