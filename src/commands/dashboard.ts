import type { Command } from 'commander';
import { ESTIMATE_LINE, estimateFields } from '../core/estimate.js';
import type { DashboardSession, SessionFlags } from './dashboardSession.js';
import { readLimits } from './inputOptions.js';
import type { ChatMessage, CountText } from '../core/chatFormat.js';
import { formatTokens, formatUsd, roundUsd } from '../core/format.js';
import { runStatus } from '../core/runStatus.js';
import { LESSON_LOG_DUMP, LESSON_MESSAGES } from '../core/lesson.js';
import { KV_SHAPES } from '../core/kvShapes.js';
import { generateLogDump } from '../core/logDump.js';
import { loadTokenizer } from '../core/tokenizerOnDemand.js';
import { runStrategy } from '../core/strategies/runStrategy.js';
import type { StrategyName } from '../core/strategies/types.js';
import { InputError } from '../core/errors.js';
import { resumedReplay } from '../core/session.js';
import type { LoadedConversation } from '../io/conversationFile.js';
import {
  CONVERSATION_FILE_ARGUMENT,
  readConversationFromFlags,
  toolTokensOf,
  withConversationFileOptions,
  type ConversationFileFlags,
} from './conversationInput.js';
import type { AccountingOptions } from '../core/strategies/ledgerRun.js';
import { printReport, withExample, withModelOptions, type OutputFlags } from './commandKit.js';
import { parseKvSetup } from './kv.js';
import { resolveModel, type ModelChoice, type ModelFlags } from './modelOptions.js';
import { formatStatusBlock, statusStep, type SimulateStep } from './simulate.js';
import { parseStrategyName, resolveStrategyFlags, withStrategyOptions, type StrategyFlags } from './strategyOptions.js';

export interface DashboardFlags extends ModelFlags, OutputFlags, ConversationFileFlags, SessionFlags, StrategyFlags {
  readonly demo?: boolean;
  readonly dump?: string;
  readonly speed?: string;
  readonly kv?: string;
  readonly gpuGib?: string;
  readonly dtype?: string;
}

const UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2 };
const MAX_DUMP = 64 * 1024 ** 2;

/**
 * `--dump`: "lesson" (the lesson's log line x 2,000) or "log:SIZE" (generated log lines, e.g.
 * log:50kb; k = 1,024). Checked at once, made only when the dashboard opens.
 */
export function parseDump(spec = 'lesson'): () => string {
  if (spec === 'lesson') return () => LESSON_LOG_DUMP;
  const match = /^log:(\d+(?:\.\d+)?)(b|kb?|mb?)?$/i.exec(spec.trim());
  const bytes = match ? Math.round(Number(match[1]) * UNITS[(match[2] ?? '').toLowerCase()]!) : NaN;
  if (!(bytes >= 1 && bytes <= MAX_DUMP)) {
    throw new InputError(`--dump must be "lesson" or "log:SIZE" with SIZE from 1b to 64mb (e.g. log:50kb), got "${spec}"`);
  }
  return () => generateLogDump(bytes);
}

/**
 * The slowest replay: one turn per 100 s. Below it the timer's period (1000 / speed ms) passes what
 * setInterval takes (2^31 - 1 ms) and Node quietly fires it every millisecond instead: 1e-320 was
 * the fastest speed of all.
 */
export const MIN_SPEED = 0.01;

export function parseSpeed(value: string | undefined): number {
  if (value === undefined) return 1;
  const speed = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(speed) || speed < MIN_SPEED || speed > 100) {
    throw new InputError(`--speed must be a number of turns per second from ${MIN_SPEED} to 100, got "${value}"`);
  }
  return speed;
}

