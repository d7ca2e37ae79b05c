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
];
