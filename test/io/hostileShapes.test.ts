import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireModel } from '../../src/core/catalog.js';
import { FORMAT_RULES, type CountText } from '../../src/core/chatFormat.js';
import { chartAgainstKeepAll, renderCostChart } from '../../src/core/costChart.js';
import { runAllStrategies } from '../../src/core/strategies/compareStrategies.js';
import { defaultSettings } from '../../src/core/strategies/runStrategy.js';
import { loadTokenizer } from '../../src/core/tokenizer.js';
import { compareReport, formatCompare } from '../../src/commands/compare.js';
import { toolTokensOf } from '../../src/core/toolDefinitions.js';
import { formatReport, formatReportCsv } from '../../src/core/report/conversationReport.js';
import { fileReport } from '../../src/core/report/fileReport.js';
import { InputError } from '../../src/core/errors.js';
import { CONVERSATION_FORMATS, loadConversation, type ConversationFormat, type LoadedConversation } from '../../src/io/conversationFile.js';
import { exportCsv, exportJson, exportMarkdown, fenced } from '../../src/io/exportFormats.js';

/**
 * Shapes no conversation has but a hostile (or broken) file can: nesting thousands deep, and
 * arrays of up to a million items. Every loader and every report must answer with a result or one
 * InputError naming the file, never a RangeError from a recursion or a spread into arguments.
 */
const FILE = 'hostile.json';
const gpt4 = { model: requireModel('gpt-4'), rule: FORMAT_RULES.cookbook };
let count: CountText;
beforeAll(async () => {
  count = (await loadTokenizer('cl100k_base')).count;
});

/** `[[[...1...]]]` `depth` levels deep (as text: building it as a value would itself recurse to print). */
const nestedArray = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
/** `{"a":{"a":...{}}}` `depth` levels deep. */
const nestedObject = (depth: number) => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;

const message = (i: number) => `{"role":"${i % 2 === 0 ? 'user' : 'assistant'}","content":"m${i % 10}"}`;
const messages = (n: number) => Array.from({ length: n }, (_, i) => message(i)).join(',');
const tool = (parameters: string) => `{"type":"function","function":{"name":"f","parameters":${parameters}}}`;
const enumTool = (depth: number) => tool(`{"type":"object","properties":{"x":{"type":"string","enum":[${nestedArray(depth)}]}}}`);
const deepParameters = (depth: number) => tool(`{"type":"object","properties":{"x":${nestedObject(depth)}}}`);

/** A file of `format` with `size` messages and, somewhere JSON allows it, a value nested `depth` deep. */
function hostileFile(format: ConversationFormat, size: number, depth: number, place: number): string {
  const deep = [enumTool(depth), deepParameters(depth)][place % 2]!;
  switch (format) {
    case 'openai':
      return `{"messages":[${messages(size)}],"tools":[${deep}]}`;
    case 'jsonl':
      // An unknown field is dropped after validation, but it is parsed (and walked) first.
      return [`{"role":"user","content":"x","extra":${nestedArray(depth)}}`, ...Array.from({ length: size }, (_, i) => message(i))].join('\n');
    case 'finetune':
      return `{"messages":[${messages(size)}],"tools":[${deep}]}\n{"messages":[]}`;
    case 'sharegpt': {
      const turns = Array.from({ length: size }, (_, i) => `{"from":"${i % 2 === 0 ? 'human' : 'gpt'}","value":"m${i % 10}"}`).join(',');
      return `[{"id":1,"extra":${nestedObject(depth)},"conversations":[${turns}]}]`;
    }
    case 'evals':
      // `ideal` is never sent, but it is parsed (and walked) first.
      return `{"input":[${messages(size)}],"ideal":${nestedArray(depth)}}\n{"input":[{"role":"user","content":"x"}]}`;
    case 'transcript':
      return Array.from({ length: size + 1 }, (_, i) => `${i % 2 === 0 ? 'User' : 'Assistant'}: m${i % 10}`).join('\n');
  }
}

/** The conversation, or the InputError refusing it; anything else thrown fails the test. */
function loadOrRefuse(text: string, format?: ConversationFormat): LoadedConversation | InputError {
  try {
    return loadConversation(text, FILE, format ? { format } : {});
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    expect(error.message.startsWith(`${FILE}`)).toBe(true);
    expect(error.message).not.toContain('\n');
    return error;
  }
}

