// The gpt-tokenizer floor for `report`: count every message of a conversation file (no ledger).
// Usage: node bench/child/countTokensAll.mjs <encoding> <conversation.json>
import { readFileSync } from 'node:fs';
const [encoding, file] = process.argv.slice(2);
const { countTokens } = await import(`gpt-tokenizer/encoding/${encoding}`);
const { messages } = JSON.parse(readFileSync(file, 'utf8'));
let total = 3;
for (const message of messages) total += 3 + countTokens(message.role) + countTokens(message.content);
console.log(total);
