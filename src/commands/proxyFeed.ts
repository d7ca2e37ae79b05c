import { priceReportedCall } from '../core/report/usageReport.js';
import { asLogUsage } from '../core/reportedUsagePrice.js';
import type { ReportedCallsAction } from '../ui/state/reportedCalls.js';
import type { ProxiedCall, ProxiedRequest } from './proxyServer.js';

/**
 * The proxy's events as the dashboard's reported-calls actions: a request counted before it is
 * forwarded, its usage priced as `report` prices a log's call when it is booked, a refusal with
 * why. Events before the dashboard subscribes (it mounts after the proxy listens) wait for it.
 */
export interface ProxyFeed {
  readonly onRequest: (request: ProxiedRequest) => void;
  readonly onCall: (call: ProxiedCall) => void;
  readonly onRefused: (refusal: { readonly client: string; readonly message: string }) => void;
  readonly subscribe: (dispatch: (action: ReportedCallsAction) => void) => () => void;
}

export function proxyFeed(): ProxyFeed {
  let dispatch: ((action: ReportedCallsAction) => void) | undefined;
  const waiting: ReportedCallsAction[] = [];
  let booked = 0;
  const send = (action: ReportedCallsAction) => (dispatch ? dispatch(action) : waiting.push(action));
  return {
    onRequest: ({ client, model, counted }) => send({ type: 'callRequested', session: client, model, counted: { tokens: counted.tokens, limit: counted.limit, estimate: counted.estimate } }),
    onCall: (call) => {
      const reported = {
        model: call.model,
        at: new Date().toISOString(),
        agent: 'main',
        contextWindow: call.counted.limit,
        // A stream cut before its usage: the API reported nothing to bill by.
        ...(call.usage
          ? { usage: asLogUsage(call.usage) }
          : { usage: { input: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 0, reasoning: 0 }, failed: 'no usage reported (the reply was cut short)' }),
      };
      send({ type: 'callReported', session: call.client, priced: priceReportedCall(reported, ++booked, `proxy ${call.client}`), countedTokens: call.counted.tokens });
    },
    onRefused: ({ client, message }) => send({ type: 'callRefused', session: client, model: '', why: message }),
    subscribe: (next) => {
      dispatch = next;
      for (const action of waiting.splice(0)) next(action);
      return () => {
        dispatch = undefined;
      };
    },
  };
}
