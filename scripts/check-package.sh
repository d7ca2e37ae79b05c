#!/usr/bin/env bash
# The published package as a user gets it (run by .ci/run, or alone after a build): `npm pack`, the
# tarball installed into an empty project with install scripts enabled, then every kind of command
# run from the installed bin; then `npm install -g` of the tarball into a temporary prefix. Fails
# on the first thing that is not as a user needs it. Needs dist/ built (it builds if stale).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
node scripts/build-if-needed.mjs
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
say() { printf 'package check: %s\n' "$*"; }

# The tarball, as `npm publish` would upload it (dist/ is built already: no prepare here).
npm pack --ignore-scripts --json --pack-destination "$work" >"$work/pack.json"
tarball="$work/$(node -p 'require(process.argv[1])[0].filename' "$work/pack.json")"
node - "$work/pack.json" <<'EOF'
const [{ size, unpackedSize, files }] = require(process.argv[2]);
const paths = files.map((file) => file.path);
const shipped = /^(package\.json|README\.md|LICENSE|dist\/(context-accountant\.js|count-worker\.js|load-worker\.js|THIRD-PARTY-LICENSES\.txt|chunks\/[\w-]+\.js|ranks\/(cl100k|o200k)_base\.js|tokenizers\/(llama3|qwen|gemma3|deepseek_v3)\.js|library\/(index|tokenizer|catalog)\.js|types\/[\w/]+\.d\.ts))$/;
const stray = paths.filter((path) => !shipped.test(path));
if (stray.length > 0) throw new Error(`the tarball holds files that do not run: ${stray.join(', ')}`);
for (const needed of ['LICENSE', 'README.md', 'dist/context-accountant.js', 'dist/count-worker.js', 'dist/load-worker.js', 'dist/ranks/o200k_base.js', 'dist/ranks/cl100k_base.js', 'dist/library/index.js', 'dist/types/lib/index.d.ts'])
  if (!paths.includes(needed)) throw new Error(`the tarball lacks ${needed}`);
console.log(`package check: ${paths.length} files, ${(size / 1e6).toFixed(2)} MB packed, ${(unpackedSize / 1e6).toFixed(2)} MB unpacked`);
EOF

# An empty project; the tarball installed with scripts on, whatever the user's npm config says.
mkdir "$work/project"
cd "$work/project"
printf '{ "name": "empty", "version": "1.0.0", "private": true }\n' >package.json
npm install --ignore-scripts=false --no-audit --no-fund --loglevel=error "$tarball"
# The installed tree is the one package: no dependency came with it.
installed="$(npm ls --all --parseable | sed "s|^$work/project||" | sort | tr '\n' ' ')"
[ "$installed" = " /node_modules/context-accountant " ] || { say "installed tree is not one package: $installed"; exit 1; }
bin="$work/project/node_modules/.bin/context-accountant"

version="$("$bin" --version)"
[ "$version" = "$(node -p 'require(process.argv[1]).version' "$root/package.json")" ] || { say "--version printed $version"; exit 1; }
say "--version: $version"

# The lesson's figures (README, "The lesson's numbers"): 12 messages, 10,136 of 8,192 tokens, $0.30408.
"$bin" simulate --json | node -e '
const report = JSON.parse(require("fs").readFileSync(0, "utf8"));
const last = report.steps.at(-1);
const want = { messages: 12, usedTokens: 10136, limit: 8192, nextCallCost: 0.30408, overLimit: true };
for (const [key, value] of Object.entries(want))
  if (last[key] !== value) throw new Error(`simulate --json: last step ${key} is ${last[key]}, the lesson needs ${value}`);
if (report.model !== "gpt-4" || Math.abs(last.percent - 123.73) > 0.01) throw new Error(`simulate --json: ${report.model}, ${last.percent}%`);
console.log("package check: simulate --json: 10,136 / 8,192 tokens (123.7%), next call $0.30408");'

