import { Box, useApp } from 'ink';
import { useEffect, useMemo } from 'react';
import type { ModelEntry } from '../core/catalog.js';
import type { ChatMessage, FormatRule, ToolDefinition } from '../core/chatFormat.js';
import type { SessionRecorder } from '../core/session.js';
import type { AccountingOptions } from '../core/strategies/ledgerRun.js';
import type { StrategyName } from '../core/strategies/types.js';
import { AccountPanels } from './components/AccountPanels.js';
import { Banner } from './components/Banner.js';
import { CompareTable } from './components/CompareTable.js';
import { ConversationPane } from './components/ConversationPane.js';
import { ExtraPanels } from './components/ExtraPanels.js';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { InputLine } from './components/InputLine.js';
import { ModelPicker } from './components/ModelPicker.js';
import { Notice } from './components/Notice.js';
import { Panel } from './components/Panel.js';
import { PathPrompt } from './components/PathPrompt.js';
import { ReportedCallsScreen } from './components/calls/ReportedCallsScreen.js';
import type { DashboardIo } from './hooks/dashboardIo.js';
import type { DashboardAction } from './state/dashboardReducer.js';
import type { ReportedCallsState } from './state/reportedCalls.js';
import { useCompareRuns } from './hooks/useCompareRuns.js';
import { useDashboard } from './hooks/useDashboard.js';
import { useMemoSlots } from './hooks/useMemoSlots.js';
import { useStrategyView } from './hooks/useStrategyView.js';
import { useTerminalSize } from './hooks/useTerminalSize.js';
import { commandAction } from './input/commandAction.js';
import { KEYMAP, keyLabel, scopeOf, type Command } from './input/keymap.js';
import { useKeyboard } from './input/useKeyboard.js';
import { pendingMessages, type Notice as NoticeState, type SessionSource } from './state/dashboardState.js';
import { callsLayout, callsMaxScroll } from './view/callsLayout.js';
import { dashboardView } from './view/dashboardView.js';
import { runningLabel } from './view/strategyView.js';
import { noticeLines } from './view/frameText.js';
import { reportedCallsView } from './view/reportedCallsView.js';
import { createTheme, ThemeContext } from './view/theme.js';

export interface AppProps {
  readonly model: ModelEntry;
  readonly rule: FormatRule;
  /** Turns to replay, none applied yet. */
  readonly queue?: readonly ChatMessage[];
  /** What Ctrl+L pastes. */
  readonly dump: string;
  /** Autoplay speed, turns per second. */
  readonly speed?: number;
  /** False under NO_COLOR. */
  readonly color?: boolean;
  /** Tool definitions billed on every call, and the file the queue was read from (for the header). */
  readonly tools?: readonly ToolDefinition[];
  readonly source?: SessionSource;
  /** A resumed session's messages: the history, applied from the start. */
  readonly history?: readonly ChatMessage[];
  /** Which of them the journal has as replayed queued turns: the replay goes on after them. */
  readonly historyReplayed?: readonly boolean[];
  /** Shown from the start (a resumed session's warnings). */
  readonly notice?: NoticeState;
  /** The session's journal; none with --no-journal. */
  readonly recorder?: SessionRecorder;
  /** Files, paths and workers: io's, passed in by commands/dashboard.ts (the ui imports no io). */
  readonly io: DashboardIo;
  /** The history strategy to start with (`--strategy`); Ctrl+S cycles it. */
  readonly strategy?: StrategyName;
  /** The strategies' settings, `--cache`, `--budget`, `--kv`: keep its identity, the views are memoised on it. */
  readonly accounting?: AccountingOptions;
  /** Reported calls to show in place of a conversation: a log to replay, or the proxy's (fed by `subscribe`). */
  readonly calls?: ReportedCallsState;
  /**
   * A live source of reported calls (the proxy): called once with the dashboard's dispatch, it
   * feeds `callRequested` / `callReported` / `callRefused`; what it returns unsubscribes.
   */
  readonly subscribe?: (dispatch: (action: DashboardAction) => void) => () => void;
}

const NO_ACCOUNTING: AccountingOptions = {};
const keyOf = (command: Command): string => keyLabel(KEYMAP.find((entry) => entry.command === command)!.keys[0]!);
const HINT_KEYS = { newline: keyOf('insertNewline'), reply: keyOf('sendReply') };

export function App({ color = true, ...props }: AppProps) {
  const theme = useMemo(() => createTheme(color), [color]);
  return (
    <ThemeContext.Provider value={theme}>
      <Dashboard {...props} />
    </ThemeContext.Provider>
  );
}

