import { extname } from 'node:path';
import { contentText, type ChatMessage } from '../core/chatFormat.js';
import { formatPercent, formatTokens, formatUsd } from '../core/format.js';
import { sanitizeLine, sanitizeText, stringifyTerminalSafe } from '../core/sanitize.js';
import { ESTIMATE_LINE } from '../core/estimate.js';
import { refusedLine } from '../core/report/conversationReport.js';
import type { SessionExport } from '../core/session.js';
import { InputError } from '../core/errors.js';
import { appendAll, largest } from '../core/arrays.js';

export type { SessionExport } from '../core/session.js';

export type ExportFormat = 'markdown' | 'json' | 'csv';

const BY_EXTENSION: Readonly<Record<string, ExportFormat>> = { '.md': 'markdown', '.markdown': 'markdown', '.json': 'json', '.csv': 'csv' };

export function exportFormatFor(path: string): ExportFormat {
  const format = BY_EXTENSION[extname(path).toLowerCase()];
  if (!format) throw new InputError(`${path}: cannot tell the export format; end the name in .md, .json or .csv`);
  return format;
}

export function renderExport(format: ExportFormat, session: SessionExport): string {
  if (session.messages.length !== session.report.turns.length) {
    throw new Error(`export: ${session.messages.length} messages but ${session.report.turns.length} ledger turns`);
  }
  return format === 'json' ? exportJson(session) : format === 'csv' ? exportCsv(session) : exportMarkdown(session);
}

/** Lossless: `report --json`'s object plus the messages, every string exact (controls as \u escapes). */
export function exportJson({ messages, report }: SessionExport): string {
  return `${stringifyTerminalSafe({ ...report, messages }, 2)}\n`;
}

const CSV_HEADER = ['index', 'role', 'name', 'tokens', 'usedTokens', 'percent', 'nextCallCost', 'cumulativeCost', 'overLimit', 'refused', 'estimate', 'content'];

/** One row per message (RFC 4180 quoting, LF line ends); text cells are for reading, see csvText. */
export function exportCsv({ messages, report }: SessionExport): string {
  const rows = report.turns.map((turn, i) => {
    const message = messages[i]!;
    return [
      String(turn.index),
      csvText(turn.role),
      csvText(message.name ?? ''),
      String(turn.tokens),
      String(turn.usedTokens),
      String(turn.percent),
      String(turn.nextCallCost),
      String(turn.cumulativeCost),
      String(turn.overLimit),
      String(turn.refused),
      String(report.estimate ?? false),
      csvText(contentText(message)),
    ];
  });
  return [CSV_HEADER, ...rows].map((row) => row.map(csvQuote).join(',')).join('\n') + '\n';
}

/**
 * Controls escaped visibly (a CSV gets cat'ed too), and a cell that a spreadsheet would run as a
 * formula (= + - @ tab CR first) prefixed with an apostrophe, as OWASP advises.
 */
function csvText(text: string): string {
  const safe = sanitizeText(text);
  return /^[=+\-@\t\r]/.test(safe) ? `'${safe}` : safe;
}

function csvQuote(cell: string): string {
  return /[",\n\r]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** The ledger as a table, then each message in a code fence longer than any backtick run in it. */
export function exportMarkdown({ messages, report }: SessionExport): string {
  const { totals } = report;
  const lines = [
    '# Conversation ledger',
    '',
    `Model ${inline(report.model)} (${inline(report.encoding)}), limit ${formatTokens(report.limit)} tokens, strategy ${inline(report.strategy)}.`,
    `${totals.messages} messages; next call ${formatTokens(totals.usedTokens)} tokens; spent ${formatUsd(totals.cumulativeCost)}.`,
    ...(totals.refusedCalls > 0 ? [`${refusedLine(totals.refusedCalls, totals.calls, report.limit)}.`] : []),
    ...(report.estimate ? ['', `**${inline(ESTIMATE_LINE)}**`] : []),
    '',
    '| # | role | tokens | used | % | next call | spent | over limit | call |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |',
    ...report.turns.map(
      (t) =>
        `| ${t.index} | ${inline(t.role)} | ${formatTokens(t.tokens)} | ${formatTokens(t.usedTokens)} | ${formatPercent(t.percent)} | ${formatUsd(t.nextCallCost)} | ${formatUsd(t.cumulativeCost)} | ${t.overLimit ? 'yes' : ''} | ${t.refused ? 'refused' : ''} |`,
    ),
  ];
  if (messages.length > 0) lines.push('', '## Messages');
  // Numbered from 1, as the table and every other output.
  messages.forEach((message, i) => appendAll(lines, ['', ...markdownMessage(message, i + 1)]));
  return `${lines.join('\n')}\n`;
}

function markdownMessage(message: ChatMessage, index: number): string[] {
  const name = message.name === undefined ? '' : ` (name ${inline(message.name)})`;
  const answers = message.tool_call_id === undefined ? '' : `, answering tool call ${inline(message.tool_call_id)}`;
  const lines = [`### ${index} · ${inline(message.role)}${name}${answers}`, '', ...fenced(sanitizeText(contentText(message)))];
  const images = Array.isArray(message.content) ? message.content.filter((part) => part.type !== 'text').length : 0;
  if (images > 0) lines.push('', `(${images} image part${images > 1 ? 's' : ''} not shown)`);
  if (message.tool_calls?.length) appendAll(lines, ['', 'Tool calls:', '', ...fenced(sanitizeText(JSON.stringify(message.tool_calls, null, 2)), 'json')]);
  return lines;
}

/** A CommonMark fence: inside it nothing is markup, and no line of the text can close it early. */
export function fenced(text: string, info = ''): string[] {
  const longest = largest((text.match(/`+/g) ?? []).map((run) => run.length), 0);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${info}`, ...(text === '' ? [] : [text]), fence];
}

/**
 * Text placed mid-line in a heading or table cell: one line, controls escaped, and the punctuation
 * that is markup there (emphasis, code, links, HTML, entities, cell breaks) backslashed.
 */
export function inline(text: string): string {
  return sanitizeLine(text).replace(/[\\`*_[\]<>|~&]/g, '\\$&');
}
