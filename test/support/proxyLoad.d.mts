export const REPLY: string;
export const FAULTS: readonly ('none' | 'reset' | 'hold' | 'status503' | 'hang')[];
export type Fault = (typeof FAULTS)[number];
export interface LoadUpstream {
  readonly url: string;
  readonly dealt: Map<string, Fault>;
  readonly seen: Map<string, number>;
  close(): Promise<void>;
}
export function startLoadUpstream(options?: { faultRate?: number; random?: () => number }): Promise<LoadUpstream>;
export interface LoadResult {
  readonly id: string;
  readonly outcome: string;
  readonly why?: string;
  readonly ms: number;
  /** When it was sent, ms into the run. */
  readonly sentAt: number;
}
export function runLoad(options: {
  base: string;
  concurrency: number;
  durationMs: number;
  sessionOf?: (worker: number) => string | undefined;
  requestTimeoutMs?: number;
  idPrefix?: string;
}): Promise<LoadResult[]>;
export const EXPECTED_THROUGH_PROXY: Readonly<Record<Fault, string>>;
export function percentile(results: readonly LoadResult[], p: number): number;
