import { describe, expect, it } from 'vitest';
import { runCli } from '../support/runCli.js';
import { tempFile } from '../support/tempFile.js';

// Gemma 3 4B's config.json as published (google/gemma-3-4b-it): the language model's shape sits in
// text_config; the fields the cache does not depend on are left out.
const GEMMA_3_4B = {
  architectures: ['Gemma3ForConditionalGeneration'],
  model_type: 'gemma3',
  text_config: {
    model_type: 'gemma3_text',
    hidden_size: 2560,
    intermediate_size: 10240,
    num_hidden_layers: 34,
    num_attention_heads: 8,
    num_key_value_heads: 4,
    head_dim: 256,
    sliding_window: 1024,
    sliding_window_pattern: 6,
    vocab_size: 262208,
    max_position_embeddings: 131072,
  },
};

// DeepSeek-V3's (deepseek-ai/DeepSeek-V3), the attention and expert fields.
const DEEPSEEK_V3 = {
  model_type: 'deepseek_v3',
  hidden_size: 7168,
  num_hidden_layers: 61,
  num_attention_heads: 128,
  num_key_value_heads: 128,
  kv_lora_rank: 512,
  q_lora_rank: 1536,
  qk_rope_head_dim: 64,
  qk_nope_head_dim: 128,
  v_head_dim: 128,
  n_routed_experts: 256,
  max_position_embeddings: 163840,
};

function json(args: string[]) {
  const result = runCli(args);
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

describe('kv --config FILE', () => {
  it("reads Gemma 3's local/global mix from its text_config: the figures of the built-in shape", () => {
    const file = tempFile('config.json', JSON.stringify(GEMMA_3_4B));
    const fromConfig = json(['kv', '--config', file, '--tokens', '32768', '--gpu-gib', '24', '--json']);
    const builtIn = json(['kv', '--shape', 'Gemma-3-4B', '--tokens', '32768', '--gpu-gib', '24', '--json']);
    // 5 x 4,096 x 32,768 + 29 x 4,096 x 1,024 (kvCache.test.ts works it out).
    expect(fromConfig).toMatchObject({ cacheBytes: 792_723_456, layers: 34, slidingLayers: 29, slidingWindow: 1024, maxTokens: builtIn.maxTokens });
    expect(fromConfig.bytesPerToken).toBe(builtIn.bytesPerToken);
  });

  it("reads DeepSeek-V3's latent attention: 61 x (512 + 64) x 2 bytes per token, weights not computed", () => {
    const file = tempFile('config.json', JSON.stringify(DEEPSEEK_V3));
    expect(json(['kv', '--config', file, '--tokens', '1000', '--json'])).toMatchObject({ bytesPerToken: 70_272, cacheBytes: 70_272_000, parameters: null });
    expect(runCli(['kv', '--config', file, '--tokens', '1000']).stdout).toContain('weights: not computed');
  });

  it.each([
    [{ ...DEEPSEEK_V3, num_hidden_layers: '61' }, /config\.json:\d+:\d+: \.num_hidden_layers: /],
    [{ text_config: { ...GEMMA_3_4B.text_config, num_key_value_heads: 0 } }, /config\.json:\d+:\d+: \.text_config\.num_key_value_heads: Too small/],
    [{ ...DEEPSEEK_V3, layer_types: ['full_attention'] }, /config\.json:\d+:\d+: \.layer_types: layer_types must name one type per layer/],
    [{ hidden_size: 5 }, /config\.json:\d+:\d+: the file has no "num_hidden_layers"/],
  ])('a bad config is one line naming the file and the JSON path, exit 2 (%#)', (config, message) => {
    const file = tempFile('config.json', JSON.stringify(config, null, 2));
    const { status, stderr } = runCli(['kv', '--config', file, '--tokens', '1']);
    expect(status).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('takes --shape or --config, not both', () => {
    const file = tempFile('config.json', JSON.stringify(DEEPSEEK_V3));
    expect(runCli(['kv', '--config', file, '--shape', 'Mistral-7B', '--tokens', '1']).stderr).toMatch(/--shape or --config, not both/);
  });
});
