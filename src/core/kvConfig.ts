import type { KvShape } from './kvShapes.js';

/**
 * The fields of a Hugging Face config.json (its `text_config` for multimodal models such as
 * Gemma 3) that decide the KV cache and the parameter count. Validated in io (kvConfigFile.ts).
 */
export interface HfTextConfig {
  readonly model_type?: string | undefined;
  readonly num_hidden_layers: number;
  readonly num_attention_heads: number;
  /** Grouped-query attention: fewer KV heads than query heads (all of them when absent). */
  readonly num_key_value_heads?: number | undefined;
  /** hidden_size / num_attention_heads when absent; Gemma's is larger. */
  readonly head_dim?: number | undefined;
  readonly hidden_size: number;
  readonly intermediate_size?: number | undefined;
  readonly vocab_size?: number | undefined;
  readonly tie_word_embeddings?: boolean | undefined;
  readonly max_position_embeddings?: number | undefined;
  readonly attention_bias?: boolean | undefined;
  readonly sliding_window?: number | null | undefined;
  /** Qwen2 writes a window but turns it off here. */
  readonly use_sliding_window?: boolean | undefined;
  /** Gemma 3: every Nth layer (the 6th, 12th...) is global, the others use the window. */
  readonly sliding_window_pattern?: number | undefined;
  /** Per layer, "sliding_attention" or "full_attention" (gpt-oss, newer Gemma configs). */
  readonly layer_types?: readonly string[] | undefined;
  /** Multi-head latent attention (DeepSeek-V2/V3). */
  readonly kv_lora_rank?: number | null | undefined;
  readonly qk_rope_head_dim?: number | undefined;
  readonly n_routed_experts?: number | null | undefined;
  readonly num_local_experts?: number | undefined;
  readonly num_experts?: number | undefined;
}

/**
 * A KV shape from a config: grouped-query heads, which layers keep only a sliding window (all of
 * them for Mistral-7B v0.1's `sliding_window`, Gemma 3's pattern, gpt-oss's `layer_types`), and
 * latent attention where `kv_lora_rank` is set. Mixtures of experts get no dense parameter count.
 */
export function shapeFromConfig(name: string, config: HfTextConfig): KvShape {
  const layers = config.num_hidden_layers;
  const window = config.sliding_window ?? undefined;
  const slidingLayers = window === undefined || config.use_sliding_window === false ? 0 : slidingCount(config, layers);
  const experts = config.n_routed_experts ?? config.num_local_experts ?? config.num_experts ?? undefined;
  const latent = config.kv_lora_rank ? { kvLoraRank: config.kv_lora_rank, ropeHeadDim: config.qk_rope_head_dim ?? 0 } : undefined;
  return {
    name,
    layers,
    attentionHeads: config.num_attention_heads,
    kvHeads: config.num_key_value_heads ?? config.num_attention_heads,
    headDim: config.head_dim ?? Math.floor(config.hidden_size / config.num_attention_heads),
    hidden: config.hidden_size,
    intermediate: config.intermediate_size ?? 0,
    vocab: config.vocab_size ?? 0,
    // transformers' default: Gemma's configs tie the embeddings unless they say otherwise.
    tiedEmbeddings: config.tie_word_embeddings ?? /^gemma/.test(config.model_type ?? ''),
    qkvBias: config.attention_bias ?? /^qwen2/.test(config.model_type ?? ''),
    maxContext: config.max_position_embeddings ?? 0,
    ...(window !== undefined && slidingLayers > 0 && { slidingWindow: window, slidingLayers }),
    ...(latent && { latent }),
    ...(experts !== undefined && experts > 0 && { experts }),
    source: `${name} (config.json)`,
  };
}

function slidingCount(config: HfTextConfig, layers: number): number {
  if (config.layer_types) return config.layer_types.filter((type) => type === 'sliding_attention').length;
  if (config.sliding_window_pattern) return layers - Math.floor(layers / config.sliding_window_pattern);
  return layers;
}
