// The benchmark's input classes. Real text where the workplace has it (../shared/corpus from the
// repo root, and files every `npm ci` installs), generated text otherwise; all deterministic.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
// Built by `npm run bench` before this runs: the same seeded generator the project uses.
import { pick, seeded } from '../dist/core/seededRandom.js';

export const ROOT = new URL('..', import.meta.url).pathname;

/**
 * ../shared/corpus/logs from the repo root; from a git worktree elsewhere, from the root of the
 * main checkout (where ../shared is); CORPUS_LOGS overrides both.
 */
function corpusLogsDir() {
  if (process.env.CORPUS_LOGS) return process.env.CORPUS_LOGS;
  const candidates = [join(ROOT, '../shared/corpus/logs')];
  try {
    const common = execFileSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    candidates.push(join(dirname(common), '../shared/corpus/logs'));
  } catch {
    // not a git checkout: the first candidate only
  }
  return candidates.find((dir) => existsSync(dir));
}


/** The loghub logs (2.25 MB, CRLF) when ../shared/corpus exists; else ~2.25 MB of log-like lines. */
export function realLogs() {
  const dir = corpusLogsDir();
  if (dir) {
    const files = readdirSync(dir).filter((name) => name.endsWith('.log')).sort();
    return { source: `${dir} (${files.length} loghub files)`, text: files.map((name) => readFileSync(join(dir, name), 'utf8')).join('') };
  }
  return { source: 'generated log lines (../shared/corpus absent)', text: generatedLogs(2_250_000) };
}

export function generatedLogs(bytes) {
  const random = seeded(11);
  const levels = ['INFO', 'WARN', 'ERROR', 'DEBUG'];
  const components = ['nova.compute.manager', 'dfs.DataNode$PacketResponder', 'sshd', 'org.apache.zookeeper.server.NIOServerCnxn', 'kernel', 'executor.Executor'];
  const messages = [
    () => `Connection refused: /10.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}:${2000 + Math.floor(random() * 8000)}`,
    () => `Received block blk_${Math.floor(random() * 1e12)} of size ${Math.floor(random() * 67108864)} from /10.250.${Math.floor(random() * 20)}.${Math.floor(random() * 255)}`,
    () => `Failed password for invalid user ${pick(random, ['admin', 'test', 'oracle', 'webmaster'])} from 183.62.140.${Math.floor(random() * 255)} port ${Math.floor(random() * 65535)} ssh2`,
    () => `[req-${Math.floor(random() * 1e8).toString(16)}-${Math.floor(random() * 1e4)}] "GET /v2/servers/detail HTTP/1.1" status: 200 len: ${Math.floor(random() * 3000)} time: ${random().toFixed(7)}`,
    () => `Finished task ${Math.floor(random() * 40)}.0 in stage ${Math.floor(random() * 30)}.0 (TID ${Math.floor(random() * 2000)}). ${Math.floor(random() * 3000)} bytes result sent to driver`,
  ];
  let out = '';
  for (let i = 0; out.length < bytes; i++) {
    const time = `2017-05-16 ${String(Math.floor(i / 3600) % 24).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}`;
    out += `${time} ${Math.floor(random() * 30000)} ${pick(random, levels)} ${pick(random, components)}: ${pick(random, messages)()}\r\n`;
  }
  return out;
}

function walk(dir, keep, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, keep, out);
    else if (keep(entry.name, path)) out.push(path);
  }
  return out;
}

/** Paragraphs of the installed packages' READMEs: English technical prose, code blocks left out. */
export function englishProse() {
  const readmes = walk(join(ROOT, 'node_modules'), (name) => /^readme\.md$/i.test(name)).sort();
  const lines = [];
  for (const path of readmes) {
    let fenced = false;
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (line.trimStart().startsWith('```')) fenced = !fenced;
      else if (!fenced && line.length > 60 && /^[A-Za-z]/.test(line) && (line.match(/[A-Za-z ,.'"()-]/g)?.length ?? 0) > 0.9 * line.length) lines.push(line);
    }
  }
  return { source: `paragraphs of ${readmes.length} READMEs in node_modules`, text: lines.join('\n') };
}

/** API-log-like JSON records, pretty-printed as they are pasted. */
export function jsonRecords(bytes = 1_000_000) {
  const random = seeded(12);
  const records = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const record = {
      id: `evt_${Math.floor(random() * 1e12).toString(36)}`,
      created: 1_763_000_000 + i * 17,
      model: pick(random, ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'o3']),
      usage: { prompt_tokens: Math.floor(random() * 9000), completion_tokens: Math.floor(random() * 900), cached: random() < 0.3 },
      latency_ms: Number((random() * 4000).toFixed(2)),
      tags: Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(random, ['prod', 'eu-west-1', 'retry', 'stream', 'tool_call'])),
      error: random() < 0.2 ? { code: 'rate_limit_exceeded', message: 'Rate limit reached for requests', retry_after: Math.floor(random() * 60) } : null,
    };
    const text = JSON.stringify(record, null, 2);
    records.push(text);
    size += text.length;
  }
  return { source: 'generated JSON records, 2-space indent', text: `[\n${records.join(',\n')}\n]` };
}

