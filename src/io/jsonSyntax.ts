/**
 * Where a JSON text first goes wrong. V8's JSON.parse messages give a position only for some
 * errors, and quote the text (which may hold terminal escapes); this strict scan gives the offset
 * of the first error and a reason that quotes at most one character, escaped.
 */
export interface JsonSyntaxError {
  readonly offset: number;
  readonly reason: string;
}

const WORDS = ['true', 'false', 'null'];

export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const fail = (reason: string): never => {
    throw { offset: i, reason } satisfies JsonSyntaxError;
  };
  const unexpected = (): never => fail(i >= text.length ? 'unexpected end of input' : `unexpected ${JSON.stringify(text[i])}`);
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const expect = (char: string, what: string) => {
    space();
    if (text[i] !== char) fail(i >= text.length ? `unexpected end of input, expected ${what}` : `expected ${what}, found ${JSON.stringify(text[i])}`);
    i++;
  };
  const string = () => {
    i++;
    for (;;) {
      const char = text[i];
      if (char === undefined) fail('unterminated string');
      if (char === '"') return void i++;
      if (char! < ' ') fail(`control character ${JSON.stringify(char)} in a string`);
      if (char === '\\') {
        const escape = text[i + 1];
        if (escape === 'u') {
          i += 2;
          for (let k = 0; k < 4; k++, i++) if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail('bad \\u escape in a string');
        } else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) i += 2;
        else {
          i++; // JSON.parse points past the backslash
          fail('bad escape in a string');
        }
      } else i++;
    }
  };
  const value = (depth: number): void => {
    if (depth > 10_000) fail('nested too deeply');
    space();
    const char = text[i];
    if (char === '"') return string();
    if (char === '{' || char === '[') return container(char, depth);
    if (char !== undefined && /[-\d]/.test(char)) return number();
    const word = WORDS.find((w) => w[0] === char);
    if (word === undefined) return unexpected();
    // Like JSON.parse, point at the first character that breaks the word.
    for (const letter of word) {
      if (text[i] !== letter) unexpected();
      i++;
    }
  };
  const digits = (what: string) => {
    const start = i;
    while (i < text.length && text[i]! >= '0' && text[i]! <= '9') i++;
    if (i === start) fail(what);
  };
  const number = () => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits('no digit after the minus sign');
    if (text[i] === '.') {
      i++;
      digits('no digit after the decimal point');
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits('no digit in the exponent');
    }
  };
  const container = (open: string, depth: number) => {
    const close = open === '{' ? '}' : ']';
    i++;
    space();
    if (text[i] === close) return void i++;
    for (;;) {
      if (open === '{') {
        space();
        if (text[i] !== '"') fail(i >= text.length ? 'unexpected end of input' : `expected a property name, found ${JSON.stringify(text[i])}`);
        string();
        expect(':', '":"');
      }
      value(depth + 1);
      space();
      if (text[i] === ',') {
        i++;
        continue;
      }
      expect(close, `"," or "${close}"`);
      return;
    }
  };
  try {
    value(0);
    space();
    if (i < text.length) fail(`unexpected ${JSON.stringify(text[i])} after the JSON value`);
    return undefined;
  } catch (error) {
    if (error instanceof RangeError) return { offset: i, reason: 'nested too deeply' };
    return error as JsonSyntaxError;
  }
}
