import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, CountText } from '../../src/core/chatFormat.js';
import { sanitizeLine, sanitizeText } from '../../src/core/sanitize.js';
import { loadTokenizer } from '../../src/core/tokenizer.js';
import { formatReport, type ConversationReport } from '../../src/core/report/conversationReport.js';
import { formatSessions } from '../../src/commands/sessions.js';
import { InputError } from '../../src/core/errors.js';
import { CONVERSATION_FORMATS, loadConversation } from '../../src/io/conversationFile.js';
import { decodeText } from '../../src/io/decodeText.js';
import { exportCsv, exportJson, exportMarkdown } from '../../src/io/exportFormats.js';
import { readTextFile } from '../../src/io/readText.js';
import { HOSTILE_STRINGS, INVALID_UTF8 } from '../support/hostileStrings.js';
import { keptReport } from '../support/ledgers.js';

/**
 * The public entry points that turn a file's text into messages. When the loaders are rewritten
 * (more formats), add each entry point here: every property below runs against all of them.
 */
type Loader = { readonly name: string; readonly load: (text: string, path: string) => readonly ChatMessage[] };

const LOADERS: readonly Loader[] = [{ name: 'loadConversation (detected format)', load: (text, path) => loadConversation(text, path).messages }];

// Each format's loader forced on any input: the fuzz must get only clear errors out of every one.
const FORCED_LOADERS: readonly Loader[] = CONVERSATION_FORMATS.map((format) => ({
  name: `--format ${format}`,
  load: (text, path) => loadConversation(text, path, { format }).messages,
}));

const FORBIDDEN = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;
const ROLES = ['system', 'user', 'assistant', 'tool', 'developer'];

/** Runs a loader; anything thrown but an InputError naming the file fails the property. */
function loadOrRefuse(load: (text: string, path: string) => readonly ChatMessage[], text: string): readonly ChatMessage[] | InputError {
  try {
    const messages = load(text, 'input.json');
    for (const message of messages) expect(ROLES).toContain(message.role);
    return messages;
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message.startsWith('input.json')).toBe(true);
    return error as InputError;
  }
}

const jsonText = fc.jsonValue().map((value) => JSON.stringify(value));
const almostConversation = fc
  .record(
    {
      role: fc.oneof(fc.constantFrom(...ROLES), fc.string(), fc.jsonValue()),
      content: fc.oneof(
        fc.string({ unit: 'binary' }),
        fc.constant(null),
        fc.array(fc.oneof(fc.record({ type: fc.constant('text'), text: fc.string() }), fc.jsonValue()), { maxLength: 3 }),
        fc.jsonValue(),
      ),
      name: fc.oneof(fc.string(), fc.jsonValue()),
      tool_calls: fc.jsonValue(),
    },
    { requiredKeys: [] },
  )
  .chain((message) => fc.constantFrom({ messages: [message] }, [message], { messages: message }));

