import { Box, useApp } from 'ink';
import { useMemo } from 'react';
import type { ModelEntry } from '../core/catalog.js';
import type { ChatMessage, FormatRule, ToolDefinition } from '../core/chatFormat.js';
import type { StrategyName } from '../core/strategies/types.js';
import { accountBanners } from './view/accountBanners.js';
import { commandAction } from './input/commandAction.js';
import { AccountPanels } from './components/AccountPanels.js';
import { Banner, bannerLines } from './components/Banner.js';
import { ConversationPane } from './components/ConversationPane.js';
import { ExtraPanels } from './components/ExtraPanels.js';
import { asideGap, Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { InputLine } from './components/InputLine.js';
import { Notice, noticeLines } from './components/Notice.js';
import { PathPrompt } from './components/PathPrompt.js';
import { ModelPicker } from './components/ModelPicker.js';
import { contentWidth, Panel } from './components/Panel.js';
import { conversationRows, foldRowsFor, maxScroll, visibleRows } from './view/conversationRows.js';
import { pendingMessages, replayPosition, type SessionSource } from './state/dashboardState.js';
import { notCountedLabel } from './view/conversationRows.js';
import { sourceLabel } from './view/sourceLabel.js';
import type { SessionRecorder } from '../core/session.js';
import type { DashboardIo } from './hooks/dashboardIo.js';
import type { Notice as NoticeState } from './state/dashboardState.js';
import { footerItems, KEYMAP, keyLabel, type Command } from './input/keymap.js';
import { planLayout, type ExtraName } from './view/layout.js';
import { markSent } from './view/sentMarks.js';
import { callCostPoints } from '../core/costChart.js';
import { fitStrategyChart } from './view/strategyChart.js';
import type { AccountingOptions } from '../core/strategies/ledgerRun.js';
import { createTheme, ThemeContext } from './view/theme.js';
import { useDashboard } from './hooks/useDashboard.js';
import { useKeyboard } from './input/useKeyboard.js';
import { useStrategyView } from './hooks/useStrategyView.js';
import { useTerminalSize } from './hooks/useTerminalSize.js';

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
}

const NO_ACCOUNTING: AccountingOptions = {};

export function App({ color = true, ...props }: AppProps) {
  const theme = useMemo(() => createTheme(color), [color]);
  return (
    <ThemeContext.Provider value={theme}>
      <Dashboard {...props} />
    </ThemeContext.Provider>
  );
}

const keyFor = (command: Command): string => keyLabel(KEYMAP.find((entry) => entry.command === command)!.keys[0]!);