# count on stdin, against OpenAI's tiktoken (the repository's dev dependency, not the package's).
text=$'Context windows fill up: 中文字符, emoji 👍🏽, code `x => x * 2`.\n\n  indented line\n'
tokens="$(printf '%s' "$text" | "$bin" count --model gpt-4o)"
expected="$(cd "$root" && printf '%s' "$text" | node -e '
const { get_encoding } = require("tiktoken");
const encoding = get_encoding("o200k_base");
console.log(encoding.encode(require("fs").readFileSync(0, "utf8")).length);
encoding.free();')"
[ "$tokens" = "$expected" ] || { say "count printed $tokens, tiktoken counts $expected"; exit 1; }
say "count on stdin: $tokens tokens, as tiktoken"

# The open-weight families, from the vocabularies the package ships (no download): Llama 3 against
# llama3-tokenizer-js (the repository's dev dependency), each family as the repository's own build counts.
llama="$(printf '%s' "$text" | "$bin" count --model llama-3.3-70b)"
reference="$(cd "$root" && printf '%s' "$text" | node --input-type=module -e '
import llama3Tokenizer from "llama3-tokenizer-js";
import { readFileSync } from "node:fs";
console.log(llama3Tokenizer.encode(readFileSync(0, "utf8"), { bos: false, eos: false }).length);')"
[ "$llama" = "$reference" ] || { say "count --model llama-3.3-70b printed $llama, llama3-tokenizer-js counts $reference"; exit 1; }
for model in qwen3-32b gemma-3-27b-it deepseek-chat; do
  installed="$(printf '%s' "$text" | "$bin" count --model "$model")"
  built="$(printf '%s' "$text" | node "$root/dist/context-accountant.js" count --model "$model")"
  [ "$installed" = "$built" ] && [ "$installed" -gt 0 ] || { say "count --model $model printed $installed installed, $built built"; exit 1; }
done
say "open-weight counts: llama-3.3-70b $llama tokens, as llama3-tokenizer-js; qwen, gemma and deepseek as the build"

# The dashboard without a terminal: the session's status, the lesson's turns applied.
status="$("$bin" --demo </dev/null)"
grep -qF 'Used: 10,136 / 8,192 tokens (123.7%)' <<<"$status" || { say "the dashboard without a terminal printed: $status"; exit 1; }
say "dashboard without a terminal: the lesson's status"

# The bundled count worker, as the dashboard starts it, counting from the installed rank tables.
cat >"$work/worker-check.mjs" <<'EOF'
import { Worker } from 'node:worker_threads';
const [file, expected, text] = process.argv.slice(2);
const worker = new Worker(file);
const cancel = new SharedArrayBuffer(4);
const tokens = await new Promise((resolve, reject) => {
  worker.on('error', reject);
  worker.on('message', (reply) => (reply.kind === 'done' ? resolve(reply.tokens) : reply.kind === 'failed' ? reject(new Error(reply.message)) : undefined));
  worker.postMessage({ id: 1, encoding: 'o200k_base', text, stepChars: 8, cancel });
});
await worker.terminate();
if (String(tokens) !== expected) throw new Error(`the count worker counted ${tokens}, tiktoken ${expected}`);
console.log(`package check: count worker: ${tokens} tokens`);
EOF
node "$work/worker-check.mjs" "$work/project/node_modules/context-accountant/dist/count-worker.js" "$expected" "$text"

