import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { EncodingName } from '../src/core/tokenizer.js';
import { fileReport } from '../src/core/report/fileReport.js';
import { resolveModel } from '../src/commands/modelOptions.js';
import { loadTokenizer } from '../src/core/tokenizer.js';
import { readConversationFile, readConversationsFile } from '../src/io/conversationFile.js';
import { oracleLedger } from './support/expectedLedger.js';
import { runCli } from './support/runCli.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const fixture = (name: string) => join(FIXTURES, name);
const reportOf = (name: string, ...args: string[]) => JSON.parse(runCli(['report', fixture(name), '--json', ...args]).stdout);

it('the committed fixtures are exactly what scripts/make-fixtures.mjs writes', () => {
  const out = mkdtempSync(join(tmpdir(), 'ca-fixtures-'));
  const run = spawnSync(process.execPath, [fileURLToPath(new URL('../scripts/make-fixtures.mjs', import.meta.url)), '--out', out], { encoding: 'utf8' });
  expect(run.status).toBe(0);
  // Recursive: the agent logs sit in the folder layouts their tools write (fixtures/logs/...).
  const filesUnder = (dir: string) => (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[]).filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath, entry.name))).sort();
  const generated = filesUnder(out);
  expect(filesUnder(FIXTURES).filter((name) => name !== 'README.md')).toEqual(generated);
  for (const name of generated) expect(readFileSync(join(out, name), 'utf8'), name).toBe(readFileSync(fixture(name), 'utf8'));
});

describe.each([
  ['lesson.json', 'openai', {}],
  ['support-chat.json', 'openai', {}],
  ['coding-session.jsonl', 'jsonl', {}],
  ['retrieval-session.txt', 'transcript', {}],
  ['agent-tools.json', 'openai', {}],
  ['finetune.jsonl', 'finetune', { conversation: 5 }],
  ['sharegpt.json', 'sharegpt', { conversation: 4 }],
  ['sharegpt-lines.jsonl', 'sharegpt', { conversation: 3 }],
  ['sharegpt-tools.json', 'sharegpt', { conversation: 2 }],
  ['kto-records.json', 'finetune', { conversation: 2 }],
  ['chat-history.jsonl', 'jsonl', {}],
  ['evals-samples.jsonl', 'evals', { conversation: 2 }],
] as const)('%s', (name, format, options) => {
  it.each([
    ['gpt-4', 'cl100k_base'],
    ['gpt-4o', 'o200k_base'],
  ] as [string, EncodingName][])(`is read as ${format} and billed as tiktoken counts it on %s`, async (model, encoding) => {
    const loaded = readConversationFile(fixture(name), options);
    const { messages } = loaded;
    expect(loaded.format).toBe(format);
    const { count } = await loadTokenizer(encoding);
    const { model: entry, rule } = await resolveModel({ model });
    const report = fileReport(loaded, { model: entry, count, rule, strategy: 'keep-all' });
    expect(report.turns).toHaveLength(messages.length);
    const expected = oracleLedger(encoding, messages, 3 + report.toolTokens!);
    expect(report.turns.map((turn) => turn.usedTokens)).toEqual(expected.used);
    expect(report.notCounted).toEqual([]);
  });
});

it("the lesson's fixture bills what the README says the API bills: 10,136 tokens on gpt-4", () => {
  expect(reportOf('lesson.json').totals.usedTokens).toBe(10_136);
});

it('the coding session runs to hundreds of turns and passes the 128k window of gpt-4o', () => {
  const report = reportOf('coding-session.jsonl', '--model', 'gpt-4o');
  const firstOver = report.turns.findIndex((t: { overLimit: boolean }) => t.overLimit);
  expect(report.turns.length).toBeGreaterThanOrEqual(300);
  expect(firstOver).toBeGreaterThan(200);
  expect(report.turns[firstOver - 1].usedTokens).toBeLessThanOrEqual(128_000);
  expect(report.turns[firstOver].usedTokens).toBeGreaterThan(128_000);
});

it('the agent transcript has tool definitions, tool calls and large tool results', () => {
  const { messages, tools } = readConversationFile(fixture('agent-tools.json'));
  expect(tools?.length).toBeGreaterThan(0);
  expect(messages.some((m) => m.tool_calls?.length)).toBe(true);
  const toolResults = messages.filter((m) => m.role === 'tool').map((m) => String(m.content).length);
  expect(Math.max(...toolResults)).toBeGreaterThan(10_000);
});

it('the fine-tuning and ShareGPT fixtures hold many conversations', () => {
  expect(readConversationFile(fixture('finetune.jsonl')).conversationCount).toBe(30);
  expect(readConversationFile(fixture('sharegpt.json')).conversationCount).toBe(12);
});

it('the image fixture counts its screenshot by the tile rule and names the image it cannot measure', () => {
  const report = reportOf('image-question.json', '--model', 'gpt-4o');
  const loaded = readConversationFile(fixture('image-question.json'));
  const textOnly = oracleLedger('o200k_base', loaded.messages);
  // The 1920 x 1080 screenshot at high detail: 1365 x 768 after scaling, 3 x 2 tiles: 85 + 6 x 170.
  // The low-detail image: 85. The third image has no size and no detail: not counted.
  expect(report.turns[1].tokens).toBe(textOnly.tokens[1]! + 85 + 6 * 170);
  expect(report.turns[3].tokens).toBe(textOnly.tokens[3]! + 85);
  expect(report.turns[5].tokens).toBe(textOnly.tokens[5]);
  expect(report.notCounted).toEqual([{ message: 6, part: 2, kind: 'image', reason: expect.stringContaining('size unknown') }]);
});

describe.each(['finetune.jsonl', 'sharegpt.json', 'sharegpt-lines.jsonl', 'sharegpt-tools.json', 'kto-records.json', 'evals-samples.jsonl'])(
  'every conversation of %s',
  (name) => {
    it('is billed as tiktoken counts it on gpt-4o', async () => {
      const all = readConversationsFile(fixture(name));
      expect(all.length).toBeGreaterThan(1);
      const { count } = await loadTokenizer('o200k_base');
      const { model: entry, rule } = await resolveModel({ model: 'gpt-4o' });
      for (const loaded of all) {
        const report = fileReport(loaded, { model: entry, count, rule, strategy: 'keep-all' });
        expect(report.turns).toHaveLength(loaded.messages.length);
        expect(report.turns.map((turn) => turn.usedTokens), `conversation ${loaded.conversation}`).toEqual(
          oracleLedger('o200k_base', loaded.messages, 3 + report.toolTokens!).used,
        );
      }
    });
  },
);

it('the ShareGPT tool fixture calls tools, sends their results back and defines them; the history skips its _meta header', () => {
  const all = readConversationsFile(fixture('sharegpt-tools.json'));
  const calls = all.flatMap((c) => c.messages).filter((m) => m.tool_calls?.length);
  expect(calls.length).toBeGreaterThan(3);
  expect(calls.every((m) => m.role === 'assistant' && m.content === null)).toBe(true);
  expect(all.flatMap((c) => c.messages).filter((m) => m.role === 'tool').length).toBe(calls.length);
  expect(all.filter((c) => c.tools?.length).length).toBeGreaterThan(3);
  const history = readConversationFile(fixture('chat-history.jsonl'));
  expect(history.messages[0]!.role).toBe('system');
  expect(history.messages.some((m) => m.tool_calls?.length)).toBe(true);
});
