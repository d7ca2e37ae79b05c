import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../src/core/chatFormat.js';
import { asFinetune, asJsonl, asShareGpt, asTranscript } from './support/conversationWriters.js';
import { WEATHER_FILE } from './support/cookbook.js';
import { oracleLedger, oracleOutputTokens } from './support/expectedLedger.js';
import { png } from './support/images.js';
import { oracleEncode } from './support/oracle.js';
import { runCli } from './support/runCli.js';

const dir = mkdtempSync(join(tmpdir(), 'ca-formats-'));
function tempFile(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const CHAT = [
  { role: 'system', content: 'You review shell scripts.' },
  { role: 'user', content: 'Is this safe?\n\nrm -rf "$DIR"/*' },
  { role: 'assistant', content: 'Only if DIR is set: add `: "${DIR:?}"` first.' },
] as const satisfies readonly (ChatMessage & { content: string })[];
const OTHER = [{ role: 'user', content: 'Unrelated.' }] as const satisfies readonly (ChatMessage & { content: string })[];

describe('report reads every format', () => {
  const expected = oracleLedger('o200k_base', CHAT);

  it.each([
    ['chat.jsonl', asJsonl(CHAT), [], 'jsonl', 1],
    ['train.jsonl', asFinetune(CHAT, [[...OTHER]], [[...OTHER]]), ['--conversation', '2'], 'finetune', 3],
    ['share.json', asShareGpt([OTHER, CHAT]), ['--conversation', '2'], 'sharegpt', 2],
    ['chat.txt', asTranscript(CHAT), [], 'transcript', 1],
    ['one-line.jsonl', asFinetune(CHAT, []), ['--format', 'finetune'], 'finetune', 1],
  ] as const)('%s %j', (name, content, args, format, conversations) => {
    const { status, stdout } = runCli(['report', tempFile(name, content), '--model', 'gpt-4o', '--json', ...args]);
    expect(status).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ format, conversations, toolTokens: 0, notCounted: [] });
    expect(report.turns.map((t: { usedTokens: number }) => t.usedTokens)).toEqual(expected.used);
    const replyCost = (expected.used[1]! * 2.5 + oracleOutputTokens('o200k_base', CHAT[2]) * 10) / 1e6;
    expect(report.totals.cumulativeCost).toBeCloseTo(replyCost, 12);
  });

  it('says which format and conversation it read', () => {
    const { stdout } = runCli(['report', tempFile('three.jsonl', asFinetune(CHAT, [[...OTHER]], [[...OTHER]])), '--conversation', '2']);
    expect(stdout).toContain('read as finetune, conversation 2 of 3');
  });
});

describe('report --csv', () => {
  it('writes a header and one row per turn, with the fields and values of the JSON turns', () => {
    const file = tempFile('csv.json', JSON.stringify({ messages: CHAT }));
    const csv = runCli(['report', file, '--csv']);
    expect(csv.status).toBe(0);
    const report = JSON.parse(runCli(['report', file, '--json']).stdout);
    const turns = report.turns as Record<string, unknown>[];
    const [header, ...rows] = csv.stdout.trimEnd().split('\r\n');
    expect(header).toBe('index,role,tokens,usedTokens,percent,nextCallCost,cumulativeCost,overLimit,refused,estimate');
    // The last column is the report's: whether its figures are a stand-in tokenizer's.
    expect(rows).toEqual(turns.map((turn) => header!.split(',').map((field) => String(field === 'estimate' ? (report.estimate ?? false) : turn[field])).join(',')));
  });
});

describe('tools and images in report', () => {
  it.each([
    ['gpt-4', 105],
    ['gpt-4o', 101],
  ])("bills the cookbook's weather-tool request %s: %i tokens", (model, billed) => {
    const file = tempFile('weather.json', JSON.stringify(WEATHER_FILE, null, 2));
    const report = JSON.parse(runCli(['report', file, '--model', model, '--json']).stdout);
    expect(report.totals.usedTokens).toBe(billed);
    expect(report.toolTokens).toBeGreaterThan(0);
    expect(runCli(['report', file, '--model', model]).stdout).toContain(`tool definitions: ${report.toolTokens} tokens on every call`);
  });

  it('counts a measurable image by the tile rule and names the one it cannot measure', () => {
    const text = 'What differs?';
    const file = tempFile(
      'images.json',
      JSON.stringify({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text },
              { type: 'image_url', image_url: { url: png(1024, 1024), detail: 'high' } },
              { type: 'image_url', image_url: { url: 'https://example.com/b.png' } },
            ],
          },
        ],
      }),
    );
    const report = JSON.parse(runCli(['report', file, '--model', 'gpt-4o', '--json']).stdout);
    // 1024 x 1024 high detail: scaled to 768 x 768, 4 tiles: 85 + 4 x 170.
    const o = (s: string) => oracleEncode('o200k_base', s).length;
    expect(report.turns[0].tokens).toBe(3 + o('user') + o(text) + 85 + 4 * 170);
    expect(report.notCounted).toEqual([{ message: 1, part: 3, kind: 'image', reason: expect.stringContaining('size unknown') }]);
    expect(runCli(['report', file]).stdout).toMatch(/not counted: image in message 1 \(part 3\): image size unknown/);
  });
});

