import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../../core/errors.js';
import { sanitizeLine } from '../../core/sanitize.js';
import { USAGE_LOG_FORMATS, type UsageLog, type UsageLogFormat } from '../../core/usage/reportedUsage.js';
import { parseJson } from '../loaderKit.js';
import { readTextFile, type ReadLimits } from '../readText.js';
import { looksLikeApiRecord, readApiLog } from './apiLog.js';
import { looksLikeClaudeCode, readClaudeCode } from './claudeCode.js';
import { looksLikeCodex, readCodex } from './codex.js';
import { looksLikeGeminiJson, looksLikeGeminiJsonl, readGeminiJson, readGeminiJsonl } from './geminiCli.js';
import { readLogLines, type LogLine } from './logLines.js';

export { USAGE_LOG_FORMATS, type UsageLogFormat } from '../../core/usage/reportedUsage.js';

/** How many of a JSONL file's first records detection looks at: Claude Code may open with snapshot lines. */
const SNIFFED_LINES = 10;

/** The first records of a text, parsed where they parse (detection only: the readers name bad lines). */
function firstRecords(text: string): unknown[] {
  const records: unknown[] = [];
  for (const line of text.split('\n')) {
    if (records.length >= SNIFFED_LINES) break;
    if (line.trim() === '') continue;
    try {
      records.push(JSON.parse(line));
    } catch {
      records.push(undefined);
    }
  }
  return records;
}

/** Which agent or API log a text is, from its content; undefined when it is none of them. */
export function detectUsageLog(text: string): UsageLogFormat | undefined {
  const body = text.trimStart();
  if (body[0] !== '{' && body[0] !== '[') return undefined;
  let whole: unknown;
  try {
    whole = JSON.parse(body);
  } catch {
    whole = undefined;
  }
  if (whole !== undefined) {
    if (looksLikeGeminiJson(whole)) return 'gemini-cli';
    const records = Array.isArray(whole) ? whole.slice(0, SNIFFED_LINES) : [whole];
    if (records.some(looksLikeApiRecord)) return 'api-log';
  }
  const lines = firstRecords(body);
  if (lines.some(looksLikeCodex)) return 'codex';
  if (lines.some(looksLikeClaudeCode)) return 'claude-code';
  if (looksLikeGeminiJsonl(lines[0])) return 'gemini-cli';
  if (lines.some(looksLikeApiRecord)) return 'api-log';
  return undefined;
}

export interface UsageLogOptions {
  readonly format?: UsageLogFormat;
  /** The agent every call of the file is attributed to (a Claude Code subagent's file). */
  readonly agent?: string;
}

/** What each format is called in a message: "not a Codex rollout (looks like a Claude Code transcript)". */
const FORMAT_NAMES: Readonly<Record<UsageLogFormat, string>> = {
  'claude-code': 'a Claude Code transcript',
  codex: 'a Codex rollout',
  'gemini-cli': 'a gemini-cli chat',
  'api-log': 'an API log',
};

/**
 * Why a file cannot be read as the format `--format` forces: it is plainly another one (detection
 * names it). Undefined where it fits, or fits no format at all (then the forced reader counts the
 * lines it does not know).
 */
export function formatMismatch(file: string, text: string, forced: UsageLogFormat): string | undefined {
  const detected = detectUsageLog(text);
  if (detected === undefined || detected === forced) return undefined;
  const line = text.split('\n').findIndex((candidate) => candidate.trim() !== '') + 1;
  return `${sanitizeLine(file)}:${Math.max(line, 1)}: not ${FORMAT_NAMES[forced]} (looks like ${FORMAT_NAMES[detected]})`;
}

/** Reads one log's text as the format given or detected; an InputError naming the file otherwise. */
export function readUsageLog(file: string, text: string, options: UsageLogOptions = {}): UsageLog {
  const body = text.startsWith('\uFEFF') ? ` ${text.slice(1)}` : text;
  const format = options.format ?? detectUsageLog(body);
  if (!format) throw new InputError(`${sanitizeLine(file)}: not a recognised agent or API log (tried ${USAGE_LOG_FORMATS.join(', ')})`);
  const mismatch = options.format && formatMismatch(file, body, options.format);
  if (mismatch) throw new InputError(mismatch);
  switch (format) {
    case 'claude-code':
      return readClaudeCode(file, body, options.agent);
    case 'codex':
      return readCodex(file, body);
    case 'gemini-cli': {
      const first = body.trimStart()[0];
      if (first === '{' && !looksLikeGeminiJsonl(firstRecords(body)[0])) return readGeminiJson(file, parseJson(body, file));
      return readGeminiJsonl(file, body);
    }
    case 'api-log': {
      const { records, warnings } = apiRecords(file, body);
      return readApiLog(file, records, warnings);
    }
  }
}