# The library (issue 20), imported by name from the installed package as an application would:
# its entry points, counting from the installed rank tables, and no Ink or React among what it loads.
cat >"$work/project/library-check.mjs" <<'EOF'
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
const [expected, text] = process.argv.slice(2);
const { createAccountant, guard, ContextLimitError, BudgetError } = await import('context-accountant');
const { countTokens } = await import('context-accountant/tokenizer');
const { findModel } = await import('context-accountant/catalog');
const counted = await countTokens(text);
if (String(counted) !== expected) throw new Error(`context-accountant/tokenizer counted ${counted}, tiktoken ${expected}`);
if (findModel('gpt-4')?.contextWindow !== 8192) throw new Error('context-accountant/catalog: gpt-4 is not 8,192 tokens');
const accountant = await createAccountant({ model: 'gpt-4' });
accountant.add({ role: 'user', content: 'Error: Connection Refused\n'.repeat(2000) });
const status = accountant.status();
if (!status.overLimit || status.limit !== 8192) throw new Error(`createAccountant: ${JSON.stringify(status)}`);
if (typeof guard !== 'function' || !(new ContextLimitError({ model: 'm', tokens: 2, limit: 1, estimate: false }) instanceof Error) || typeof BudgetError !== 'function')
  throw new Error('the guard and its errors are not exported');
// Every file the entry points load statically: none holds React (its element symbols) or Ink.
const seen = new Set();
const visit = (file) => {
  if (seen.has(file)) return;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  if (/react\.transitional\.element|react\.element|ink-text-input/.test(code)) throw new Error(`${file} holds React or Ink`);
  for (const [, spec] of code.matchAll(/(?:from|import)\s*"(\.{1,2}\/[^"]+)"/g)) visit(join(dirname(file), spec));
};
for (const entry of ['context-accountant', 'context-accountant/tokenizer', 'context-accountant/catalog']) visit(fileURLToPath(import.meta.resolve(entry)));
console.log(`package check: library: createAccountant (${status.usedTokens} of 8,192 tokens), guard, /tokenizer (${counted} tokens), /catalog; ${seen.size} files loaded, no Ink or React`);
EOF
(cd "$work/project" && node library-check.mjs "$expected" "$text")

# The declarations, checked as an application's TypeScript would check them (strict, NodeNext, no skipLibCheck).
mkdir "$work/typed"
cat >"$work/typed/consumer.ts" <<'EOF'
import { createAccountant, guard, ContextLimitError, type AccountantStatus, type GuardedCall } from 'context-accountant';
import { countTokens } from 'context-accountant/tokenizer';
import { findModel, type ModelEntry } from 'context-accountant/catalog';
const accountant = await createAccountant({ model: 'gpt-4o', strategy: 'window' });
const status: AccountantStatus = accountant.add({ role: 'user', content: 'Hello there.' });
const fitted = accountant.fit(undefined, { strategy: 'evict-large', large: 500 }).messages.length;
const client = guard({ chat: { completions: { create: async (body: object) => body } } }, { budgets: { session: 1 }, onCall: (call: GuardedCall) => void call.price.cost });
const spent: number = client.guard.status().spent;
const model: ModelEntry | undefined = findModel('gpt-4o');
const tokens: number = await countTokens('x');
export const used = [status.usedTokens, fitted, spent, model?.contextWindow, tokens, ContextLimitError.name];
EOF
printf '{ "name": "typed", "version": "1.0.0", "private": true, "type": "module" }\n' >"$work/typed/package.json"
printf '{ "compilerOptions": { "strict": true, "module": "NodeNext", "moduleResolution": "NodeNext", "target": "ES2022", "noEmit": true, "skipLibCheck": false, "types": ["node"], "typeRoots": ["%s"] }, "files": ["consumer.ts"] }\n' "$root/node_modules/@types" >"$work/typed/tsconfig.json"
ln -s "$work/project/node_modules" "$work/typed/node_modules"
(cd "$work/typed" && "$root/node_modules/.bin/tsc" -p tsconfig.json) || { say "the library's declarations do not type-check in an application"; exit 1; }
say "library types: strict TypeScript checks an application against the installed declarations"

# Installed globally, into a prefix of its own.
npm install -g --prefix "$work/global" --ignore-scripts=false --no-audit --no-fund --loglevel=error "$tarball"
"$work/global/bin/context-accountant" --help | grep -q '^Usage: context-accountant' || { say "the global bin's --help is wrong"; exit 1; }
say "npm install -g: context-accountant --help works"