export interface SessionStatus extends SimulateStep {
  readonly model: string;
  /** Refused calls (over the window) bill nothing. */
  readonly cumulativeCost: number;
  readonly calls: number;
  readonly refusedCalls: number;
  /** With --strategy or --cache: the figures are that strategy's (the context it sends, its spend). */
  readonly strategy?: StrategyName;
  readonly keepAllCost?: number;
  /** True where tokens and prices are a stand-in tokenizer's (Claude, Gemini...). */
  readonly estimate?: true;
}

export interface StatusOptions extends Pick<LoadedConversation, 'tools'> {
  /** `--strategy`: the figures under it (keep-all's spend beside them). */
  readonly strategy?: StrategyName | undefined;
  /** The strategies' settings and `--cache` (budget and KV are the dashboard's panels only). */
  readonly accounting?: AccountingOptions;
}

/** The status of the session the dashboard would show, with every queued turn applied (and the tool definitions billed). */
export function sessionStatus(
  { model, rule }: ModelChoice,
  count: CountText,
  messages: readonly ChatMessage[],
  { tools, strategy, accounting = {} }: StatusOptions = {},
): SessionStatus {
  const toolTokens = toolTokensOf({ ...(tools && { tools }) }, count, messages);
  const input = {
    messages,
    model,
    count,
    rule,
    toolTokens,
    cache: accounting.cache ?? false,
    ...(accounting.settings && { settings: accounting.settings }),
  };
  const run = runStrategy({ ...input, strategy: strategy ?? 'keep-all' });
  const status = runStatus(run);
  const figures = {
    model: model.id,
    ...statusStep(status),
    cumulativeCost: roundUsd(status.cumulativeCost),
    calls: status.calls,
    refusedCalls: status.refusedCalls,
    ...estimateFields(model),
  };
  // The strategy's figures come with keep-all's spend beside them (with --cache alone, keep-all's own).
  if (strategy === undefined && !accounting.cache) return figures;
  const keepAll = run.strategy === 'keep-all' ? run : runStrategy({ ...input, strategy: 'keep-all' });
  return { ...figures, strategy: run.strategy, keepAllCost: roundUsd(keepAll.totals.cumulativeCost) };
}

export function formatSessionStatus(status: SessionStatus): string {
  const strategy =
    status.strategy === undefined ? '' : `\nStrategy: ${status.strategy} (keep-all would have spent ${formatUsd(status.keepAllCost ?? 0)})`;
  const refused = status.refusedCalls > 0 ? `\nRefused: ${formatTokens(status.refusedCalls)} of ${formatTokens(status.calls)} calls over the window (billed nothing)` : '';
  const estimate = status.estimate ? `\n${ESTIMATE_LINE}` : '';
  return `${formatStatusBlock(status)}\nSpent so far: ${formatUsd(status.cumulativeCost)} (model ${status.model})${refused}${strategy}${estimate}\n`;
}

/** The turns to queue: FILE's, read in any format with the file flags, or the lesson's with --demo. */
async function queuedTurns(file: string | undefined, flags: DashboardFlags): Promise<LoadedConversation | undefined> {
  if (file !== undefined) return readConversationFromFlags(file, flags);
  return flags.demo ? { messages: LESSON_MESSAGES, format: 'openai', conversation: 1, conversationCount: 1 } : undefined;
}

/**
 * The strategy, caching, budget and KV flags, checked as `report` and `kv` check them. Only the
 * settings given are fixed; the others follow the model chosen with Ctrl+T (`defaultSettings`).
 */
export function accountingOptions(flags: DashboardFlags, model: ModelChoice['model']): AccountingOptions {
  const { settings, cache, budget } = resolveStrategyFlags(flags, model);
  const given = {
    reserve: flags.reserve,
    large: flags.large,
    keepTurns: flags.keepTurns,
    summaryTokens: flags.summaryTokens,
  };
  const chosen = Object.fromEntries(Object.entries(settings).filter(([name]) => given[name as keyof typeof given] !== undefined));
  if (flags.kv === undefined && (flags.gpuGib !== undefined || flags.dtype !== undefined)) {
    throw new InputError('--gpu-gib and --dtype describe the KV panel: give --kv SHAPE too');
  }
  return {
    settings: chosen,
    cache,
    ...(budget !== undefined && { budget }),
    ...(flags.kv !== undefined && { kv: parseKvSetup('--kv', flags.kv, flags.dtype, flags.gpuGib) }),
  };
}

