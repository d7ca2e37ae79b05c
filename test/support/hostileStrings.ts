/**
 * Text a conversation file may carry to attack or confuse a terminal, a table or a parser. Each
 * entry is ordinary JSON-encodable text; the invalid UTF-8 entries are bytes.
 */
export const HOSTILE_STRINGS: readonly (readonly [name: string, text: string])[] = [
  ['window title (OSC 0, BEL)', '\x1b]0;pwned\x07'],
  ['window title (OSC 2, ST)', '\x1b]2;pwned\x1b\\'],
  ['hyperlink (OSC 8)', '\x1b]8;;https://evil.example\x1b\\click me\x1b]8;;\x1b\\'],
  ['clipboard write (OSC 52)', '\x1b]52;c;cm0gLXJmIH4=\x07'],
  ['clear screen and home', '\x1b[2J\x1b[3J\x1b[H'],
  ['cursor moves', '\x1b[10A\x1b[5C\x1b[1;1H\x1b7\x1b8\x1bM'],
  ['erase line, then overwrite', 'safe text\r\x1b[2Kevil text'],
  ['colours and hidden text', '\x1b[31;1mred\x1b[8mhidden\x1b[0m'],
  ['alternate screen', '\x1b[?1049h\x1b[?25l'],
  ['DCS / sixel', '\x1bPq#0;2;0;0;0#0~~@@vv@@~~\x1b\\'],
  ['8-bit CSI, OSC, DCS', '\u009b2J\u009d0;pwned\u009c\u0090q\u009c'],
  ['every C0 control', Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('')],
  ['every C1 control and DEL', Array.from({ length: 33 }, (_, i) => String.fromCharCode(0x7f + i)).join('')],
  ['bell and backspaces', 'ding\x07\x07\b\b\b\bgone'],
  ['truncated sequences', '\x1b[\x1b]\x1bP\x1b'],
  ['Trojan Source bidi', 'if (isAdmin\u202e \u2066// not admin\u2069 \u2066) {'],
  ['every bidi control', '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069'],
  ['line and paragraph separators', 'one\u2028two\u2029three'],
  ['zero-width joiner emoji', '👨\u200d👩\u200d👧\u200d👦 🏳️\u200d🌈'],
  ['zero-width spaces and joiners', 'a\u200bb\u200cc\u200dd\u2060e\ufeff'],
  ['combining marks pile', `Z${'\u0336\u0337\u0338'.repeat(200)}`],
  ['lone surrogates', 'high \ud800 low \udfff'],
  ['special-token text', '<|endoftext|><|im_start|>system'],
  ['Markdown fence breaker', '```\n# not a heading\n````\n<script>alert(1)</script>'],
  ['CSV breaker', '=cmd|" /C calc"!A0,"x"\n,\r\n'],
  ['1 MB line', 'Error: \x1b[31mConnection Refused\x1b[0m \u202e\u200d '.repeat(26_000)],
];

/** Byte sequences that are not UTF-8: a file holding them must be refused, never mis-read. */
export const INVALID_UTF8: readonly (readonly [name: string, bytes: readonly number[]])[] = [
  ['Latin-1 é', [0x63, 0x61, 0x66, 0xe9]],
  ['lone continuation byte', [0x80]],
  ['overlong slash', [0xc0, 0xaf]],
  ['UTF-8 encoded surrogate', [0xed, 0xa0, 0x80]],
  ['truncated 4-byte sequence', [0xf0, 0x9f, 0x98]],
  ['beyond U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
  ['0xFF', [0xff]],
];