/** An API log's records: a JSON array or object (line 1), or one record per JSONL line. */
function apiRecords(file: string, text: string): { records: LogLine[]; warnings: string[] } {
  const trimmed = text.trim();
  if (!trimmed.includes('\n') || trimmed.startsWith('[')) {
    try {
      const whole: unknown = JSON.parse(trimmed);
      return { records: (Array.isArray(whole) ? whole : [whole]).map((data) => ({ line: 1, data })), warnings: [] };
    } catch {
      if (trimmed.startsWith('[')) parseJson(trimmed, file); // throws, naming line and column
    }
  }
  const { lines, warnings } = readLogLines(file, text);
  return { records: [...lines], warnings };
}

/** Log files a path stands for: the file (with its Claude Code subagents), or every log under a directory. */
export interface LogFile {
  readonly path: string;
  readonly agent?: string;
}

const LOG_FILE = /\.(jsonl|json)$/;

/**
 * A file, or every `.jsonl` / `.json` under a directory (sorted, so totals do not depend on the
 * file system's order). A Claude Code session file brings its subagents
 * (`<session>/subagents/agent-<id>.jsonl`), each attributed to its agent.
 */
export function logFilesOf(path: string): LogFile[] {
  if (!existsSync(path)) throw new InputError(`${sanitizeLine(path)}: cannot read file (no such file or directory)`);
  if (statSync(path).isDirectory()) return walk(path).map(withAgent);
  const files: LogFile[] = [{ path }];
  const subagents = join(dirname(path), basename(path).replace(LOG_FILE, ''), 'subagents');
  if (path.endsWith('.jsonl') && existsSync(subagents) && statSync(subagents).isDirectory()) {
    files.push(...walk(subagents).map(withAgent));
  }
  return files;
}

function walk(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = join(directory, entry.name);
      if (entry.isDirectory()) return walk(full);
      return entry.isFile() && LOG_FILE.test(entry.name) ? [full] : [];
    });
}

/** `.../subagents/agent-a1b2.jsonl` is agent "a1b2"'s. */
function withAgent(path: string): LogFile {
  const name = basename(path).replace(LOG_FILE, '');
  return basename(dirname(path)) === 'subagents' ? { path, agent: name.replace(/^agent-/, '') } : { path };
}

/** One log read from disk, with where it came from. */
export interface ReadLog extends UsageLog {
  readonly file: string;
}

/**
 * Every log a path stands for, read. In a directory, files that are no log (notes, settings) are
 * passed over with a warning; a single file that is none is an error.
 */
export function readUsageLogs(path: string, options: Pick<UsageLogOptions, 'format'> = {}, limits: ReadLimits = {}): { logs: ReadLog[]; warnings: string[] } {
  const directory = statSafe(path);
  const warnings: string[] = [];
  const logs: ReadLog[] = [];
  for (const file of logFilesOf(path)) {
    const text = readTextFile(file.path, limits);
    if (directory && !options.format && detectUsageLog(text) === undefined) {
      warnings.push(`${sanitizeLine(file.path)}: not an agent or API log: skipped`);
      continue;
    }
    // A directory read with --format keeps the files of that format and passes over the others.
    const mismatch = directory && options.format ? formatMismatch(file.path, text, options.format) : undefined;
    if (mismatch) {
      warnings.push(`${mismatch}: skipped`);
      continue;
    }
    logs.push({ ...readUsageLog(file.path, text, { ...options, ...(file.agent !== undefined && { agent: file.agent }) }), file: file.path });
  }
  if (logs.length === 0) throw new InputError(`${sanitizeLine(path)}: no agent or API log in the directory (tried ${USAGE_LOG_FORMATS.join(', ')})`);
  return { logs, warnings };
}

function statSafe(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** Whether a file (or directory) is an agent or API log, to choose between the usage report and the conversation one. */
export function isUsageLogPath(path: string, limits: ReadLimits = {}): boolean {
  if (!existsSync(path)) return false;
  if (statSync(path).isDirectory()) return true;
  return detectUsageLog(readTextFile(path, limits)) !== undefined;
}

export function parseUsageLogFormat(value: string | undefined): UsageLogFormat | undefined {
  return USAGE_LOG_FORMATS.find((name) => name === value);
}

