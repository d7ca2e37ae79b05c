/**
 * Where each API's calls are forwarded (base URLs without /v1). Apart from the server so that
 * `proxy`'s flags can show the defaults without loading the guard (and zod) at every start.
 */
export interface Upstreams {
  readonly openai: string;
  readonly anthropic: string;
}

export const DEFAULT_UPSTREAMS: Upstreams = { openai: 'https://api.openai.com', anthropic: 'https://api.anthropic.com' };
