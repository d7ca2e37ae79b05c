import { describe, expect, it } from 'vitest';
import { estimateKv, findKvShape, formatBytes, GIB, kvBytesPerToken, kvCacheBytes, parameterCount } from '../../src/core/kvCache.js';
import { shapeFromConfig } from '../../src/core/kvConfig.js';
import { KV_SHAPES } from '../../src/core/kvShapes.js';

const MIB = 2 ** 20;
const shape = (name: string) => findKvShape(name)!;

describe('KV cache, against the H100 measurements (kv-cache-measured.md)', () => {
  it('bytes per token: 131,072 for Llama-3.1-8B (GQA, 8 KV heads), 524,288 for Llama-2-7B (32)', () => {
    expect(kvBytesPerToken(shape('Llama-3.1-8B'))).toBe(131_072);
    expect(kvBytesPerToken(shape('Llama-2-7B'))).toBe(524_288);
  });

  it.each([
    ['Llama-3.1-8B', [128 * MIB, 1 * GIB, 4 * GIB]],
    ['Llama-2-7B', [512 * MIB, 4 * GIB, 16 * GIB]],
  ])('%s cache at 1,024 / 8,192 / 32,768 tokens equals the measured bytes', (name, measured) => {
    const bytes = [1024, 8192, 32768].map((tokens) => estimateKv(shape(name), { tokens }).cacheBytes);
    expect(bytes).toEqual(measured);
  });

  it('weights from the parameter count match the measured 14.96 GiB (Llama-3.1-8B) and 12.58 GiB (Llama-2-7B) within 0.05 GiB', () => {
    expect(estimateKv(shape('Llama-3.1-8B'), { tokens: 0 }).weightsBytes! / GIB).toBeCloseTo(14.96, 2);
    expect(Math.abs(estimateKv(shape('Llama-2-7B'), { tokens: 0 }).weightsBytes! / GIB - 12.58)).toBeLessThan(0.05);
  });

  it('counts parameters from the configs (the cards round them: 8.03B, 70.6B, 6.74B, 7.24B, 7.61B)', () => {
    // By hand, e.g. Llama-3.1-8B: 32 x (2 x 4096^2 + 2 x 4096 x 1024 + 3 x 4096 x 14336 + 2 x 4096) + 2 x 128256 x 4096 + 4096.
    const counts = Object.fromEntries(KV_SHAPES.map((s) => [s.name, parameterCount(s)]));
    expect(counts).toEqual({
      'Llama-3.1-8B': 8_030_261_248,
      'Llama-3.1-70B': 70_553_706_496,
      'Llama-2-7B': 6_738_415_616,
      'Mistral-7B': 7_241_732_096,
      'Qwen2.5-7B': 7_615_616_512,
      // 34 x (2 x 2560 x 2048 + 2 x 2560 x 1024 + 3 x 2560 x 10240 + 2 x 2560) + 262208 x 2560 (tied) + 2560;
      // Gemma's extra norms (q, k, and two more per layer, ~0.2M) are not in the dense formula.
      'Gemma-3-4B': 3_880_071_680,
      // Mixtures of experts: not counted by the dense formula.
      'gpt-oss-20b': null,
      'DeepSeek-V3': null,
    });
  });

  it('caps the cache of Mistral-7B at its 4,096-token sliding window', () => {
    const mistral = estimateKv(shape('Mistral-7B'), { tokens: 32_768, gpuGiB: 24 });
    expect(mistral.cacheBytes).toBe(4096 * 131_072);
    expect(mistral).toMatchObject({ cachedTokens: 4096, maxTokens: 32_768, limitedBy: 'model' });
  });

  it('finds the largest context whose cache fits the GPU after the weights', () => {
    const llama2 = estimateKv(shape('Llama-2-7B'), { tokens: 1024, gpuGiB: 79.2 });
    const free = Math.round(79.2 * GIB) - 6_738_415_616 * 2;
    expect(llama2.maxTokens).toBe(Math.floor(free / 524_288));
    expect(llama2.limitedBy).toBe('memory');
    expect(estimateKv(shape('Llama-3.1-70B'), { tokens: 1024, gpuGiB: 80 }).maxTokens).toBe(0); // 141 GB of weights
  });

  it('scales with the element type: fp8 halves, fp32 doubles', () => {
    const s = shape('Qwen2.5-7B');
    expect(kvBytesPerToken(s, 'bf16')).toBe(2 * 28 * 4 * 128 * 2);
    expect(kvBytesPerToken(s, 'fp8')).toBe(kvBytesPerToken(s) / 2);
    expect(kvBytesPerToken(s, 'fp32')).toBe(kvBytesPerToken(s) * 2);
  });

  it('formats bytes in binary units', () => {
    expect([128 * MIB, GIB, 131_072, 1536].map(formatBytes)).toEqual(['128 MiB', '1 GiB', '128 KiB', '1.5 KiB']);
  });
});