function Dashboard({ speed = 1, accounting = NO_ACCOUNTING, subscribe, ...options }: Omit<AppProps, 'color'>) {
  const { exit } = useApp();
  const { state, dispatch, latest, fileCommand, loading, counting, count } = useDashboard({ ...options, speed });
  useEffect(() => subscribe?.(dispatch), [subscribe, dispatch]);
  const { columns, rows } = useTerminalSize();
  // The session under the chosen strategy (keep-all: the ledger itself), memoised on the ledger.
  const { view, running } = useStrategyView(state.ledger, state.strategy, accounting, count);
  const memo = useMemoSlots();
  const session = sessionNote(options.recorder);
  // Short enough to fit beside the figures in the narrowest gauge.
  const busy = loading ? 'loading...' : (counting ?? (running && runningLabel(running)));
  const compareRuns = useCompareRuns(state.ledger, state.comparing, view, accounting, count);
  const frame = dashboardView({ state, view, columns, rows, accounting, busy, session, compareRuns }, memo);
  const { plan, conversation } = frame;
  // Reported calls (a log replayed, the proxy) take the screen in place of the conversation.
  const callsNotice = state.notice && { lines: noticeLines(state.notice, columns, rows >= 20 ? 2 : 1), tone: state.notice.tone };
  const callsPlan = state.calls && callsLayout(columns, rows, { notice: callsNotice?.lines.length ?? 0, prompt: state.prompt !== undefined, sessions: state.calls.sessions.length, reply: state.calls.live });
  const calls = state.calls && reportedCallsView(state.calls, state.replayRate, callsPlan?.turn, state.scroll);
  const scroll = callsPlan && calls ? { page: callsPlan.page, max: callsMaxScroll(callsPlan, calls.lines.length) } : frame.scroll;

  useKeyboard({
    // The state after every key so far: one read can open the prompt and type into it.
    scope: () => scopeOf(latest()),
    onCommand(command) {
      const now = latest();
      const sent = now.turns.length + pendingMessages(now.jobs).length;
      const action = commandAction(command, { page: scroll.page, maxScroll: scroll.max, dump: options.dump, sent });
      // A notice stays until the next command.
      if (action !== 'quit') dispatch({ type: 'notice/clear' });
      if (action === 'quit') exit();
      else if (typeof action === 'string') fileCommand(action, view.run);
      else dispatch(action);
    },
    onPaste: (text) => dispatch({ type: 'paste', text }),
    onType: (text) => dispatch({ type: 'edit', edit: { kind: 'insert', text } }),
  });

  if (calls && callsPlan) return <ReportedCallsScreen view={calls} layout={callsPlan} scroll={state.scroll} notice={callsNotice} prompt={state.prompt} />;

  const body = conversation.picker ? (
    <ModelPicker index={conversation.picker.index} currentId={conversation.picker.currentId} rows={plan.conversationRows} />
  ) : conversation.compare ? (
    <CompareTable compare={conversation.compare} rows={plan.conversationRows} />
  ) : (
    <ConversationPane rows={conversation.rows} firstRow={conversation.firstRow} width={conversation.width} hint={conversation.hint} />
  );
  const pane =
    conversation.title !== undefined ? (
      <Panel title={conversation.title} note={conversation.note} width={plan.leftWidth} rows={plan.conversationRows} bordered={plan.bordered}>
        {body}
      </Panel>
    ) : (
      <Box height={plan.conversationRows} overflowY="hidden" flexDirection="column">
        {body}
      </Box>
    );
  // The budget and KV panels go under the conversation when the right column has no room for them.
  const leftColumn = conversation.extrasBelow ? (
    <Box flexDirection="column" width={plan.leftWidth}>
      {pane}
      <ExtraPanels view={view} plan={plan} column="left" width={plan.leftWidth} />
    </Box>
  ) : (
    pane
  );
  const panels = <AccountPanels view={view} plan={plan} model={frame.model} {...frame.panels} />;

  return (
    <Box flexDirection="column" width={plan.columns} height={plan.rows} overflowY="hidden">
      <Header model={frame.model} width={plan.columns} replay={frame.header.replay} source={frame.header.source} />
      {frame.banners.map((block, i) => (
        <Banner key={i} lines={block.lines} over={block.over} width={plan.columns} />
      ))}
      {plan.stacked ? (
        <>
          {panels}
          {leftColumn}
        </>
      ) : (
        <Box flexDirection="row">
          {leftColumn}
          <Box flexDirection="column" width={plan.rightWidth}>
            {panels}
          </Box>
        </Box>
      )}
      {frame.notice ? <Notice lines={frame.notice.lines} tone={frame.notice.tone} /> : null}
      {state.prompt ? (
        <PathPrompt prompt={state.prompt} width={plan.columns} bordered={plan.bordered} />
      ) : (
        <InputLine
          role={state.role}
          draft={state.draft}
          width={plan.columns}
          bordered={plan.bordered}
          focus={!state.picker}
          keys={HINT_KEYS}
        />
      )}
      <Footer lines={frame.footer.lines} gap={frame.footer.gap} aside={frame.footer.aside} width={plan.columns} />
    </Box>
  );
}

/** The session's id where the footer has room; "not saved" with --no-journal; nothing before the first turn creates it. */
function sessionNote(recorder: SessionRecorder | undefined): string | undefined {
  if (!recorder) return 'session not saved';
  const id = recorder.id();
  return id === undefined ? undefined : `session ${id}`;
}