/** Installed JavaScript squeezed as a minifier would: no comments, no spaces around punctuation. */
export function minifiedCode(bytes = 600_000) {
  const files = [...walk(join(ROOT, 'node_modules/ink/build'), (name) => name.endsWith('.js')), ...walk(join(ROOT, 'node_modules/commander/lib'), (name) => name.endsWith('.js'))].sort();
  let out = '';
  for (const path of files) {
    out += readFileSync(path, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '')
      .replace(/\s+/g, ' ')
      .replace(/ ?([{}()[\];,:=+\-*<>!&|?]) ?/g, '$1');
    if (out.length >= bytes) break;
  }
  return { source: `ink + commander sources, comments and spaces stripped`, text: out.slice(0, bytes) };
}

export function base64Blob(bytes = 750_000) {
  const random = seeded(13);
  const data = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) data[i] = Math.floor(random() * 256);
  return { source: 'random bytes, base64, one line (a data: URL)', text: data.toString('base64') };
}

const HANZI =
  '的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坐集编宝谈府拉黑且随格尽剑讲布杀微怕母调局根曾准团段终乐切级克精哪官示冷域';

/** Chinese prose: sentences of 8-40 characters between ，and 。, no spaces (chars, not bytes). */
export function cjkProse(chars = 200_000) {
  const random = seeded(14);
  let out = '';
  while (out.length < chars) {
    const length = 8 + Math.floor(random() * 32);
    for (let i = 0; i < length; i++) out += HANZI[Math.floor(random() * HANZI.length)];
    out += random() < 0.7 ? '，' : '。';
  }
  return { source: 'generated Chinese sentences with punctuation', text: out.slice(0, chars) };
}

/** Chinese with no punctuation at all: one pre-tokenized piece (the 8,000-character case). */
export function cjkRun(chars) {
  const random = seeded(15);
  let out = '';
  for (let i = 0; i < chars; i++) out += HANZI[Math.floor(random() * HANZI.length)];
  return out;
}

export function utf8Bytes(text) {
  return Buffer.byteLength(text, 'utf8');
}

export function fileBytes(path) {
  return statSync(path).size;
}

/**
 * A resumed conversation of 8 KB log pastes and short replies whose prompt passes 1,000,000 tokens
 * on gpt-4.1 (o200k_base, a 1,047,576-token window), and 40 short turns queued for Ctrl+N, written
 * into `tmp` as a dashboard session and as a chat file.
 */
export async function millionTokenConversation(logsText, tmp) {
  const { loadTokenizer } = await import(join(ROOT, 'dist/core/tokenizer.js'));
  const { count } = await loadTokenizer('o200k_base');
  const history = [];
  const CHUNK = 8_000;
  let tokens = 3;
  for (let offset = 0, i = 0; tokens < 1_000_000; offset = (offset + CHUNK) % logsText.length, i++) {
    const content = i % 2 === 0 ? `Here is the next part of the log (${i}):\n${logsText.slice(offset, offset + CHUNK)}` : `Noted part ${i}: ${i % 7} errors, all connection refused.`;
    const role = i % 2 === 0 ? 'user' : 'assistant';
    tokens += 3 + count(role) + count(content);
    history.push({ role, content });
  }
  const queue = Array.from({ length: 40 }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: `Short turn ${i}: what about line ${i * 7}?` }));
  const file = join(tmp, 'dashboard-1m.json');
  writeFileSync(file, JSON.stringify({ history, queue }));
  // The same turns as a conversation file (OpenAI chat), for the bin to read before its first frame.
  const chatFile = join(tmp, 'dashboard-1m-chat.json');
  writeFileSync(chatFile, JSON.stringify({ messages: [...history, ...queue] }));
  return { file, chatFile, tokens, turns: history.length };
}