describe('KV cache of the shapes peers get wrong, against figures worked by hand from the configs', () => {
  it('Gemma-3-4B: 5 global layers keep every token, 29 keep a 1,024-token window', () => {
    // Per layer: 2 x 4 KV heads x 256 x 2 bytes = 4,096 B. Layers 6, 12, 18, 24, 30 (every 6th of 34)
    // are global: at 32,768 tokens 5 x 4,096 x 32,768 = 671,088,640 B; the 29 local ones
    // 29 x 4,096 x 1,024 = 121,634,816 B; together 792,723,456 B. The naive formula (every layer
    // keeps every token): 34 x 4,096 x 32,768 = 4,563,402,752 B, 5.76 times as much.
    const gemma = shape('Gemma-3-4B');
    expect(kvBytesPerToken(gemma)).toBe(34 * 4096);
    expect(estimateKv(gemma, { tokens: 32_768 }).cacheBytes).toBe(792_723_456);
    expect(estimateKv(gemma, { tokens: 1024 }).cacheBytes).toBe(34 * 4096 * 1024);
  });

  it('gpt-oss-20b: every other layer keeps a 128-token window', () => {
    // Per layer: 2 x 8 x 64 x 2 = 2,048 B. At 32,768 tokens: 12 full layers 12 x 2,048 x 32,768 =
    // 805,306,368 B, 12 sliding 12 x 2,048 x 128 = 3,145,728 B; 808,452,096 B in all.
    expect(estimateKv(shape('gpt-oss-20b'), { tokens: 32_768 }).cacheBytes).toBe(808_452_096);
  });

  it('DeepSeek-V3: latent attention caches 512 + 64 values per layer, not K and V per head', () => {
    // 61 layers x (kv_lora_rank 512 + qk_rope_head_dim 64) x 2 bytes = 70,272 B per token; at 131,072
    // tokens 9,210,691,584 B (8.58 GiB). As 128 heads of 128 (+ 64 rope) it would be
    // 2 x 61 x 128 x 128 x 2 = 3,997,696 B per token, 57 times as much.
    const deepseek = shape('DeepSeek-V3');
    expect(kvBytesPerToken(deepseek)).toBe(70_272);
    expect(kvCacheBytes(deepseek, 131_072)).toBe(9_210_691_584);
    expect(kvBytesPerToken(deepseek, 'fp8')).toBe(35_136);
    expect(estimateKv(deepseek, { tokens: 1, gpuGiB: 80 })).toMatchObject({ parameters: null, weightsBytes: null, maxTokens: null });
  });

  it('finds the largest context where only the global layers grow past the window', () => {
    // Gemma-3-4B in bf16 on 24 GiB: free = 25,769,803,776 - 2 x 3,880,071,680 = 18,009,660,416 B.
    // Past 1,024 tokens: free = 5 x 4,096 x t + 29 x 4,096 x 1,024, so t = (18,009,660,416 -
    // 121,634,816) / 20,480 = 873,438 tokens (more than its 131,072).
    expect(estimateKv(shape('Gemma-3-4B'), { tokens: 1, gpuGiB: 24 })).toMatchObject({ maxTokens: 873_438, limitedBy: 'memory' });
  });

  it('reads a config.json: grouped-query heads, a window on every layer, a pattern, layer types, latent attention', () => {
    const base = { num_hidden_layers: 4, num_attention_heads: 8, hidden_size: 512 };
    expect(shapeFromConfig('a', { ...base, num_key_value_heads: 2 })).toMatchObject({ kvHeads: 2, headDim: 64 });
    expect(shapeFromConfig('a', base)).toMatchObject({ kvHeads: 8 });
    expect(shapeFromConfig('a', { ...base, sliding_window: 4096 })).toMatchObject({ slidingWindow: 4096, slidingLayers: 4 });
    expect(shapeFromConfig('a', { ...base, sliding_window: 4096, use_sliding_window: false }).slidingWindow).toBeUndefined();
    expect(shapeFromConfig('a', { ...base, num_hidden_layers: 12, sliding_window: 512, sliding_window_pattern: 6 }).slidingLayers).toBe(10);
    const types = ['sliding_attention', 'full_attention', 'sliding_attention', 'full_attention'];
    expect(shapeFromConfig('a', { ...base, sliding_window: 128, layer_types: types }).slidingLayers).toBe(2);
    expect(shapeFromConfig('a', { ...base, kv_lora_rank: 512, qk_rope_head_dim: 64, n_routed_experts: 256 })).toMatchObject({
      latent: { kvLoraRank: 512, ropeHeadDim: 64 },
      experts: 256,
    });
  });
});
