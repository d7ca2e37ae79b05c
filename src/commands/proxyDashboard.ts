import { colorWanted, parseDump, withoutFetch } from './dashboard.js';
import { dashboardIo } from './dashboardIo.js';
import { resolveModel } from './modelOptions.js';
import type { ProxyFeed } from './proxyFeed.js';

/** `proxy` in a terminal: the dashboard on the proxy's live calls, until Ctrl+C (which stops the proxy too). */
export async function runProxyDashboard(url: string, feed: ProxyFeed): Promise<void> {
  const choice = await resolveModel({});
  process.env.NODE_ENV ??= 'production';
  const { runDashboard } = await withoutFetch(() => import('../ui/terminal/runDashboard.js'));
  const { liveCalls } = await import('../ui/state/reportedCalls.js');
  await runDashboard({
    model: choice.model,
    rule: choice.rule,
    io: dashboardIo(),
    dump: parseDump()(),
    color: colorWanted(process.env),
    calls: liveCalls(`proxy ${url}`),
    subscribe: feed.subscribe,
    notice: { tone: 'info', text: `listening on ${url}: OPENAI_BASE_URL=${url}/v1, ANTHROPIC_BASE_URL=${url}` },
  });
}
