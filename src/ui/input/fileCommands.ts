import { uncountedParts } from '../../core/chatFormat.js';
import type { ConversationSource } from '../../core/conversationSource.js';
import { FileExistsError, InputError } from '../../core/errors.js';
import { ledgerMessages } from '../../core/ledger.js';
import { strategyReport } from '../../core/report/strategyReport.js';
import type { StrategyRun } from '../../core/strategies/types.js';
import type { SessionRecorder } from '../../core/session.js';
import type { DashboardIo } from '../hooks/dashboardIo.js';
import type { DashboardAction } from '../state/dashboardReducer.js';
import type { DashboardState } from '../state/dashboardState.js';
import type { FileCommand } from './commandAction.js';
import { replayedCalls } from '../state/reportedCalls.js';

/** What the file commands reach outside the dashboard with. */
export interface FileEnvironment {
  readonly io: Pick<DashboardIo, 'readConversation' | 'readCalls' | 'completePath' | 'resolvePath' | 'writeExport'>;
  readonly recorder?: SessionRecorder;
  readonly now?: () => Date;
}

type Dispatch = (action: DashboardAction) => void;

/**
 * Ctrl+O and Ctrl+E: opening their prompt, completing its path, and acting on it. The file
 * system is touched here (the hook's side), never in the reducer; what was found goes back as
 * actions, and any error the io layer raises is shown as the notice, changing nothing else.
 */
export function runFileCommand(command: FileCommand, state: DashboardState, dispatch: Dispatch, env: FileEnvironment, run: StrategyRun): void {
  const { prompt } = state;
  try {
    if (command === 'loadFile') dispatch({ type: 'prompt/open', kind: 'load', text: '' });
    else if (command === 'exportSession') dispatch({ type: 'prompt/open', kind: 'export', text: defaultExportName(env) });
    else if (!prompt) return;
    else if (command === 'promptComplete') complete(prompt.text, dispatch, env);
    else if (prompt.text.trim() === '') dispatch({ type: 'notice', tone: 'error', text: `type a path first (Tab completes it)` });
    else if (prompt.kind === 'load') load(prompt.text.trim(), dispatch, env);
    else exportTo(prompt.text.trim(), prompt.overwrite, state, run, dispatch, env);
  } catch (error) {
    showFailure(error, dispatch);
  }
}

/** What a file command's failure shows: an InputError's line, or the question before overwriting. */
function showFailure(error: unknown, dispatch: Dispatch): void {
  if (error instanceof FileExistsError) dispatch({ type: 'prompt/confirmOverwrite', path: error.path });
  else if (error instanceof InputError) dispatch({ type: 'notice', tone: 'error', text: error.message });
  else throw error;
}

/**
 * The file commands read and write off the event loop: keys typed meanwhile are handled as ever.
 * Whatever goes wrong once the work is under way is shown as the notice (a bug's message
 * included): the dashboard, and the draft in it, stay.
 */
function inBackground(work: Promise<void>, dispatch: Dispatch, onRefused: () => void = () => undefined): void {
  work.catch((error: unknown) => {
    onRefused();
    try {
      showFailure(error, dispatch);
    } catch {
      dispatch({ type: 'notice', tone: 'error', text: error instanceof Error ? error.message : String(error) });
    }
  });
}

function complete(text: string, dispatch: Dispatch, env: FileEnvironment): void {
  const { text: completed, matches } = env.io.completePath(text);
  if (matches.length === 0) {
    dispatch({ type: 'notice', tone: 'error', text: `nothing matches ${text === '' ? 'here' : `"${text}"`}` });
    return;
  }
  if (completed !== text) dispatch({ type: 'prompt/set', text: completed });
  if (matches.length > 1) dispatch({ type: 'notice', tone: 'info', text: `${matches.length} matches: ${matches.join('  ')}` });
  else dispatch({ type: 'notice/clear' });
}

/**
 * Closes the prompt (keys go to the draft while the file is read), then queues the turns; a file
 * refused opens the prompt again on the path typed, to correct it.
 */
function load(typed: string, dispatch: Dispatch, env: FileEnvironment): void {
  const file = env.io.resolvePath(typed);
  dispatch({ type: 'prompt/close' });
  dispatch({ type: 'notice', tone: 'info', text: `reading ${file}...` });
  const reading = Promise.resolve().then(async () => {
    // An agent or API log replays its calls; anything else is read as a conversation.
    const log = await env.io.readCalls?.(file);
    if (log) {
      const { calls, notes } = log;
      dispatch({ type: 'calls/loaded', calls: replayedCalls(file, log) });
      dispatch({ type: 'notice', tone: 'info', text: [`${file}: ${calls.length} call${calls.length === 1 ? '' : 's'} to replay (Ctrl+N the next, Ctrl+P plays them)`, ...notes].join('; ') });
      return;
    }
    dispatch({ type: 'file/loaded', file, loaded: await env.io.readConversation(file) });
  });
  inBackground(
    reading,
    dispatch,
    () => dispatch({ type: 'prompt/open', kind: 'load', text: typed }),
  );
}

/** Writes the session as the dashboard shows it: `run` is its strategy's, priced by the one engine. */
function exportTo(typed: string, overwrite: string | undefined, state: DashboardState, run: StrategyRun, dispatch: Dispatch, env: FileEnvironment): void {
  const path = env.io.resolvePath(typed);
  const messages = ledgerMessages(state.ledger);
  const source = exportSource(state, messages);
  const report = strategyReport(run, undefined, source && { ...source, toolTokens: run.toolTokens });
  const pending = state.jobs.some((job) => job.kind === 'append') ? '; messages still being counted are not in it' : '';
  const writing = Promise.resolve(env.io.writeExport(path, { messages, report }, { force: overwrite === path })).then((written) => {
    dispatch({ type: 'prompt/close' });
    dispatch({
      type: 'notice',
      tone: 'info',
      text: `wrote ${written.path} (${written.format}, ${messages.length} message${messages.length === 1 ? '' : 's'})${pending}`,
    });
  });
  inBackground(writing, dispatch);
}

function exportSource(state: DashboardState, messages: Parameters<typeof uncountedParts>[0]): ConversationSource | undefined {
  if (!state.source) return undefined;
  const { format, conversation, conversationCount } = state.source;
  const notCounted = uncountedParts(messages);
  return { format, conversation, conversationCount, tools: state.tools.definitions, ...(notCounted.length > 0 && { notCounted }) };
}

/** `context-accountant-<session id>.md`, or the time when the session is not recorded (yet). */
export function defaultExportName({ recorder, now = () => new Date() }: Pick<FileEnvironment, 'recorder' | 'now'>): string {
  const id = recorder?.id() ?? now().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `context-accountant-${id}.md`;
}
