import type { ProxiedApi } from './proxyRoute.js';

/**
 * A proxied call as one line of its session's call log: an API log record (the response's id,
 * object, model and usage as the API reported them; or the error a failed call got), so that
 * `report` bills a proxy session with the same reader it bills any API log with.
 */
export type CallRecord =
  | { readonly at: string; readonly api: ProxiedApi; readonly request: { readonly model: string }; readonly response: Record<string, unknown> }
  | {
      readonly at: string;
      readonly api: ProxiedApi;
      /** The reply's id, when a stream had given it before it failed. */
      readonly id?: string;
      readonly request: { readonly model: string };
      readonly status: number;
      readonly error: { readonly code: string; readonly message: string };
    };

const OBJECT_MARK: Readonly<Record<ProxiedApi, Record<string, string>>> = {
  'chat.completions': { object: 'chat.completion' },
  responses: { object: 'response' },
  messages: { type: 'message' },
};

export function bookedRecord(api: ProxiedApi, at: Date, model: string, id: string | undefined, usage: unknown): CallRecord {
  const seconds = Math.floor(at.getTime() / 1000);
  return {
    at: at.toISOString(),
    api,
    request: { model },
    response: { ...(id !== undefined && { id }), ...OBJECT_MARK[api], model, ...(api === 'responses' ? { created_at: seconds } : { created: seconds }), usage },
  };
}

export function failedRecord(api: ProxiedApi, at: Date, model: string, status: number, code: string, message: string, id?: string): CallRecord {
  return { at: at.toISOString(), api, ...(id !== undefined && { id }), request: { model }, status, error: { code, message } };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * The id the API gave a reply, from its body or from a stream event that carries it (a chat
 * chunk; Responses' `response.created`; Anthropic's `message_start`).
 */
export function replyIdOf(api: ProxiedApi, body: unknown): string | undefined {
  const object = record(body);
  if (!object) return undefined;
  const holder = api === 'responses' && record(object.response) ? record(object.response) : api === 'messages' && record(object.message) ? record(object.message) : object;
  return typeof holder?.id === 'string' ? holder.id : undefined;
}
