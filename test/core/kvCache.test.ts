import { describe, expect, it } from 'vitest';
import { estimateKv, findKvShape, formatBytes, GIB, kvBytesPerToken, parameterCount } from '../../src/core/kvCache.js';
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
    expect(estimateKv(shape('Llama-3.1-8B'), { tokens: 0 }).weightsBytes / GIB).toBeCloseTo(14.96, 2);
    expect(Math.abs(estimateKv(shape('Llama-2-7B'), { tokens: 0 }).weightsBytes / GIB - 12.58)).toBeLessThan(0.05);
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
