/**
 * Published shapes of open-weight models (Hugging Face config.json of each repository), enough to
 * compute the KV cache per token and the parameter count (hence the weights' bytes).
 */
export interface KvShape {
  readonly name: string;
  readonly layers: number;
  readonly attentionHeads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly hidden: number;
  readonly intermediate: number;
  readonly vocab: number;
  readonly tiedEmbeddings: boolean;
  /** Qwen2 adds a bias to the q, k and v projections. */
  readonly qkvBias: boolean;
  /** The longest context the model accepts. */
  readonly maxContext: number;
  /** Sliding-window attention keeps only the last N tokens' keys and values. */
  readonly slidingWindow?: number;
  /**
   * How many of the layers use the sliding window (the rest attend to every token): all of them
   * when absent (Mistral-7B v0.1); Gemma 3 five in six, gpt-oss every other one.
   */
  readonly slidingLayers?: number;
  /**
   * Multi-head latent attention (DeepSeek-V2/V3): each layer caches one compressed latent of
   * `kvLoraRank` and one shared rotary key of `ropeHeadDim` per token, not K and V per head.
   */
  readonly latent?: { readonly kvLoraRank: number; readonly ropeHeadDim: number };
  /** A mixture of experts: the dense parameter count does not apply, so the weights are not computed. */
  readonly experts?: number;
  /** Weights as loaded in bf16 on an H100 (../shared/reference/kv-cache-measured.md). */
  readonly measuredWeightsGiB?: number;
  readonly source: string;
}

export const KV_SHAPES: readonly KvShape[] = [
  {
    name: 'Llama-3.1-8B',
    layers: 32, attentionHeads: 32, kvHeads: 8, headDim: 128, hidden: 4096, intermediate: 14336, vocab: 128256,
    tiedEmbeddings: false, qkvBias: false, maxContext: 131072, measuredWeightsGiB: 14.96,
    source: 'meta-llama/Llama-3.1-8B config.json',
  },
  {
    name: 'Llama-3.1-70B',
    layers: 80, attentionHeads: 64, kvHeads: 8, headDim: 128, hidden: 8192, intermediate: 28672, vocab: 128256,
    tiedEmbeddings: false, qkvBias: false, maxContext: 131072,
    source: 'meta-llama/Llama-3.1-70B config.json',
  },
  {
    name: 'Llama-2-7B',
    layers: 32, attentionHeads: 32, kvHeads: 32, headDim: 128, hidden: 4096, intermediate: 11008, vocab: 32000,
    tiedEmbeddings: false, qkvBias: false, maxContext: 4096, measuredWeightsGiB: 12.58,
    source: 'meta-llama/Llama-2-7b-hf config.json',
  },
  {
    name: 'Mistral-7B',
    layers: 32, attentionHeads: 32, kvHeads: 8, headDim: 128, hidden: 4096, intermediate: 14336, vocab: 32000,
    tiedEmbeddings: false, qkvBias: false, maxContext: 32768, slidingWindow: 4096,
    source: 'mistralai/Mistral-7B-v0.1 config.json',
  },
  {
    name: 'Qwen2.5-7B',
    layers: 28, attentionHeads: 28, kvHeads: 4, headDim: 128, hidden: 3584, intermediate: 18944, vocab: 152064,
    tiedEmbeddings: false, qkvBias: true, maxContext: 32768,
    source: 'Qwen/Qwen2.5-7B config.json (131,072 tokens with YaRN scaling)',
  },
  {
    // Five local layers (1,024-token window) to one global: layers 6, 12, 18, 24, 30 attend to all.
    name: 'Gemma-3-4B',
    layers: 34, attentionHeads: 8, kvHeads: 4, headDim: 256, hidden: 2560, intermediate: 10240, vocab: 262208,
    tiedEmbeddings: true, qkvBias: false, maxContext: 131072, slidingWindow: 1024, slidingLayers: 29,
    source: 'google/gemma-3-4b-it config.json (text_config; sliding_window 1024, sliding_window_pattern 6)',
  },
  {
    name: 'gpt-oss-20b',
    layers: 24, attentionHeads: 64, kvHeads: 8, headDim: 64, hidden: 2880, intermediate: 2880, vocab: 201088,
    tiedEmbeddings: false, qkvBias: true, maxContext: 131072, slidingWindow: 128, slidingLayers: 12, experts: 32,
    source: 'openai/gpt-oss-20b config.json (layer_types: sliding and full attention in turn, sliding_window 128)',
  },
  {
    name: 'DeepSeek-V3',
    layers: 61, attentionHeads: 128, kvHeads: 128, headDim: 128, hidden: 7168, intermediate: 18432, vocab: 129280,
    tiedEmbeddings: false, qkvBias: false, maxContext: 163840, latent: { kvLoraRank: 512, ropeHeadDim: 64 }, experts: 256,
    source: 'deepseek-ai/DeepSeek-V3 config.json (kv_lora_rank 512, qk_rope_head_dim 64)',
  },
];
