#!/usr/bin/env node
/**
 * Writes every file in fixtures/ (except README.md) from seeded generators: the same run gives
 * the same bytes, and a test checks that the committed files are what this script writes.
 *
 *   node scripts/make-fixtures.mjs            # into fixtures/
 *   node scripts/make-fixtures.mjs --out DIR  # somewhere else
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { agentSession } from './fixtures/agentSession.mjs';
import { codingSession } from './fixtures/codingSession.mjs';
import { imageQuestion } from './fixtures/imageQuestion.mjs';
import { chatHistoryWithHeader, evalsSamples, ktoRecords, shareGptLines, shareGptToolSet } from './fixtures/layouts.mjs';
import { retrievalSession } from './fixtures/retrievalSession.mjs';
import { supportChat } from './fixtures/supportChat.mjs';
import { finetuneSet, shareGptSet } from './fixtures/trainingSets.mjs';
import { anthropicLog, batchOutput, chatCompletionsLog, claudeCodeLegacySession, claudeCodeSession, codexRollout, geminiChatJson, geminiChatJsonl, messageBatchResults, responsesLog } from './fixtures/usageLogs.mjs';

const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 ? process.argv[outIndex + 1] : fileURLToPath(new URL('../fixtures', import.meta.url));
mkdirSync(out, { recursive: true });

const asJson = (value) => `${JSON.stringify(value, null, 2)}\n`;
const asJsonl = (messages) => `${messages.map((message) => JSON.stringify(message)).join('\n')}\n`;
const SPEAKERS = { system: 'System', user: 'User', assistant: 'Assistant' };
function asTranscript(messages) {
  return `${messages
    .map(({ role, content }) => {
      if (/^(User|Assistant|System):/m.test(content) || content !== content.replace(/\n+$/, '')) {
        throw new Error(`a ${role} message cannot be written as a transcript block unchanged`);
      }
      return `${SPEAKERS[role]}: ${content}`;
    })
    .join('\n\n')}\n`;
}

// The lesson's scenario, as its script builds it.
const lesson = [
  { role: 'user', content: 'Hello there.' },
  { role: 'user', content: `Here is my log file: ${'Error: Connection Refused '.repeat(2000)}` },
  ...Array.from({ length: 5 }, () => [
    { role: 'assistant', content: 'I see the error on line 40.' },
    { role: 'user', content: 'What about line 50?' },
  ]).flat(),
];

const files = {
  'lesson.json': asJson({ messages: lesson }),
  'support-chat.json': asJson({ messages: supportChat(101) }),
  'coding-session.jsonl': asJsonl(codingSession(202, 260)),
  'retrieval-session.txt': asTranscript(retrievalSession(303)),
  'agent-tools.json': asJson(agentSession(404)),
  'finetune.jsonl': finetuneSet(505, 30),
  'sharegpt.json': shareGptSet(606, 12),
  'image-question.json': asJson({ messages: imageQuestion() }),
  'sharegpt-lines.jsonl': shareGptLines(707, 20),
  'sharegpt-tools.json': shareGptToolSet(808, 9),
  'kto-records.json': ktoRecords(909, 8),
  'chat-history.jsonl': chatHistoryWithHeader(1010),
  'evals-samples.jsonl': evalsSamples(1111, 16),
  ...usageLogFiles(),
};

/** Agent and API logs under logs/, in the folder layout each tool writes (a Claude Code session keeps its subagents beside it). */
function usageLogFiles() {
  const claude = claudeCodeSession(1212);
  const codex = codexRollout(1313);
  const legacy = claudeCodeLegacySession(2020);
  return {
    [`logs/claude-code/-home-dev-projects-billing/${claude.sessionId}.jsonl`]: claude.main,
    [`logs/claude-code/-home-dev-projects-billing/${claude.sessionId}/subagents/agent-a1b2c3.jsonl`]: claude.subagent,
    [`logs/claude-code/-home-dev-projects-legacy/${legacy.sessionId}.jsonl`]: legacy.text,
    [`logs/codex/2026/11/30/rollout-2026-11-30T10-00-00-${codex.id}.jsonl`]: codex.text,
    'logs/gemini/chats/session-2026-11-30T11-00.json': geminiChatJson(1414),
    'logs/gemini/chats/session-2026-11-30T12-00.jsonl': geminiChatJsonl(1515),
    'logs/api/chat-completions.jsonl': chatCompletionsLog(1616),
    'logs/api/responses.json': responsesLog(1717),
    'logs/api/anthropic-messages.jsonl': anthropicLog(1818),
    'logs/api/batch-output.jsonl': batchOutput(1919),
    'logs/api/message-batches-results.jsonl': messageBatchResults(2121),
  };
}

for (const [name, text] of Object.entries(files)) {
  mkdirSync(dirname(join(out, name)), { recursive: true });
  writeFileSync(join(out, name), text);
  console.log(`${name.padEnd(24)} ${String(Buffer.byteLength(text)).padStart(9)} bytes`);
}
