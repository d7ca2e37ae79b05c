import { KV_SHAPES, type KvShape } from './kvShapes.js';

/** Bytes per element of the cache (and of the weights, which use the same type here). */
export const KV_DTYPES = { bf16: 2, fp16: 2, fp8: 1, fp32: 4 } as const;
export type KvDtype = keyof typeof KV_DTYPES;

export const GIB = 2 ** 30;

/**
 * What kv-cache-measured.md shows beyond the formula: the cache is exact to the byte, but a long
 * single-pass prefill needs about as much again for activations.
 */
export const KV_ACTIVATION_CAVEAT =
  'The formula is exact for the cache itself (equal to the byte on an H100) but a floor for the whole: ' +
  'during a long single-pass prefill, activations take about as much again. Measured on an H100 80GB in bf16: ' +
  'Llama-2-7B ran 81,920 tokens (60.2 GiB peak) where the cache alone would fit 131,832, and ran out of memory at 98,304; ' +
  'Llama-3.1-8B ran 229,376 (68.5 GiB peak) where the cache alone would fit 512,513, and ran out of memory at 262,144.';

export interface KvEstimate {
  readonly shape: string;
  readonly dtype: KvDtype;
  readonly tokens: number;
  /**
   * Bytes a token adds while the context is within every window: 2 (K and V) x layers x KV heads x
   * head_dim x bytes per element; with latent attention, layers x (kv_lora_rank + qk_rope_head_dim) x
   * bytes per element.
   */
  readonly bytesPerToken: number;
  /** Tokens whose keys and values are kept by the layers that keep the fewest: all, or the sliding window. */
  readonly cachedTokens: number;
  readonly cacheBytes: number;
  readonly layers: number;
  /** Layers that keep only the sliding window (the others keep every token). */
  readonly slidingLayers: number;
  /** Null for a mixture of experts, whose parameters the dense formula does not count. */
  readonly parameters: number | null;
  /** Parameters x bytes per element (computed, not measured); null where the parameters are. */
  readonly weightsBytes: number | null;
  readonly measuredWeightsGiB: number | null;
  readonly gpuBytes: number | null;
  /** The largest context whose cache fits the GPU after the weights; null without a GPU size. */
  readonly maxTokens: number | null;
  /** "memory" when the GPU decides it; "model" when a sliding window keeps the cache small and the model's maximum decides. */
  readonly limitedBy: 'memory' | 'model' | null;
  readonly maxContext: number;
  readonly slidingWindow: number | null;
}

/** A model shape to estimate for, and how: what `--kv SHAPE --dtype --gpu-gib` choose on the dashboard. */
export interface KvSetup {
  readonly shape: KvShape;
  readonly dtype: KvDtype;
  readonly gpuGiB?: number;
}

export function findKvShape(name: string): KvShape | undefined {
  const wanted = name.toLowerCase();
  return KV_SHAPES.find((shape) => shape.name.toLowerCase() === wanted);
}

/** One layer's bytes per cached token. */
function layerBytes(shape: KvShape, dtype: KvDtype): number {
  const elements = shape.latent ? shape.latent.kvLoraRank + shape.latent.ropeHeadDim : 2 * shape.kvHeads * shape.headDim;
  return elements * KV_DTYPES[dtype];
}

export function kvBytesPerToken(shape: KvShape, dtype: KvDtype = 'bf16'): number {
  return shape.layers * layerBytes(shape, dtype);
}

/** The layers that keep only the sliding window: none without one, all of them unless the shape says. */
export function slidingLayerCount(shape: KvShape): number {
  return shape.slidingWindow === undefined ? 0 : shape.slidingLayers ?? shape.layers;
}

/** The cache at `tokens`: the full layers keep every token, the sliding ones the window at most. */
export function kvCacheBytes(shape: KvShape, tokens: number, dtype: KvDtype = 'bf16'): number {
  const sliding = slidingLayerCount(shape);
  const perLayer = layerBytes(shape, dtype);
  const windowed = shape.slidingWindow === undefined ? tokens : Math.min(tokens, shape.slidingWindow);
  return (shape.layers - sliding) * perLayer * tokens + sliding * perLayer * windowed;
}

/** Embeddings, per layer attention (q, k, v, o), gated MLP and two norms, the final norm, the output head. */
export function parameterCount(shape: KvShape): number | null {
  if (shape.experts !== undefined || shape.latent !== undefined) return null;
  const kvWidth = shape.kvHeads * shape.headDim;
  const qWidth = shape.attentionHeads * shape.headDim;
  const attention = shape.hidden * qWidth * 2 + shape.hidden * kvWidth * 2 + (shape.qkvBias ? qWidth + 2 * kvWidth : 0);
  const mlp = 3 * shape.hidden * shape.intermediate;
  const perLayer = attention + mlp + 2 * shape.hidden;
  const embeddings = shape.vocab * shape.hidden * (shape.tiedEmbeddings ? 1 : 2);
  return shape.layers * perLayer + embeddings + shape.hidden;
}

export function estimateKv(shape: KvShape, options: { tokens: number; dtype?: KvDtype; gpuGiB?: number }): KvEstimate {
  const dtype = options.dtype ?? 'bf16';
  const bytesPerToken = kvBytesPerToken(shape, dtype);
  const window = shape.slidingWindow ?? null;
  const cachedTokens = window === null ? options.tokens : Math.min(options.tokens, window);
  const sliding = slidingLayerCount(shape);
  const parameters = parameterCount(shape);
  const weightsBytes = parameters === null ? null : parameters * KV_DTYPES[dtype];
  const gpuBytes = options.gpuGiB === undefined ? null : Math.round(options.gpuGiB * GIB);
  let maxTokens: number | null = null;
  let limitedBy: KvEstimate['limitedBy'] = null;
  if (gpuBytes !== null && weightsBytes !== null) {
    const free = Math.max(0, gpuBytes - weightsBytes);
    const fits = Math.floor(free / bytesPerToken);
    if (window === null || fits < window) [maxTokens, limitedBy] = [fits, 'memory'];
    else if (sliding === shape.layers) [maxTokens, limitedBy] = [shape.maxContext, 'model'];
    else {
      // Past the window only the full layers grow: free = full x t + sliding x window, per layer's bytes.
      const perLayer = bytesPerToken / shape.layers;
      [maxTokens, limitedBy] = [Math.floor((free - sliding * perLayer * window) / ((shape.layers - sliding) * perLayer)), 'memory'];
    }
  }
  return {
    shape: shape.name,
    dtype,
    tokens: options.tokens,
    bytesPerToken,
    cachedTokens,
    cacheBytes: kvCacheBytes(shape, options.tokens, dtype),
    layers: shape.layers,
    slidingLayers: sliding,
    parameters,
    weightsBytes,
    measuredWeightsGiB: dtype === 'bf16' ? shape.measuredWeightsGiB ?? null : null,
    gpuBytes,
    maxTokens,
    limitedBy,
    maxContext: shape.maxContext,
    slidingWindow: window,
  };
}

/** Bytes in binary units, e.g. "128 MiB", "14.96 GiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number(value.toFixed(2))} ${units[unit]}`;
}
