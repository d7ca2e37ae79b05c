import { priceReportedCall } from '../core/report/usageReport.js';
import { asLogUsage } from '../core/reportedUsagePrice.js';
import type { ReportedCallsAction } from '../ui/state/reportedCalls.js';
import type { ProxiedCall, ProxyEvent } from './proxyServer.js';

/**
 * The proxy's events as the dashboard's reported-calls actions: a request counted before it is
 * forwarded, its usage priced as `report` prices a log's call when it is booked (a failed call as
 * the call log records it: billed nothing), a refusal with why, the reply's text as it streams.
 * All of it gathered and handed on every {@link FEED_EVERY_MS} as one action: 200 streams at
 * once redraw the screen ten times a second, not at every call and every chunk (each redraw
 * works out the whole view, and a key pressed meanwhile waits behind them).
 * Events before the dashboard subscribes (it mounts after the proxy listens) wait for it.
 */
export interface ProxyFeed {
  readonly onEvent: (event: ProxyEvent) => void;
  readonly subscribe: (dispatch: (action: ReportedCallsAction) => void) => () => void;
}

/** How often the dashboard is handed what happened: in one action, a frame's worth of calls at a time. */
export const FEED_EVERY_MS = 100;

const NO_USAGE = { input: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 0, reasoning: 0 };

export function proxyFeed(): ProxyFeed {
  let dispatch: ((action: ReportedCallsAction) => void) | undefined;
  let pending: ReportedCallsAction[] = [];
  let texts: { id: number; text: string }[] = [];
  let timer: NodeJS.Timeout | undefined;
  let booked = 0;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!dispatch) return;
    const actions = texts.length > 0 ? [...pending, { type: 'callsStreamed' as const, texts }] : pending;
    pending = [];
    texts = [];
    if (actions.length > 0) dispatch(actions.length === 1 ? actions[0]! : { type: 'calls/many', actions });
  };
  // Not holding the proxy's process open: the timer goes with the dashboard.
  const soon = () => void (timer ??= setTimeout(flush, FEED_EVERY_MS).unref());
  const send = (action: ReportedCallsAction) => {
    pending.push(action);
    soon();
  };
  const report = (id: number, client: string, model: string, call: ProxiedCall | undefined, failed: string | undefined) => {
    const reported = {
      model,
      at: new Date().toISOString(),
      agent: 'main',
      ...(call && { contextWindow: call.counted.limit }),
      // A call that did not end whole bills nothing in the call log (`report ID`): the dashboard says the same.
      ...(failed === undefined && call?.usage ? { usage: asLogUsage(call.usage) } : { usage: NO_USAGE, failed: failed ?? 'no usage reported (the reply was cut short)' }),
    };
    send({ type: 'callReported', session: client, id, priced: priceReportedCall(reported, ++booked, `proxy ${client}`) });
  };
  return {
    onEvent: (event) => {
      switch (event.type) {
        case 'request':
          return send({ type: 'callRequested', session: event.client, model: event.model, id: event.call, counted: { tokens: event.counted.tokens, limit: event.counted.limit, estimate: event.counted.estimate } });
        case 'streamed':
          texts.push({ id: event.call, text: event.text });
          return soon();
        case 'booked':
          return report(event.call, event.client, event.booked.model, event.booked, undefined);
        case 'failed':
          return report(event.call, event.client, event.model, event.booked, event.message);
        case 'refused':
          return send({ type: 'callRefused', session: event.client, model: '', why: event.message });
      }
    },
    subscribe: (next) => {
      dispatch = next;
      flush();
      return () => {
        dispatch = undefined;
      };
    },
  };
}
