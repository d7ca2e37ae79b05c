import type { ModelEntry } from '../../core/catalog.js';
import { callCostSeriesFrom, growthHeadline, type CallCostSeries } from '../../core/costChart.js';
import { formatUsd } from '../../core/format.js';
import type { AccountingOptions } from '../../core/strategies/ledgerRun.js';
import { footerItems, KEYMAP, keyLabel, scopeOf, type Command, type FooterItem, type Scope } from '../input/keymap.js';
import { pendingMessages, replayPosition, type DashboardState, type Notice } from '../state/dashboardState.js';
import { accountBanners, type BannerBlock } from './accountBanners.js';
import {
  conversationRowList,
  entryRowsFrom,
  foldRowsFor,
  maxScroll,
  notCountedLabel,
  visibleRows,
  type ConversationRow,
  type EntryRows,
} from './conversationRows.js';
import { asideGap, bannerLines, contentWidth, noticeLines } from './frameText.js';
import { planLayout, type ExtraName, type LayoutPlan } from './layout.js';
import { markSent } from './sentMarks.js';
import { sourceLabel } from './sourceLabel.js';
import { chartHeadline, fitCallChartFrom, type FittedCallChart } from './callChart.js';
import { compareView, type CompareView } from './compareView.js';
import type { StrategyRun } from '../../core/strategies/types.js';
import { fitStrategyChartFrom, type FittedChart, type GrowingStrategyChart } from './strategyChart.js';
import type { StrategyView } from './strategyView.js';

/** The header's replay status: "turn k/N", and while playing the speed asked and the rate achieved. */
export interface ReplayStatus {
  readonly applied: number;
  readonly total: number;
  readonly playing: boolean;
  /** Turns per second asked (`--speed`, `+` / `-`). */
  readonly speed: number;
  /** Turns per second shown since play started, once it has run a second. */
  readonly achieved?: number;
}

/**
 * The dashboard as data: the state, the strategy view and the terminal's size in, everything the
 * components draw out. Pure (App.tsx only composes components over it), so every figure and line
 * of the frame is tested without Ink. `memo` keeps the dear parts (the conversation's rows, the
 * charts) between frames; without it everything is computed afresh.
 */
export interface DashboardViewInput {
  readonly state: DashboardState;
  readonly view: StrategyView;
  readonly columns: number;
  readonly rows: number;
  readonly accounting: AccountingOptions;
  /** "loading..." while the encoder loads, "counting..." while a job waits. */
  readonly busy: string | undefined;
  /** "session ID", "session not saved", or undefined before the first turn creates the journal. */
  readonly session: string | undefined;
  /** Every strategy's run while the compare view is open (Ctrl+G). */
  readonly compareRuns?: readonly StrategyRun[] | undefined;
}

/**
 * Keeps a value while its deps are the same (===) as last time; `slot` names the value. When they
 * change, `compute` gets the slot's last value (undefined the first time) to grow it from.
 */
export type Memo = <T>(slot: string, deps: readonly unknown[], compute: (previous: T | undefined) => T) => T;

export const NO_MEMO: Memo = (_slot, _deps, compute) => compute(undefined);

export interface ConversationView {
  /** Undefined: the pane has no title rule (borderless and short), just its rows. */
  readonly title: string | undefined;
  readonly note: string;
  /** The model picker replaces the rows while it is open. */
  readonly picker: { readonly index: number; readonly currentId: string } | undefined;
  /** The compare view replaces the rows while it is open. */
  readonly compare: CompareView | undefined;
  readonly rows: readonly ConversationRow[];
  /** Where `rows` start in the whole conversation's rows: a row keeps its place (its key) as the view moves. */
  readonly firstRow: number;
  readonly width: number;
  /** Shown while there are no messages. */
  readonly hint: readonly string[];
  /** The budget or KV panel goes under the conversation (no room in the right column). */
  readonly extrasBelow: boolean;
}

