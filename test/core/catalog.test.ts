import { calcPrice, waitForUpdate, type Provider } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import {
  bundledPriceTable,
  catalogModels,
  featuredModels,
  modelOn,
  requireModel,
  resolveCatalogModel,
  UnknownModelError,
  UnknownWindowError,
} from '../../src/core/catalog.js';
import { compactProviders, type RawProvider } from '../../src/core/catalogSource.js';

const source: Provider[] = (await waitForUpdate())!;
const MILLION = { input_tokens: 1_000_000, output_tokens: 1_000_000 };

describe('the generated catalog against the pinned @pydantic/genai-prices', () => {
  it('is the source file cut down, not a copy edited by hand: npm run catalog would write the same', () => {
    expect(bundledPriceTable().providers).toEqual(compactProviders(source as unknown as RawProvider[]));
    expect(bundledPriceTable().version).toBe('0.1.8');
  });

  it('holds hundreds of models over tens of providers', () => {
    const models = catalogModels();
    expect(models.length).toBeGreaterThan(1000);
    expect(new Set(models.map((model) => model.provider)).size).toBeGreaterThan(30);
  });

  it("prices every entry as the source's own calcPrice does, input, output, cache read and write", () => {
    const at = new Date('2026-10-01T12:00:00Z');
    let compared = 0;
    for (const provider of source) {
      for (const model of provider.models) {
        const ours = resolveCatalogModel(`${provider.id}:${model.id}`);
        const theirs = calcPrice(MILLION, model.id, { providerId: provider.id, timestamp: at });
        if (!ours || !theirs) {
          // Left out by us only where the source has no per-token price either.
          if (theirs) expect(theirs.model_price.input_mtok ?? theirs.model_price.output_mtok).toBeUndefined();
          continue;
        }
        expect(`${ours.provider}/${ours.id}`).toBe(`${theirs.provider.id}/${theirs.model.id}`);
        const dated = modelOn(ours, at);
        // One token of each kind: below every tier, and scaled to the price per 1M.
        const price = (usage: Record<string, number>, side: 'input_price' | 'output_price') =>
          calcPrice(usage, model.id, { providerId: provider.id, timestamp: at })![side] * 1e6;
        expect(dated.inputPerMillion).toBeCloseTo(price({ input_tokens: 1 }, 'input_price'), 9);
        expect(dated.outputPerMillion).toBeCloseTo(price({ output_tokens: 1 }, 'output_price'), 9);
        expect(dated.cachedInputPerMillion ?? dated.inputPerMillion).toBeCloseTo(price({ input_tokens: 1, cache_read_tokens: 1 }, 'input_price'), 9);
        if (dated.cacheWritePerMillion !== undefined) {
          expect(dated.cacheWritePerMillion).toBeCloseTo(price({ input_tokens: 1, cache_write_tokens: 1 }, 'input_price'), 9);
        }
        if (dated.cacheWrite1hPerMillion !== undefined) {
          expect(dated.cacheWrite1hPerMillion).toBeCloseTo(price({ input_tokens: 1, cache_write_tokens: 1, cache_write_1h_tokens: 1 }, 'input_price'), 9);
        }
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it("bills a tier's prices above its threshold as the source does (claude-sonnet-4-5 above 200,000)", () => {
    const sonnet = requireModel('claude-sonnet-4-5');
    const tier = sonnet.priceTiers?.find((candidate) => candidate.aboveInputTokens === 200_000);
    const usage = { input_tokens: 250_000, output_tokens: 1_000 };
    const theirs = calcPrice(usage, 'claude-sonnet-4-5', { providerId: 'anthropic' })!;
    expect(tier).toMatchObject({ inputPerMillion: 6, outputPerMillion: 22.5, cachedInputPerMillion: 0.6, cacheWritePerMillion: 7.5, cacheWrite1hPerMillion: 12 });
    expect((usage.input_tokens * tier!.inputPerMillion + usage.output_tokens * tier!.outputPerMillion) / 1e6).toBeCloseTo(theirs.total_price, 12);
  });
});

describe('model ids resolved by the source\'s match rules', () => {
  // [asked, provider, entry]: dated ids, aliases and the models people bill on 2026-12-01.
  const cases: [string, string, string][] = [
    ['gpt-4o-2024-08-06', 'openai', 'gpt-4o'],
    ['claude-sonnet-4-20250514', 'anthropic', 'claude-sonnet-4-0'],
    ['claude-sonnet-4', 'anthropic', 'claude-sonnet-4-0'],
    ['claude-sonnet-4-5-20250929', 'anthropic', 'claude-sonnet-4-5'],
    ['claude-opus-4-5', 'anthropic', 'claude-opus-4-5'],
    ['claude-opus-4-6', 'anthropic', 'claude-opus-4-6'],
    ['gpt-5.1', 'openai', 'gpt-5.1'],
    ['gpt-5.2', 'openai', 'gpt-5.2'],
    ['gemini-2.5-pro', 'google', 'gemini-2.5-pro'],
    ['gemini-3-pro-preview', 'google', 'gemini-3-pro-preview'],
    ['grok-4', 'x-ai', 'grok-4-0709'],
    ['deepseek-chat', 'deepseek', 'deepseek-chat'],
    ['gpt-4.1-nano', 'openai', 'gpt-4.1-nano'],
    ['o3-mini', 'openai', 'o3-mini'],
  ];

  it.each(cases)('%s resolves to %s %s, the entry calcPrice uses', (asked, provider, id) => {
    const entry = resolveCatalogModel(asked)!;
    expect(entry).toMatchObject({ provider, id });
    const theirs = calcPrice(MILLION, asked)!;
    expect([theirs.provider.id, theirs.model.id]).toEqual([provider, id]);
    expect(entry.requestedId).toBe(asked === id ? undefined : asked);
  });

  it('keeps the 13 models of the hand-made catalog, with their encodings', () => {
    const expected: Record<string, string> = {
      'gpt-4': 'cl100k_base', 'gpt-4-32k': 'cl100k_base', 'gpt-3.5-turbo': 'cl100k_base', 'gpt-4o': 'o200k_base', 'gpt-4o-mini': 'o200k_base',
      'gpt-4.1': 'o200k_base', 'gpt-4.1-mini': 'o200k_base', o1: 'o200k_base', o3: 'o200k_base', 'o4-mini': 'o200k_base', 'gpt-5': 'o200k_base',
      'gpt-5-mini': 'o200k_base', 'claude-sonnet-4': 'o200k_base',
    };
    for (const [id, encoding] of Object.entries(expected)) {
      const model = requireModel(id);
      expect(model.encoding).toBe(encoding);
      expect(model.estimate ?? false).toBe(id.startsWith('claude'));
      expect(model.contextWindow).toBeGreaterThan(0);
      expect(model.maxOutputTokens).toBeGreaterThan(0);
    }
    // The override file's figures, with their source: gpt-5's prompt limit, gpt-4-32k's window.
    expect(requireModel('gpt-5')).toMatchObject({ contextWindow: 272_000, maxOutputTokens: 128_000 });
    expect(requireModel('gpt-5').limitSources?.contextWindow).toContain('LiteLLM');
    expect(requireModel('gpt-4-32k')).toMatchObject({ contextWindow: 32_768, maxOutputTokens: 4096 });
  });

  it('takes a provider:model id, and reads ids case-insensitively as the source does', () => {
    expect(resolveCatalogModel('openrouter:openai/gpt-4o')).toMatchObject({ provider: 'openrouter', id: 'openai/gpt-4o', encoding: 'o200k_base' });
    expect(resolveCatalogModel('GPT-4o')).toMatchObject({ provider: 'openai', id: 'gpt-4o' });
  });

  it('refuses an unknown model with the nearest ids', () => {
    expect(() => requireModel('gpt4o')).toThrow(UnknownModelError);
    expect(() => requireModel('gpt4o')).toThrow(/nearest known: gpt-4o\b/);
    expect(() => requireModel('gpt-7')).toThrow(UnknownModelError);
  });

  it('asks for --limit where no source has the window, and takes it', () => {
    const noWindow = catalogModels().find((model) => model.contextWindow === null)!;
    expect(() => requireModel(`${noWindow.provider}:${noWindow.id}`)).toThrow(UnknownWindowError);
    expect(requireModel(`${noWindow.provider}:${noWindow.id}`, { limit: 50_000 }).contextWindow).toBe(50_000);
  });

  it("labels every model whose tokenizer we do not ship as an estimate, and OpenAI's as exact", () => {
    for (const model of catalogModels()) {
      if (model.provider === 'openai' && /^(gpt-4|gpt-5|o[134])/.test(model.id)) expect(model.estimate).toBeUndefined();
      if (/claude|gemini|grok|deepseek-v4|llama-?4|gemma-?[24]/i.test(model.id)) {
        expect(model.estimate, model.id).toBe(true);
        expect(model.countsApproximate).toMatch(/estimate/);
      }
    }
  });

  it('counts the open-weight models whose tokenizer we ship by it, exactly (issue 18)', () => {
    const encoding = (id: string) => resolveCatalogModel(id)!.encoding;
    expect(encoding('deepseek-chat')).toBe('deepseek_v3');
    expect(encoding('groq:llama-3.3-70b-versatile')).toBe('llama3');
    expect(encoding('aws:meta.llama3-2-3b-instruct-v1:0')).toBe('llama3');
    expect(encoding('groq:qwen/qwen3-32b')).toBe('qwen');
    expect(encoding('openrouter:google/gemma-3-27b-it')).toBe('gemma3');
    // Another generation or a vision model keeps the stand-in: its vocabulary is not the one shipped.
    expect(encoding('groq:meta-llama/llama-4-scout-17b-16e-instruct')).toBe('o200k_base');
    expect(encoding('deepseek:deepseek-v4-pro')).toBe('o200k_base');
    expect(encoding('openrouter:google/gemma-2-9b-it')).toBe('o200k_base');
    for (const model of catalogModels()) {
      if (['llama3', 'qwen', 'gemma3', 'deepseek_v3'].includes(model.encoding)) expect(model.estimate, model.id).toBeUndefined();
    }
  });

  it('offers the dashboard a short list: the old 13 and the new models', () => {
    const ids = featuredModels().map((model) => model.id);
    expect(ids[0]).toBe('gpt-4');
    expect(ids).toEqual(expect.arrayContaining(['gpt-5.2', 'claude-opus-4-6', 'gemini-2.5-pro', 'grok-4-0709', 'deepseek-chat']));
  });
});

describe('prices on the day of a call', () => {
  it('claude-opus-4-6: the long-context tier before 2026-03-13, none after, as the source', () => {
    const opus = resolveCatalogModel('claude-opus-4-6')!;
    const before = modelOn(opus, new Date('2026-02-20T10:00:00Z'));
    const after = modelOn(opus, new Date('2026-06-01T10:00:00Z'));
    expect(before.priceTiers?.[0]).toMatchObject({ aboveInputTokens: 200_000, inputPerMillion: 10, outputPerMillion: 37.5 });
    expect(after.priceTiers).toBeUndefined();
    expect(before.pricedOn).toBe('2026-02-20');
    const big = { input_tokens: 300_000, output_tokens: 0 };
    expect(calcPrice(big, 'claude-opus-4-6', { timestamp: new Date('2026-02-20T10:00:00Z') })!.total_price).toBeCloseTo((300_000 * 10) / 1e6, 12);
  });

  it('deepseek-chat: priced by the time of day, the listed price being the standard (longest) one', () => {
    const deepseek = resolveCatalogModel('deepseek-chat')!;
    for (const hour of ['03:00', '20:00']) {
      const at = new Date(`2026-10-01T${hour}:00Z`);
      const theirs = calcPrice({ input_tokens: 1_000_000 }, 'deepseek-chat', { timestamp: at })!;
      expect(modelOn(deepseek, at).inputPerMillion).toBeCloseTo(theirs.input_price, 12);
    }
    expect(modelOn(deepseek, new Date('2026-10-01T03:00:00Z')).inputPerMillion).not.toBe(modelOn(deepseek, new Date('2026-10-01T20:00:00Z')).inputPerMillion);
    expect(deepseek.inputPerMillion).toBe(modelOn(deepseek, new Date('2026-10-01T03:00:00Z')).inputPerMillion);
  });

  it('requireModel takes the date too, keeping --price-in over it', () => {
    const opus = requireModel('claude-opus-4-6', { priceIn: 1 }, { at: new Date('2026-02-20T10:00:00Z') });
    expect(opus.inputPerMillion).toBe(1);
    expect(opus.priceTiers?.[0]?.inputPerMillion).toBe(10);
  });
});

describe('checked-in price tiers (catalogOverrides.json priceTiers)', () => {
  it('claude-sonnet-4: $6 / $22.50 above 200,000 input tokens where the 1M window is opened, with its source', async () => {
    const { quoteCall } = await import('../../src/core/callPricing.js');
    const sonnet = requireModel('claude-sonnet-4-20250514', { limit: 1_000_000 });
    expect(sonnet.priceTiers).toEqual([{ aboveInputTokens: 200_000, inputPerMillion: 6, outputPerMillion: 22.5 }]);
    expect(sonnet.tierSource).toMatch(/chat-format-and-prices\.md.*2026-11-24/);
    // 300,000 in, 1,000 out: 0.3 x $6 + 0.001 x $22.50 = $1.8225; 200,000 in stays at $3: $0.60.
    expect(quoteCall(sonnet, { inputTokens: 300_000, outputTokens: 1_000, prefixTokens: 0, cache: false }).cost).toBeCloseTo(1.8225, 10);
    expect(quoteCall(sonnet, { inputTokens: 200_000, outputTokens: 0, prefixTokens: 0, cache: false }).cost).toBeCloseTo(0.6, 10);
    // A dated call keeps it; a model the source tiers keeps the source's (claude-sonnet-4-5).
    expect(requireModel('claude-sonnet-4', {}, { at: new Date('2026-03-01T00:00:00Z') }).priceTiers?.[0]?.inputPerMillion).toBe(6);
    expect(requireModel('claude-sonnet-4-5').tierSource).toBeUndefined();
  });
});
