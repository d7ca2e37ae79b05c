import { Box, Text } from 'ink';
import { formatTokens } from '../../core/format.js';
import { formatBytes, type KvEstimate } from '../../core/kvCache.js';

export interface KvPanelProps {
  /** The cache of the context the next call sends, and of keep-all's. */
  readonly sent: KvEstimate;
  readonly keepAll: KvEstimate;
  /** 4: bytes per token, cache now, largest context, caveat; 2: the same in two lines; 1: one. */
  readonly rows: number;
  /** Content width: shorter wording below 50 columns. */
  readonly width?: number;
}

/** The measured caveat (kv-cache-measured.md), in one short line, and shorter. */
export const KV_CAVEAT_SHORT = 'cache only: a long prefill needs about as much again';
const KV_CAVEAT_SHORTER = 'cache only: prefill needs ~as much again';

function largest(kv: KvEstimate, short: boolean): string {
  if (kv.gpuBytes === null) return short ? '--gpu-gib G: largest context' : '--gpu-gib G shows the largest context that fits';
  const gpu = formatBytes(kv.gpuBytes);
  if (kv.maxTokens === 0) return `the weights alone do not fit ${gpu}`;
  if (kv.limitedBy === 'model') return `fits ${gpu} up to the model's ${formatTokens(kv.maxContext)} tokens`;
  return short ? `at most ${formatTokens(kv.maxTokens!)} tokens on ${gpu}` : `largest context on ${gpu}: ${formatTokens(kv.maxTokens!)} tokens`;
}

/** The KV cache an open-weight model of this shape would hold for the sent context (`estimateKv`). */
export function KvPanel({ sent, keepAll, rows, width = Infinity }: KvPanelProps) {
  const narrow = width < 50;
  const perToken = `${formatTokens(sent.bytesPerToken)} B/token`;
  const cache = formatBytes(sent.cacheBytes);
  const capped = sent.cachedTokens < sent.tokens ? ` (window: ${formatTokens(sent.cachedTokens)})` : '';
  const beside = keepAll.tokens !== sent.tokens && !narrow ? ` · keep-all ${formatBytes(keepAll.cacheBytes)}` : '';
  if (rows < 2) {
    return (
      <Text wrap="truncate-end">
        {`KV ${sent.shape}: ${perToken} · `}
        <Text bold>{cache}</Text>
        {` at ${formatTokens(sent.tokens)} tokens${capped}` + (sent.maxTokens !== null ? ` · ${largest(sent, true)}` : '')}
      </Text>
    );
  }
  if (rows < 4) {
    return (
      <Box flexDirection="column">
        <Text wrap="truncate-end">
          {`${perToken} · `}
          <Text bold>{cache}</Text>
          {` at ${formatTokens(sent.tokens)} tokens${capped}`}
        </Text>
        <Text wrap="truncate-end" dimColor>
          {`${largest(sent, true)} · a floor`}
        </Text>
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold>{formatTokens(sent.bytesPerToken)}</Text>
        {narrow ? ` B per token (${formatBytes(sent.bytesPerToken)})` : ` bytes per token (${formatBytes(sent.bytesPerToken)})`}
      </Text>
      <Text wrap="truncate-end">
        {narrow ? '' : `at ${formatTokens(sent.tokens)} tokens sent: `}
        <Text bold>{cache}</Text>
        {narrow ? ` at ${formatTokens(sent.tokens)} tokens sent` : ''}
        {capped}
        <Text dimColor>{beside}</Text>
      </Text>
      <Text wrap="truncate-end">{largest(sent, narrow)}</Text>
      <Text wrap="truncate-end" dimColor>
        {narrow ? KV_CAVEAT_SHORTER : KV_CAVEAT_SHORT}
      </Text>
    </Box>
  );
}