/**
 * The dashboard in a terminal; anywhere else (a pipe, a file, CI) the session's status as plain
 * text. In a terminal every turn is journaled (unless --no-journal); `--resume` starts from a
 * saved session's messages.
 */
export async function runDashboardCommand(file: string | undefined, flags: DashboardFlags, command?: Command): Promise<void> {
  const asked = await resolveModel(flags);
  const dump = parseDump(flags.dump);
  const speed = parseSpeed(flags.speed);
  const limits = readLimits(flags);
  const strategy = parseStrategyName(flags.strategy);
  // Checked before a journal is opened or resumed; checked again below if the resumed session's model is another.
  const askedAccounting = accountingOptions(flags, asked.model);
  if (file !== undefined) {
    // An agent or API log (or a session id from `sessions`): its calls are replayed, not turns.
    const { sessionPathFor } = await import('./agentSessions.js');
    const { isUsageLogInput } = await import('./usageLogInput.js');
    const log = await sessionPathFor(file);
    if (await isUsageLogInput(log, flags)) {
      const { runLogDashboard } = await import('./logDashboard.js');
      const loadUi = () => {
        process.env.NODE_ENV ??= 'production';
        return withoutFetch(() => import('../ui/terminal/runDashboard.js'));
      };
      return runLogDashboard(log, flags, { speed, dump: dump(), color: colorWanted(process.env), loadUi }, { modelGiven: command?.getOptionValueSource('model') === 'cli' });
    }
  }
  const loaded = await queuedTurns(file, flags);
  const queue = loaded?.messages ?? [];
  const terminal = !flags.json && process.stdin.isTTY === true && process.stdout.isTTY === true;
  // Loaded here, as the loaders are: journals are read and validated only by the commands that need them.
  const { startDashboardSession } = await import('./dashboardSession.js');
  const session = await startDashboardSession(
    flags,
    {
      model: asked.model.id,
      modelGiven: command?.getOptionValueSource('model') === 'cli',
      ...(file !== undefined && { source: file }),
      fileTools: loaded?.tools ?? [],
    },
    terminal,
  );
  try {
    const choice = session.model === undefined ? asked : await resolveModel({ ...flags, model: session.model });
    const accounting = choice.model === asked.model ? askedAccounting : accountingOptions(flags, choice.model);
    if (!terminal) {
      // A resumed replay's turns already in the history are not applied twice.
      const rest = queue.slice(resumedReplay(session.history, session.historyReplayed, queue).applied);
      if (!flags.json) {
        const resumed = session.history.length > 0 ? ` (resumed: ${session.history.length} messages)` : '';
        const applied = rest.length > 0 ? `, with its ${rest.length} queued turns applied` : '';
        process.stderr.write(`context-accountant: not a terminal, so no dashboard; the session's status${resumed}${applied}:\n`);
      }
      const { count } = await loadTokenizer(choice.model.encoding);
      printReport(sessionStatus(choice, count, [...session.history, ...rest], { tools: session.tools, strategy, accounting }), formatSessionStatus, flags);
      return;
    }
    // Ink and React load only when there is a terminal to draw on. React's production build: its
    // development build (the default when NODE_ENV is unset) took about half of each keypress's
    // frame time in the dashboard benchmark. NODE_ENV set by the caller (vitest's "test") wins.
    process.env.NODE_ENV ??= 'production';
    const { runDashboard } = await withoutFetch(() => import('../ui/terminal/runDashboard.js'));
    const { dashboardIo } = await import('./dashboardIo.js');
    await runDashboard({
      model: choice.model,
      rule: choice.rule,
      queue,
      history: session.history,
      historyReplayed: session.historyReplayed,
      tools: session.tools,
      ...(file !== undefined && loaded && { source: sessionSource(file, loaded) }),
      ...(startNotice(session) && { notice: startNotice(session) }),
      ...(session.recorder && { recorder: session.recorder }),
      io: dashboardIo({ limits, logFlags: flags, logOptions: { modelGiven: command?.getOptionValueSource('model') === 'cli' } }),
      dump: dump(),
      speed,
      color: colorWanted(process.env),
      ...(strategy && { strategy }),
      accounting,
    });
  } finally {
    session.recorder?.close();
  }
}