function Dashboard({ speed = 1, accounting = NO_ACCOUNTING, ...options }: Omit<AppProps, 'color'>) {
  const { exit } = useApp();
  const { state, dispatch, fileCommand, loading, counting, count } = useDashboard({ ...options, speed });
  const { columns, rows } = useTerminalSize();
  // The session under the chosen strategy (keep-all: the ledger itself), memoised on the ledger.
  const view = useStrategyView(state.ledger, state.strategy, accounting, count);
  const { usage } = view;
  const points = useMemo(() => callCostPoints(view.keepAll), [view.keepAll]);
  const scope = state.prompt ? 'prompt' : state.picker ? 'picker' : 'dashboard';
  const banner = bannerLines(usage, Math.max(20, columns));
  const banners = accountBanners(view, Math.max(20, columns));
  const notice = state.notice ? noticeLines(state.notice, Math.max(20, columns), rows >= 20 ? 2 : 1) : [];
  const extras: ExtraName[] = [...(accounting.budget !== undefined ? ['budget' as const] : []), ...(accounting.kv ? ['kv' as const] : [])];
  const plan = planLayout({
    columns,
    rows,
    bannerRows: banner.length + banners.reduce((sum, block) => sum + block.lines.length, 0) + notice.length,
    footer: footerItems(scope),
    shortFooter: footerItems(scope, true),
    extras,
  });

  const textWidth = contentWidth(plan.leftWidth, plan.bordered);
  const foldRows = foldRowsFor(plan.conversationRows);
  const allRows = useMemo(
    () => conversationRows(state.ledger, pendingMessages(state.jobs), textWidth, foldRows),
    // Rows change only with the ledger, the messages waiting, and the size.
    [state.ledger, state.jobs, textWidth, foldRows],
  );
  const shownRows = useMemo(() => markSent(allRows, view.run), [allRows, view.run]);
  const scrollMax = maxScroll(allRows, plan.conversationRows);
  const scroll = Math.min(state.scroll, scrollMax);

  const keyboard = useKeyboard({
    scope,
    onCommand(command) {
      const action = commandAction(command, { page: Math.max(1, plan.conversationRows - 1), maxScroll: scrollMax, dump: options.dump });
      // A notice stays until the next command.
      if (action !== 'quit') dispatch({ type: 'notice/clear' });
      if (action === 'quit') exit();
      else if (typeof action === 'string') fileCommand(action);
      else dispatch(action);
    },
    onPaste: (text) => dispatch({ type: 'paste', text }),
    onSwallowed: () => dispatch({ type: 'draft/resync' }),
  });

  const replay = state.replayTotal > 0 ? { ...replayPosition(state), playing: state.playing, speed } : undefined;
  // Short enough to fit beside the figures in the narrowest gauge.
  const busy = loading ? 'loading...' : counting;
  const hint = [
    'No messages yet.',
    `Type below and press ${keyFor('send')}, or ${keyFor('pasteLogDump')} to paste a log.`,
    ...(state.queue.length > 0 ? [`${keyFor('next')} replays the next queued turn, ${keyFor('togglePlay')} plays them all.`] : []),
  ];
  const messages = state.turns.length + pendingMessages(state.jobs).length;
  const notCounted = allRows.reduce((sum, row) => sum + (row.kind === 'heading' ? row.notCounted : 0), 0);
  const countNote =
    `${messages} message${messages === 1 ? '' : 's'}` +
    (notCounted > 0 ? ` · ${notCountedLabel(notCounted)}` : '') +
    (scroll > 0 ? ` · ↑ ${scroll} rows` : '');
  // The session id: at the end of the footer, else beside the message count, where there is room.
  const session = sessionNote(options.recorder);
  const footerAside = asideGap(plan.footerLines, plan.footerGap, session, plan.columns) > 0 ? session : undefined;
  const noteRoom = plan.leftWidth - 'Conversation'.length - 8;
  const conversationNote =
    footerAside !== undefined || session === undefined
      ? countNote
      : ([`${countNote} · ${session}`, `${countNote} · ${session.replace(/^session /, '')}`].find((note) => note.length <= noteRoom) ?? countNote);

  const conversationBody = state.picker ? (
    <ModelPicker index={state.picker.index} currentId={state.ledger.config.model.id} rows={plan.conversationRows} />
  ) : (
    <ConversationPane rows={visibleRows(shownRows, plan.conversationRows, scroll)} width={textWidth} hint={hint} />
  );
  const conversation = plan.conversationTitle ? (
    <Panel
      title={state.picker ? 'Choose a model' : 'Conversation'}
      note={state.picker ? `now ${state.ledger.config.model.id}` : conversationNote}
      width={plan.leftWidth}
      rows={plan.conversationRows}
      bordered={plan.bordered}
    >
      {conversationBody}
    </Panel>
  ) : (
    <Box height={plan.conversationRows} overflowY="hidden" flexDirection="column">
      {conversationBody}
    </Box>
  );
  // The budget and KV panels go under the conversation when the right column has no room for them.
  const leftColumn = plan.budget?.column === 'left' || plan.kv?.column === 'left' ? (
    <Box flexDirection="column" width={plan.leftWidth}>
      {conversation}
      <ExtraPanels view={view} plan={plan} column="left" width={plan.leftWidth} />
    </Box>
  ) : (
    conversation
  );
  const rightText = contentWidth(plan.rightWidth, plan.bordered);
  const fitted = useMemo(
    () => (plan.chartRows > 0 && view.strategy !== 'keep-all' ? fitStrategyChart(view.keepAll, view.run, rightText, plan.chartRows) : undefined),
    [view.keepAll, view.run, view.strategy, rightText, plan.chartRows],
  );
  const strategyHint = `${keyFor('cycleStrategy')} tries window, evict-large, summarize`;
  const panels = (
    <AccountPanels view={view} plan={plan} model={state.ledger.config.model} busy={busy} points={points} fitted={fitted} hint={strategyHint} />
  );

  return (
    <Box flexDirection="column" width={plan.columns} height={plan.rows} overflowY="hidden">
      <Header model={state.ledger.config.model} width={plan.columns} replay={replay} source={state.source && sourceLabel(state.source)} />
      <Banner lines={banner} over={usage.level === 'over'} width={plan.columns} />
      {banners.map((block, i) => (
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
      {state.notice ? <Notice lines={notice} tone={state.notice.tone} /> : null}
      {state.prompt ? (
        <PathPrompt
          prompt={state.prompt}
          width={plan.columns}
          bordered={plan.bordered}
          onChange={(text) => {
            if (keyboard.typing()) dispatch({ type: 'prompt/change', text });
          }}
        />
      ) : (
        <InputLine
          role={state.role}
          draft={state.draft}
          width={plan.columns}
          bordered={plan.bordered}
          focus={!state.picker}
          onChange={(text) => {
            if (keyboard.typing()) dispatch({ type: 'draft/change', text });
          }}
        />
      )}
      <Footer lines={plan.footerLines} gap={plan.footerGap} aside={footerAside} width={plan.columns} />
    </Box>
  );
}

/** The session's id where the footer has room; "not saved" with --no-journal; nothing before the first turn creates it. */
function sessionNote(recorder: SessionRecorder | undefined): string | undefined {
  if (!recorder) return 'session not saved';
  const id = recorder.id();
  return id === undefined ? undefined : `session ${id}`;
}
