import { Box, Text } from 'ink';
import type { PathPrompt as PromptState } from '../../state/dashboardState.js';
import type { CallsLayout } from '../../view/callsLayout.js';
import { replyLines, type CallsView } from '../../view/reportedCallsView.js';
import { useTheme } from '../../view/theme.js';
import { Footer } from '../Footer.js';
import { Notice } from '../Notice.js';
import { Panel } from '../Panel.js';
import { PathPrompt } from '../PathPrompt.js';
import { CallCostChart } from './CallCostChart.js';
import { CallCostPanel } from './CallCostPanel.js';
import { CallGauge } from './CallGauge.js';
import { CallList } from './CallList.js';
import { CallReply } from './CallReply.js';

export interface ReportedCallsScreenProps {
  readonly view: CallsView;
  readonly layout: CallsLayout;
  readonly scroll: number;
  readonly notice: { readonly lines: readonly string[]; readonly tone: 'error' | 'warning' | 'info' } | undefined;
  readonly prompt: PromptState | undefined;
}

/** The dashboard on reported calls (a log replayed, the proxy live): the calls, the newest one's context, the spend, cost per call. */
export function ReportedCallsScreen({ view, layout, scroll, notice, prompt }: ReportedCallsScreenProps) {
  const theme = useTheme();
  const { bordered, wide } = layout;
  const inner = (width: number) => Math.max(1, width - (bordered ? 4 : 0));
  const side = wide ? layout.rightWidth : layout.columns;
  const panels = (
    <>
      <Panel title="context (reported)" width={side} rows={layout.gaugeRows} bordered={bordered}>
        <CallGauge gauge={view.gauge} width={inner(side)} />
      </Panel>
      <Panel title="cost" width={side} rows={layout.costRows} bordered={bordered}>
        <CallCostPanel cost={view.cost} rows={layout.costRows} />
      </Panel>
      {layout.chartRows > 0 ? (
        <Panel title="cost per call" width={side} rows={layout.chartRows + 1} bordered={bordered}>
          <CallCostChart bars={view.bars} width={inner(side)} height={layout.chartRows} />
        </Panel>
      ) : null}
    </>
  );
  const list = (
    <>
      <Panel title="calls" note={view.position} width={layout.leftWidth} rows={layout.listRows} bordered={bordered}>
        <CallList lines={view.lines} rows={layout.listRows} scroll={scroll} />
      </Panel>
      {layout.replyRows > 0 ? (
        <Panel title={view.reply?.title ?? 'reply'} width={layout.leftWidth} rows={layout.replyRows} bordered={bordered}>
          <CallReply lines={view.reply && replyLines(view.reply.text, inner(layout.leftWidth), layout.replyRows)} />
        </Panel>
      ) : null}
    </>
  );
  return (
    <Box flexDirection="column" width={layout.columns} height={layout.rows} overflowY="hidden">
      <Text wrap="truncate-end">
        <Text bold color={theme.accent}>
          context-accountant
        </Text>
        <Text dimColor> · {view.title}</Text>
      </Text>
      {wide ? (
        <Box flexDirection="row">
          <Box flexDirection="column" width={layout.leftWidth}>
            {list}
          </Box>
          <Box flexDirection="column" width={layout.rightWidth}>
            {panels}
          </Box>
        </Box>
      ) : (
        <>
          {panels}
          {list}
        </>
      )}
      {notice ? <Notice lines={notice.lines} tone={notice.tone} /> : null}
      {prompt ? <PathPrompt prompt={prompt} width={layout.columns} bordered={bordered} /> : null}
      <Footer lines={layout.footer} gap={2} width={layout.columns} />
    </Box>
  );
}