describe.each([...LOADERS, ...FORCED_LOADERS])('$name never throws anything but a clear InputError', ({ load }) => {
  it('on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        let text: string;
        try {
          text = decodeText(bytes, 'input.json');
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          return;
        }
        loadOrRefuse(load, text);
      }),
      { numRuns: 3000 },
    );
  });

  it('on random JSON', () => {
    fc.assert(fc.property(jsonText, (text) => void loadOrRefuse(load, text)), { numRuns: 3000 });
  });

  it('on almost-valid conversations', () => {
    fc.assert(fc.property(almostConversation, (data) => void loadOrRefuse(load, JSON.stringify(data))), { numRuns: 3000 });
  });

  it('on valid files cut or spliced at a random place', () => {
    const valid = JSON.stringify({ messages: [{ role: 'user', content: 'Hello "there"' }, { role: 'assistant', content: [{ type: 'text', text: 'Hi' }] }] }, null, 2);
    fc.assert(
      fc.property(fc.nat(valid.length), fc.nat(valid.length), fc.string({ unit: 'binary', maxLength: 3 }), (cut, at, insert) => {
        loadOrRefuse(load, valid.slice(0, cut));
        loadOrRefuse(load, valid.slice(0, at) + insert + valid.slice(at));
      }),
      { numRuns: 3000 },
    );
  });

  it('on JSON nested a million deep', () => {
    const deep = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
    for (const text of [deep, `{"messages":${deep}}`, `[{"role":"user","content":${deep}}]`, '['.repeat(1_000_000)]) {
      expect(loadOrRefuse(load, text)).toBeInstanceOf(InputError);
    }
  });

  it('on random bytes read from a real file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ca-fuzz-'));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const path = join(dir, 'input.json');
        writeFileSync(path, bytes);
        try {
          loadOrRefuse(load, readTextFile(path));
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('hostile-strings corpus', () => {
  let count: CountText;
  beforeAll(async () => {
    count = (await loadTokenizer('o200k_base')).count;
  });
  const report = (messages: readonly ChatMessage[]): ConversationReport =>
    keptReport('gpt-4o', count, messages);

  it.each(LOADERS)('$name loads every hostile string exactly, as content and as name', ({ load }) => {
    for (const [, text] of HOSTILE_STRINGS) {
      const file = JSON.stringify({ messages: [{ role: 'user', content: text, name: text }] });
      expect(load(file, 'hostile.json')).toEqual([{ role: 'user', content: text, name: text }]);
    }
  });

  it('a file holding invalid UTF-8 is refused, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ca-hostile-'));
    for (const [name, bytes] of INVALID_UTF8) {
      const path = join(dir, 'bad.json');
      writeFileSync(path, Buffer.concat([Buffer.from('[{"role":"user","content":"'), Buffer.from(bytes), Buffer.from('"}]')]));
      expect(() => readTextFile(path), name).toThrow(new RegExp(`^${path.replace(/[.]/g, '\\.')}:1: not UTF-8 text`));
    }
  });

  it('the sanitizer leaves no control in any of them', () => {
    for (const [name, text] of HOSTILE_STRINGS) {
      expect(sanitizeText(text), name).not.toMatch(FORBIDDEN);
      expect(sanitizeLine(text), name).not.toMatch(/[\n\t]/);
    }
  });

  it('the plain-text report, with hostile roles too, prints no control', () => {
    const messages = HOSTILE_STRINGS.map(([, text]): ChatMessage => ({ role: 'user', content: text }));
    const ledger = report(messages);
    const withHostileRoles = { ...ledger, turns: ledger.turns.map((turn, i) => ({ ...turn, role: HOSTILE_STRINGS[i]![1].slice(0, 200) })) };
    expect(formatReport(ledger)).not.toMatch(FORBIDDEN);
    expect(formatReport(withHostileRoles)).not.toMatch(FORBIDDEN);
  });

  it('the exports hold no control (JSON keeps them as escapes, exactly)', () => {
    const messages = HOSTILE_STRINGS.map(([, text]): ChatMessage => ({ role: 'assistant', content: text, name: text.slice(0, 100) }));
    const session = { messages, report: report(messages) };
    for (const text of [exportMarkdown(session), exportCsv(session), exportJson(session)]) expect(text).not.toMatch(FORBIDDEN);
    expect(JSON.parse(exportJson(session)).messages).toEqual(messages);
  });

  it('the sessions list prints no control from a hostile journal', () => {
    const hostile = HOSTILE_STRINGS[0]![1] + HOSTILE_STRINGS[15]![1];
    const text = formatSessions({
      directory: `/tmp/${hostile}`,
      sessions: [{ id: 'x', path: '/tmp/x.jsonl', started: undefined, model: hostile, messages: 1, lastActivity: undefined, warnings: [hostile] }],
    });
    expect(text).not.toMatch(FORBIDDEN);
  });
});
