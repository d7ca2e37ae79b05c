// A 1M-token session: a ledger of pasted log chunks until the prompt passes 1,000,000 tokens, then
// the process's peak RSS. Usage: node bench/child/session.mjs <ours|gpt-tokenizer> <logs file>.
import { readFileSync } from 'node:fs';
import { requireModel } from '../../dist/core/catalog.js';
import { appendMessage, createLedger, ledgerStatus } from '../../dist/core/ledger.js';

const [tool, logsFile] = process.argv.slice(2);
const count =
  tool === 'ours'
    ? (await (await import('../../dist/core/tokenizer.js')).loadTokenizer('o200k_base')).count
    : (await import('gpt-tokenizer/encoding/o200k_base')).countTokens;
const logs = readFileSync(logsFile, 'utf8');
const CHUNK = 8_000;
let ledger = createLedger({ model: requireModel('gpt-4.1'), count });
let messages = 0;
for (let offset = 0; ledgerStatus(ledger).usedTokens < 1_000_000; offset = (offset + CHUNK) % logs.length, messages++) {
  // Each paste is a fresh string (as a real session's would be), not a slice sharing the file.
  const paste = `Here is the next part of the log (${messages}):\n${logs.slice(offset, offset + CHUNK)}`.split('').join('');
  ledger = appendMessage(ledger, { role: messages % 2 === 0 ? 'user' : 'assistant', content: paste });
}
const memory = process.memoryUsage();
console.log(
  JSON.stringify({
    messages,
    tokens: ledgerStatus(ledger).usedTokens,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    rssMB: memory.rss / 2 ** 20,
    heapUsedMB: memory.heapUsed / 2 ** 20,
  }),
);
