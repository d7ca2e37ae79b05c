import { basename } from 'node:path';
import { z } from 'zod';
import { shapeFromConfig, type HfTextConfig } from '../core/kvConfig.js';
import type { KvShape } from '../core/kvShapes.js';
import { parseJson, schemaError } from './loaderKit.js';
import { readTextFile } from './readText.js';

const count = z.number().int().positive();
const textConfig = z.object({
  model_type: z.string().optional(),
  num_hidden_layers: count,
  num_attention_heads: count,
  num_key_value_heads: count.optional(),
  head_dim: count.optional(),
  hidden_size: count,
  intermediate_size: count.optional(),
  vocab_size: count.optional(),
  tie_word_embeddings: z.boolean().optional(),
  max_position_embeddings: count.optional(),
  attention_bias: z.boolean().optional(),
  sliding_window: count.nullable().optional(),
  use_sliding_window: z.boolean().optional(),
  sliding_window_pattern: count.optional(),
  layer_types: z.array(z.string()).optional(),
  kv_lora_rank: count.nullable().optional(),
  qk_rope_head_dim: z.number().int().nonnegative().optional(),
  n_routed_experts: count.nullable().optional(),
  num_local_experts: count.optional(),
  num_experts: count.optional(),
}).refine((config) => !config.layer_types || config.layer_types.length === config.num_hidden_layers, {
  message: 'layer_types must name one type per layer (num_hidden_layers)',
  path: ['layer_types'],
}) satisfies z.ZodType<HfTextConfig>;

/**
 * A model's shape from its Hugging Face config.json (`kv --config FILE`); a multimodal config's
 * `text_config` holds the language model's. A bad file is one line naming file:line:column and the
 * JSON path (an InputError: exit 2).
 */
export function readKvConfig(path: string): KvShape {
  const text = readTextFile(path);
  const data = parseJson(text, path);
  const nested = typeof data === 'object' && data !== null && 'text_config' in data;
  const schema = nested ? z.object({ text_config: textConfig }) : textConfig;
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw schemaError({ file: path, text, data, label: () => undefined }, parsed.error);
  const config = nested ? (parsed.data as { text_config: HfTextConfig }).text_config : (parsed.data as HfTextConfig);
  return shapeFromConfig(basename(path), config);
}