/** Every report and export the commands and Ctrl+X build; compare on at most `compareMax` messages (it runs every strategy). */
function everyReport(loaded: LoadedConversation, compareMax = 200_000): void {
  const report = fileReport(loaded, { model: gpt4.model, count, rule: gpt4.rule, strategy: 'keep-all' });
  expect(report.turns).toHaveLength(loaded.messages.length);
  expect(formatReport(report)).toContain(`${loaded.messages.length} messages`);
  expect(formatReportCsv(report).split('\n').length).toBeGreaterThan(loaded.messages.length);
  const session = { messages: loaded.messages, report };
  expect(exportMarkdown(session)).toContain('# Conversation ledger');
  expect(exportCsv(session).length).toBeGreaterThan(0);
  expect(exportJson(session).length).toBeGreaterThan(0);
  const compared = loaded.messages.slice(0, compareMax);
  const runs = runAllStrategies({
    messages: compared,
    model: gpt4.model,
    count,
    rule: gpt4.rule,
    toolTokens: toolTokensOf(loaded, count, loaded.messages),
    cache: false,
    settings: defaultSettings(gpt4.model),
  });
  const compare = compareReport(runs, { chart: 'best' });
  expect(compare.strategies).toHaveLength(runs.length);
  expect(formatCompare(compare)).toContain('keep-all');
  expect(renderCostChart(chartAgainstKeepAll(runs[0]!, runs[1]!)).length).toBeGreaterThan(0);
}

describe('what the audit broke', () => {
  it('refuses a tool enum item nested 5,000 deep with one line naming the place and the path', () => {
    const refused = loadOrRefuse(`{"messages":[{"role":"user","content":"hi"}],\n"tools":[${enumTool(5000)}]}`);
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).message).toMatch(
      /^hostile\.json:2:\d+: nested deeper than 100 levels \(at \.tools\[0\]\.function\.parameters\.properties\.x\.enum\[0\]\[0\]/,
    );
  });

  it('refuses tool parameters nested 5,000 deep, in every JSON format that has tools', () => {
    for (const text of [`{"messages":[],"tools":[${deepParameters(5000)}]}`, `{"messages":[],"tools":[${deepParameters(5000)}]}\n{"messages":[]}`]) {
      const refused = loadOrRefuse(text);
      expect((refused as InputError).message).toMatch(/nested deeper than 100 levels \(at \.tools\[0\]\.function\.parameters\.properties\.x\.a\.a/);
    }
  });

  it('loads a schema nested as deep as real ones go (40 levels) and bills it', () => {
    const loaded = loadOrRefuse(`{"messages":[{"role":"user","content":"hi"}],"tools":[${enumTool(40)}]}`) as LoadedConversation;
    expect(loaded.tools).toHaveLength(1);
    expect(toolTokensOf(loaded, count, loaded.messages)).toBeGreaterThan(0);
  });

  it('reports on 130,000 messages (past where spreading them into Math.max overflows the stack)', () => {
    const loaded = loadOrRefuse(`{"messages":[${messages(130_000)}]}`) as LoadedConversation;
    expect(loaded.messages).toHaveLength(130_000);
    everyReport(loaded);
  });

  it('fences a message of 200,000 backtick runs in Markdown, the fence longer than the longest', () => {
    const text = '`a'.repeat(199_999) + '````';
    expect(fenced(text)[0]).toBe('`````');
  });
});

describe('random nesting depths and array sizes up to a million', () => {
  const depth = fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 101, max: 5_000 }));
  const size = fc.oneof(fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 120_000, max: 1_000_000 }));

  it('every loader, detected or forced, answers with a conversation or one line naming the file', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CONVERSATION_FORMATS), fc.integer({ min: 0, max: 2_000 }), depth, fc.nat(), fc.boolean(), (format, n, d, place, force) => {
        const text = hostileFile(format, n, d, place);
        const result = loadOrRefuse(text, force ? format : undefined);
        const deepest = d + (format === 'jsonl' || format === 'evals' ? 1 : format === 'sharegpt' ? 2 : place % 2 === 0 ? 8 : 6); // the levels around the nested value
        if (format !== 'transcript' && deepest > 100) {
          expect(result).toBeInstanceOf(InputError);
          expect((result as InputError).message).toContain('nested deeper than 100 levels');
        }
        if (!(result instanceof InputError)) everyReport(result);
      }),
      { numRuns: 40 },
    );
  });

  it('every report takes up to a million messages', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CONVERSATION_FORMATS), size, depth, fc.nat(), (format, n, d, place) => {
        const result = loadOrRefuse(hostileFile(format, n, d, place));
        if (result instanceof InputError) expect(result.message).toContain('nested deeper than 100 levels');
        else everyReport(result);
      }),
      { numRuns: 1, examples: [['openai', 1_000_000, 50, 0]] },
    );
  }, 600_000);
});