describe('bad conversation files: one line, exit 2', () => {
  const pretty = '{\n  "messages": [\n    {"role": "user", "content": "a"},\n    {"content": "b"}\n  ]\n}\n';
  it.each([
    ['bad JSONL line', 'a.jsonl', '{"role":"user","content":"hi"}\n{"role":"assistant","content":"yo"\n', [], /a\.jsonl:2:35: invalid JSON/],
    ['bad fine-tuning line', 'b.jsonl', '{"messages":[]}\n{"messages":[]}\n{"messages": [}\n', [], /b\.jsonl:3:15: invalid JSON: unexpected "}"/],
    ['message without role (JSON)', 'c.json', pretty, [], /c\.json:4:5: message 1 has no "role" \(\.messages\[1\]\.role\)/],
    ['message without content (bare array)', 'd.json', '[\n  {"role": "user", "content": "a"},\n  {"role": "user"}\n]', [], /d\.json:3:3: message 1 has no "content"/],
    ['message without role (JSONL)', 'e.jsonl', '{"role":"user","content":"a"}\n\n{"content":"b"}\n', [], /e\.jsonl:3:1: message 1 has no "role"/],
    ['message without content (fine-tuning)', 'f.jsonl', '{"messages":[{"role":"user","content":"a"}]}\n{"messages":[{"role":"user","content":"a"},{"role":"user"}]}\n', [], /f\.jsonl:2:44: conversation 2, message 1 has no "content"/],
    ['ShareGPT turn without value', 'g.json', '[{"id": "x", "conversations": [\n  {"from": "human", "value": "a"},\n  {"from": "gpt"}\n]}]', [], /g\.json:3:3: conversation 1, message 1 has no "value"/],
    ['ShareGPT unknown speaker', 'h.json', '[{"conversations": [{"from": "robot", "value": "a"}]}]', [], /h\.json:1:\d+: conversation 1, message 0: .*from: Invalid option/],
    ['an unsupported content part', 'i.json', '{"messages": [{"role": "user", "content": [{"type": "input_audio"}]}]}', [], /i\.json:1:\d+: message 0: .*content\[0\]\.type: only "text" and "image_url" parts can be counted/],
    ['assistant with null content and no tool calls', 'j.json', '{"messages": [{"role": "assistant", "content": null}]}', [], /j\.json:1:\d+: message 0: .*content: is null/],
    ['not a recognised format', 'k.txt', 'just some notes\nUser: hi\n', [], /k\.txt: not a recognised conversation format \(tried openai, jsonl, finetune, sharegpt, evals, transcript, and the agent and API logs claude-code, codex, gemini-cli, api-log\)/],
    ['JSON of another shape', 'l.json', '{"data": []}', [], /l\.json: not a recognised conversation format \(tried openai, jsonl, finetune, sharegpt, evals, transcript, and the agent and API logs claude-code, codex, gemini-cli, api-log\)/],
    ['text before the first speaker', 'm.txt', 'notes\nUser: hi\n', ['--format', 'transcript'], /m\.txt:1:1: text before the first "User:"/],
    ['a forced format that does not fit', 'o.json', pretty, ['--format', 'jsonl'], /o\.json:1:2: invalid JSON/],
    ['--conversation past the end', 'p.jsonl', '{"messages":[]}\n{"messages":[]}\n', ['--conversation', '3'], /p\.jsonl: --conversation 3 is out of range: the file has 2 conversations/],
    ['--conversation 2 of a single conversation', 'q.json', '[]', ['--conversation', '2'], /q\.json: --conversation 2 is out of range: the file has 1 conversation/],
    ['--conversation 0', 'r.json', '[]', ['--conversation', '0'], /--conversation must be a whole number from 1/],
    ['an unknown --format', 's.json', '[]', ['--format', 'xml'], /--format must be one of openai, jsonl, finetune, sharegpt, evals, transcript, claude-code, codex, gemini-cli, api-log, got "xml"/],
    ['--csv with --json', 't.json', '[]', ['--csv', '--json'], /--csv and --json cannot be combined/],
  ] as const)('%s', (_what, name, content, args, message) => {
    const { status, stdout, stderr } = runCli(['report', tempFile(name, content), ...args]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    const place = message.source.startsWith('--') ? '' : `${escape(dir)}/`; // flag errors name the flag, not the file
    expect(stderr).toMatch(new RegExp(`^context-accountant: ${place}${message.source}`));
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
