/**
 * Where a request to the proxy goes, read from its path and headers alone (no I/O): which API,
 * which upstream, the path forwarded, and the session the client named, if it named one.
 */

/** The APIs the proxy forwards (the guard's names for them). */
export type ProxiedApi = 'chat.completions' | 'responses' | 'messages';

/** Which configured upstream an API's calls go to. */
export type UpstreamName = 'openai' | 'anthropic';

/** The header a client names its session in; never forwarded. */
export const SESSION_HEADER = 'x-context-accountant-session';

/** A session name: short, printable, safe in a path and on a terminal. */
export const SESSION_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const APIS: Readonly<Record<string, { readonly api: ProxiedApi; readonly upstream: UpstreamName }>> = {
  '/v1/chat/completions': { api: 'chat.completions', upstream: 'openai' },
  '/v1/responses': { api: 'responses', upstream: 'openai' },
  '/v1/messages': { api: 'messages', upstream: 'anthropic' },
};

export interface ProxyRoute {
  readonly api: ProxiedApi;
  readonly upstream: UpstreamName;
  /** The path and query sent upstream: the session prefix taken off. */
  readonly forward: string;
  /** The session the client named (`/s/NAME/...` or the header), if it did. */
  readonly session?: string;
}

/** A request the proxy answers itself: which API's error shape to use (when the path says), the status, why. */
export interface RouteError {
  readonly upstream?: UpstreamName;
  readonly status: number;
  readonly type: string;
  readonly message: string;
}

/**
 * Routes `/v1/...` and `/s/NAME/v1/...` (so that a base URL can carry the session's name, for the
 * tools that set no headers). A name given both ways must be the same.
 */
export function routeRequest(method: string, url: string, sessionHeader: string | readonly string[] | undefined): ProxyRoute | RouteError {
  const query = url.indexOf('?');
  let path = query < 0 ? url : url.slice(0, query);
  const rest = query < 0 ? '' : url.slice(query);
  let fromPath: string | undefined;
  const prefixed = /^\/s\/([^/]*)(\/.*)$/.exec(path);
  if (prefixed) {
    fromPath = decodeURIComponentSafe(prefixed[1]!);
    path = prefixed[2]!;
  }
  const target = APIS[path];
  const upstream = target?.upstream;
  if (method !== 'POST' || !target) return { ...(upstream && { upstream }), status: 404, type: 'not_found_error', message: `proxy: no route for ${method} ${printable(path)}` };
  const fromHeader = Array.isArray(sessionHeader) ? sessionHeader[0] : (sessionHeader as string | undefined);
  for (const [name, where] of [
    [fromPath, 'the path'],
    [fromHeader, `the ${SESSION_HEADER} header`],
  ] as const) {
    if (name !== undefined && !SESSION_NAME.test(name)) {
      return { upstream, status: 400, type: 'invalid_request_error', message: `proxy: the session name in ${where} must be 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit` };
    }
  }
  if (fromPath !== undefined && fromHeader !== undefined && fromPath !== fromHeader) {
    return { upstream, status: 400, type: 'invalid_request_error', message: `proxy: the path names session "${fromPath}" and the ${SESSION_HEADER} header "${fromHeader}": give one, or the same` };
  }
  const session = fromPath ?? fromHeader;
  return { api: target.api, upstream: target.upstream, forward: `${path}${rest}`, ...(session !== undefined && { session }) };
}

export function isRouteError(route: ProxyRoute | RouteError): route is RouteError {
  return 'status' in route;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A path quoted back in an error: what the client sent, without control characters. */
function printable(path: string): string {
  const shown = path.replace(/[^\x20-\x7e]/g, '?');
  return shown.length > 200 ? `${shown.slice(0, 200)}...` : shown;
}