/** What the dashboard says first: a resumed journal's warnings, or which session it goes on with. */
function startNotice({ warnings, resumed, history, recorder }: DashboardSession) {
  if (warnings.length > 0) return { tone: 'warning' as const, text: warnings.join(' · ') };
  if (resumed === undefined) return undefined;
  const saving = recorder ? '' : ' (read only: --no-journal)';
  return { tone: 'info' as const, text: `resumed session ${resumed}: ${history.length} message${history.length === 1 ? '' : 's'}${saving}` };
}

function sessionSource(file: string, { format, conversation, conversationCount }: LoadedConversation) {
  return { file, format, conversation, conversationCount };
}

/** NO_COLOR turns colours off when it is set and not empty (no-color.org). */
export function colorWanted(env: NodeJS.ProcessEnv): boolean {
  return env['NO_COLOR'] === undefined || env['NO_COLOR'] === '';
}

export function withDashboardOptions(command: Command): Command {
  withAccountingOptions(command);
  return withConversationFileOptions(withModelOptions(command))
    .option('--demo', "queue the lesson's scenario to replay (what npm start opens)")
    .option('--dump <what>', 'what Ctrl+L pastes: "lesson" or generated log lines, "log:50kb"', 'lesson')
    .option('--speed <turns>', 'replay speed for Ctrl+P, turns per second', '1')
    .option('--resume [id]', 'go on with a saved session: the latest, or the one with this id (see: sessions)')
    .option('--no-journal', 'do not save this session (no journal is written)');
}

/** The strategy, caching and budget flags `report` takes, and the KV panel's. */
function withAccountingOptions(command: Command): Command {
  return withStrategyOptions(command, 'the history strategy to start with (Ctrl+S cycles them)')
    .option('--kv <shape>', `show the KV cache an open-weight model would hold: ${KV_SHAPES.map((shape) => shape.name).join(', ')}`)
    .option('--gpu-gib <gib>', 'with --kv: GPU memory in GiB, for the largest context that fits')
    .option('--dtype <type>', 'with --kv: element type of the cache and weights (bf16, fp16, fp8, fp32; default bf16)');
}

export function registerReplay(program: Command): void {
  withExample(
    withDashboardOptions(program.command('replay').argument('<file>', CONVERSATION_FILE_ARGUMENT)),
    'context-accountant replay fixtures/lesson.json --speed 2',
  )
    .description('open the dashboard with a conversation queued, to step through (Ctrl+N) or play (Ctrl+P)')
    .action(runDashboardCommand);
}

/**
 * Runs `load` with no global `fetch`. Ink's layout engine (yoga's WebAssembly loader) fetches its
 * inlined module (a data: URL) when `fetch` exists, and in Node 20 the first call loads the whole
 * HTTP client (undici, ~25-35 ms here) before the first frame; without `fetch` it decodes the
 * module itself. The global is put back as it was once the UI has loaded.
 */
export async function withoutFetch<T>(load: () => Promise<T>): Promise<T> {
  const original = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  if (!original?.configurable) return load();
  Object.defineProperty(globalThis, 'fetch', { value: undefined, configurable: true, writable: true });
  try {
    return await load();
  } finally {
    Object.defineProperty(globalThis, 'fetch', original);
  }
}
