import type { Command } from 'commander';
import { InputError } from '../core/errors.js';
import { formatTokens, formatUsd } from '../core/format.js';
import type { GuardStrategy } from '../lib/guard/guard.js';
import type { ProxiedCall } from './proxyServer.js';
import { withExample } from './commandKit.js';
import { parseNonNegative } from './modelOptions.js';
import { DEFAULT_UPSTREAMS } from './proxyUpstreams.js';

interface ProxyFlags {
  readonly port: string;
  readonly host: string;
  readonly token?: string;
  readonly openaiUpstream: string;
  readonly anthropicUpstream: string;
  readonly budget?: string;
  readonly maxContext?: string;
  readonly upstreamTimeout: string;
  readonly strategy?: string;
  readonly json?: boolean;
  readonly journal: boolean;
}

const STRATEGIES: readonly GuardStrategy[] = ['window', 'evict-large', 'summarize'];

/** One line per call: what `--json` prints (the guard's record of it) and its text form. */
function callLine(call: ProxiedCall, json: boolean): string {
  if (json) return `${JSON.stringify(call)}\n`;
  const usage = call.usage ? `${formatTokens(call.usage.inputTokens)} in (${formatTokens(call.usage.cachedTokens)} cached), ${formatTokens(call.usage.outputTokens)} out` : 'no usage reported';
  const dropped = call.fit && call.fit.dropped.length > 0 ? `, ${call.fit.strategy} dropped ${call.fit.dropped.length} messages` : '';
  return `${call.client} ${call.api} ${call.model}: counted ${formatTokens(call.counted.tokens)}${call.counted.estimate ? ' (estimate)' : ''}, ${usage}, ${formatUsd(call.price.cost)}${dropped}\n`;
}

export function registerProxy(program: Command): void {
  withExample(
    program
      .command('proxy')
      .description('a local proxy for the OpenAI and Anthropic APIs: every call counted, limited and booked (on 127.0.0.1)')
      .option('--port <n>', 'port to listen on', '8787')
      .option('--host <address>', 'address to listen on; other than loopback it needs a token', '127.0.0.1')
      .option('--token <secret>', 'the proxy token clients send in the x-context-accountant-token header (or CONTEXT_ACCOUNTANT_PROXY_TOKEN)')
      .option('--openai-upstream <url>', 'where OpenAI calls go', DEFAULT_UPSTREAMS.openai)
      .option('--anthropic-upstream <url>', 'where Anthropic calls go', DEFAULT_UPSTREAMS.anthropic)
      .option('--upstream-timeout <seconds>', 'fail a call (504, or an error event mid-stream) when the upstream is silent this long', '600')
      .option('--budget <usd>', 'refuse calls once the session would spend more')
      .option('--max-context <n>', 'refuse (or fit) requests above this many tokens')
      .option('--strategy <name>', `fit requests instead of refusing them: ${STRATEGIES.join(', ')}`)
      .option('--no-journal', 'do not journal the session')
      .option('--json', 'one JSON line per call on stdout'),
    'context-accountant proxy --budget 2 --json   # then OPENAI_BASE_URL=http://127.0.0.1:8787/v1',
  ).action(async (flags: ProxyFlags) => {
    const port = parseNonNegative('--port', flags.port, { integer: true })!;
    const budget = parseNonNegative('--budget', flags.budget);
    const limit = parseNonNegative('--max-context', flags.maxContext, { integer: true });
    const timeout = Number(flags.upstreamTimeout.trim());
    // setTimeout's longest wait is 2^31-1 ms (24.8 days).
    if (flags.upstreamTimeout.trim() === '' || !(timeout > 0 && timeout <= 2_147_483)) {
      throw new InputError(`--upstream-timeout must be a number of seconds, more than 0, got "${flags.upstreamTimeout}"`);
    }
    if (flags.strategy !== undefined && !STRATEGIES.includes(flags.strategy as GuardStrategy)) {
      throw new InputError(`--strategy must be one of ${STRATEGIES.join(', ')}, got "${flags.strategy}"`);
    }
    const token = flags.token ?? (process.env.CONTEXT_ACCOUNTANT_PROXY_TOKEN || undefined);
    // The server, its guard and their schemas (zod) are loaded by this command only, not at every start.
    const { startProxy } = await import('./proxyServer.js');
    // With a terminal (and no --json) the dashboard shows the calls live; else one line per call.
    const terminal = flags.json !== true && process.stdin.isTTY === true && process.stdout.isTTY === true;
    const { proxyFeed } = await import('./proxyFeed.js');
    const feed = terminal ? proxyFeed() : undefined;
    const proxy = await startProxy({
      port,
      host: flags.host,
      ...(token !== undefined && { token }),
      upstreamTimeoutMs: timeout * 1000,
      upstreams: { openai: flags.openaiUpstream.replace(/\/$/, ''), anthropic: flags.anthropicUpstream.replace(/\/$/, '') },
      guard: {
        ...(budget !== undefined && { budgets: { session: budget } }),
        ...(limit !== undefined && { limit }),
        ...(flags.strategy !== undefined && { strategy: flags.strategy as GuardStrategy }),
        journal: flags.journal,
      },
      ...(feed
        ? { onEvent: feed.onEvent }
        : {
            onCall: (call: ProxiedCall) => process.stdout.write(callLine(call, flags.json === true)),
            onRefused: (refusal: { client: string; message: string }) => process.stderr.write(`context-accountant proxy: refused (${refusal.client}): ${refusal.message}\n`),
          }),
    });
    if (feed) {
      try {
        const { runProxyDashboard } = await import('./proxyDashboard.js');
        await runProxyDashboard(proxy.url, feed);
      } finally {
        await proxy.close();
      }
      return;
    }
    process.stderr.write(`context-accountant proxy: listening on ${proxy.url} (OPENAI_BASE_URL=${proxy.url}/v1, ANTHROPIC_BASE_URL=${proxy.url})\n`);
    await new Promise<void>((resolve) => {
      const stop = () => void proxy.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  });
}