export interface DashboardView {
  readonly scope: Scope;
  readonly plan: LayoutPlan;
  readonly model: ModelEntry;
  readonly header: { readonly replay: ReplayStatus | undefined; readonly source: string | undefined };
  /** The window's banner (80% full, over the limit), then the accounting's (budget, price tier). */
  readonly banners: readonly BannerBlock[];
  readonly conversation: ConversationView;
  readonly panels: {
    readonly busy: string | undefined;
    /** Under keep-all: every reply call's input cost, grouped to fit, and the headline above it. */
    readonly calls: FittedCallChart;
    readonly headline: string;
    readonly fitted: FittedChart | undefined;
    readonly hint: string;
  };
  readonly notice: { readonly lines: readonly string[]; readonly tone: Notice['tone'] } | undefined;
  readonly footer: { readonly lines: readonly (readonly FooterItem[])[]; readonly gap: number; readonly aside: string | undefined };
  /** What a page of scrolling is, and how far up the conversation scrolls. */
  readonly scroll: { readonly page: number; readonly max: number };
}

const keyFor = (command: Command): string => keyLabel(KEYMAP.find((entry) => entry.command === command)!.keys[0]!);

export function dashboardView(input: DashboardViewInput, memo: Memo = NO_MEMO): DashboardView {
  const { state, view, columns, rows, accounting } = input;
  const model = state.ledger.config.model;
  const scope = scopeOf(state);
  const wide = Math.max(20, columns);
  // Over the window, the way out, where a row can be spared for it.
  const way = rows >= 30 ? `${keyFor('pickModel')}: a model with a bigger window · ${keyFor('cycleStrategy')}: a strategy that fits` : undefined;
  const banner = bannerLines(view.usage, wide, way);
  const banners = [...(banner.length > 0 ? [{ lines: banner, over: view.usage.level === 'over' }] : []), ...accountBanners(view, wide)];
  const noticeText = state.notice ? noticeLines(state.notice, wide, rows >= 20 ? 2 : 1) : [];
  const extras: ExtraName[] = [...(accounting.budget !== undefined ? ['budget' as const] : []), ...(accounting.kv ? ['kv' as const] : [])];
  const bannerRows = banners.reduce((sum, block) => sum + block.lines.length, 0) + noticeText.length;
  // The same plan object while nothing it depends on changes: the footer, drawn from its lines,
  // is then not drawn again on every turn of a replay.
  const plan = memo('plan', [columns, rows, bannerRows, scope, accounting], () =>
    planLayout({ columns, rows, bannerRows, footer: footerItems(scope), shortFooter: footerItems(scope, true), extras }),
  );

  const textWidth = contentWidth(plan.leftWidth, plan.bordered);
  const foldRows = foldRowsFor(plan.conversationRows);
  // Rows change only with the ledger, the messages waiting, and the size; a turn appended adds its
  // own rows to those kept (entryRowsFrom), and only the rows on screen are copied and marked.
  const entryRows = memo('entryRows', [state.ledger, textWidth, foldRows], (previous: EntryRows | undefined) =>
    entryRowsFrom(previous, state.ledger, textWidth, foldRows),
  );
  const allRows = memo('rows', [entryRows, state.ledger, state.jobs], () => conversationRowList(entryRows, state.ledger, pendingMessages(state.jobs)));
  const scrollMax = maxScroll(allRows, plan.conversationRows);
  const scroll = Math.min(state.scroll, scrollMax);
  const shownRows = memo('shown', [allRows, view.run, plan.conversationRows, scroll], () =>
    markSent(visibleRows(allRows, plan.conversationRows, scroll), view.run),
  );
  const firstRow = Math.max(0, allRows.length - scroll - plan.conversationRows);

  const messages = state.turns.length + pendingMessages(state.jobs).length;
  const notCounted = allRows.notCounted;
  const countNote =
    `${messages} message${messages === 1 ? '' : 's'}` +
    (notCounted > 0 ? ` · ${notCountedLabel(notCounted)}` : '') +
    (scroll > 0 ? ` · ↑ ${scroll} rows` : '');
  // The session id: at the end of the footer, else beside the message count, where there is room.
  const { session } = input;
  const footerAside = asideGap(plan.footerLines, plan.footerGap, session, plan.columns) > 0 ? session : undefined;
  const noteRoom = plan.leftWidth - 'Conversation'.length - 8;
  const conversationNote =
    footerAside !== undefined || session === undefined
      ? countNote
      : ([`${countNote} · ${session}`, `${countNote} · ${session.replace(/^session /, '')}`].find((note) => note.length <= noteRoom) ?? countNote);

  const compare = memo('compare', [input.compareRuns, view.strategy, textWidth, plan.conversationRows], () =>
    input.compareRuns ? compareView(input.compareRuns, view.strategy, textWidth, plan.conversationRows) : undefined,
  );
  const rightText = contentWidth(plan.rightWidth, plan.bordered);
  const queued = state.queue.length;
  const playHint =
    queued > 0 && !state.playing ? `${keyFor('togglePlay')} plays the ${queued} queued turn${queued === 1 ? '' : 's'}, ${keyFor('next')} one at a time` : undefined;
  const callSeries = memo('callSeries', [view.keepAll], (previous: CallCostSeries | undefined) => callCostSeriesFrom(previous, view.keepAll));
  // Grown by the turn's reply calls under every strategy (keep-all's bars beside the strategy's), not drawn again from every call.
  const fitted = memo<GrowingStrategyChart | undefined>('fitted', [view.keepAll, view.run, view.strategy, rightText, plan.chartRows], (previous: GrowingStrategyChart | undefined) =>
    plan.chartRows > 0 && view.strategy !== 'keep-all' ? fitStrategyChartFrom(previous, view.keepAll, view.run, rightText, plan.chartRows) : previous,
  );

  return {
    scope,
    plan,
    model,
    header: {
      replay:
        state.replayTotal > 0
          ? { ...replayPosition(state), playing: state.playing, speed: state.speed, ...(state.replayRate !== undefined && { achieved: state.replayRate }) }
          : undefined,
      source: state.source && sourceLabel(state.source),
    },
    banners,
    conversation: {
      title: plan.conversationTitle ? (state.picker ? 'Choose a model' : compare ? 'All strategies' : 'Conversation') : undefined,
      note: state.picker ? `now ${model.id}` : compare ? `${keyFor('toggleCompare')} closes` : conversationNote,
      compare,
      picker: state.picker && { index: state.picker.index, currentId: model.id },
      rows: shownRows,
      firstRow,
      width: textWidth,
      hint: [
        ...(playHint ? [`${playHint}.`] : []),
        'No messages yet.',
        `Type below and press ${keyFor('send')}, or ${keyFor('pasteLogDump')} to paste a log.`,
      ],
      extrasBelow: plan.budget?.column === 'left' || plan.kv?.column === 'left',
    },
    panels: {
      busy: input.busy,
      // Grown by the turn's calls (the series and its columns), not drawn again from every call.
      calls: memo('calls', [callSeries, rightText], (previous: FittedCallChart | undefined) => fitCallChartFrom(previous, callSeries, rightText)),
      headline: memo('headline', [view.keepAll, rightText], () =>
        chartHeadline(growthHeadline(view.keepAll), formatUsd(view.keepAll.totals.cumulativeCost), rightText),
      ),
      fitted: plan.chartRows > 0 && view.strategy !== 'keep-all' ? fitted?.fitted : undefined,
      // The demo opens paused: say how it plays wherever the gauge has a row for it.
      hint: playHint ?? `${keyFor('cycleStrategy')} tries window, evict-large, summarize`,
    },
    notice: state.notice && { lines: noticeText, tone: state.notice.tone },
    footer: { lines: plan.footerLines, gap: plan.footerGap, aside: footerAside },
    scroll: { page: Math.max(1, plan.conversationRows - 1), max: scrollMax },
  };
}
