import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { bundledFactsCatalog } from '../../src/facts/bundledFactsCatalog.js';
import { lookupFacts } from '../../src/facts/FactsCatalog.js';
import { parseModelsDev } from '../../src/facts/parseModelsDev.js';
import { MODELS_DEV_SAMPLE } from './modelsDevSample.js';

describe('parseModelsDev', () => {
  const catalog = parseModelsDev(MODELS_DEV_SAMPLE, { source: 'fetched', fetchedAt: 5 });

  it('should read limits, modalities, prices, dates and capabilities of each model', () => {
    expect(catalog?.provider('anthropic')?.get('claude-sonnet-4-20250514')).toEqual({
      contextWindow: 200_000,
      maxOutputTokens: 64_000,
      inputModalities: ['text', 'image'],
      outputModalities: ['text'],
      pricing: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
      capabilities: ['vision', 'tools', 'reasoning'],
      releaseDate: '2025-05-22',
      knowledgeCutoff: '2025-03-31',
    });
    expect(catalog?.provider('mistral')?.get('mistral-large-latest')?.capabilities).toEqual(['tools']);
  });

  it('should date the catalog by the newest last_updated of its models and keep where it came from', () => {
    expect(catalog).toMatchObject({ date: '2025-05-22', source: 'fetched', fetchedAt: 5, size: 6 });
    expect(catalog?.providerIds()).toEqual(['anthropic', 'mistral', 'openai']);
  });

  it('should give models with the same facts one shared frozen object', () => {
    const twin = { ...MODELS_DEV_SAMPLE.openai.models['gpt-4o'], id: 'gpt-4o-twin' };
    const doubled = parseModelsDev({ openai: { models: { 'gpt-4o': MODELS_DEV_SAMPLE.openai.models['gpt-4o'], 'gpt-4o-twin': twin } } }, { source: 'bundled' });
    const models = doubled?.provider('openai');
    expect(models?.get('gpt-4o')).toBe(models?.get('gpt-4o-twin'));
    expect(Object.isFrozen(models?.get('gpt-4o'))).toBe(true);
    expect(Object.isFrozen(models?.get('gpt-4o')?.pricing)).toBe(true);
  });

  it('should count pdf input as file and drop words it does not know', () => {
    const odd = { p: { models: { m: { modalities: { input: ['text', 'pdf', 'smell'], output: ['text'] }, limit: { context: 1000 } } } } };
    expect(parseModelsDev(odd, { source: 'fetched' })?.provider('p')?.get('m')?.inputModalities).toEqual(['text', 'file']);
  });

  it('should skip what it cannot read and give nothing for an answer with no model', () => {
    expect(parseModelsDev('<html>', { source: 'fetched' })).toBeUndefined();
    expect(parseModelsDev({ p: { models: [] }, q: 'x' }, { source: 'fetched' })).toBeUndefined();
    const bad = { p: { models: { m: { limit: { context: -1, output: 1.5 }, cost: { input: 'free', output: 1 }, knowledge: '<script>' }, n: 'x' } } };
    expect(parseModelsDev(bad, { source: 'fetched' })).toBeUndefined();
  });

  it('should never throw on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        parseModelsDev({ p: { models: { m: value } }, q: value }, { source: 'fetched' });
      }),
    );
  });
});

describe('lookupFacts', () => {
  const openai = parseModelsDev(MODELS_DEV_SAMPLE, { source: 'bundled' })?.provider('openai');

  it('should match the exact id', () => {
    expect(lookupFacts(openai, 'gpt-4o')?.contextWindow).toBe(128_000);
  });

  describe('when the id is a dated snapshot or an alias the catalog does not list', () => {
    it('should find nothing rather than guess by prefix', () => {
      expect(lookupFacts(openai, 'gpt-4o-2024-08-06')).toBeUndefined();
      expect(lookupFacts(openai, 'gpt-4o-latest')).toBeUndefined();
      expect(lookupFacts(openai, 'GPT-4O')).toBeUndefined();
    });

    it('should use an alias the provider gives for the same model', () => {
      expect(lookupFacts(openai, 'gpt-4o-2024-08-06', ['nope', 'gpt-4o'])).toBe(openai?.get('gpt-4o'));
    });
  });
});

describe('bundledFactsCatalog', () => {
  it('should hold the providers our adapters speak to, with their facts, read once', () => {
    const catalog = bundledFactsCatalog();
    expect(catalog.source).toBe('bundled');
    expect(catalog.providerIds()).toEqual(['anthropic', 'deepseek', 'google', 'groq', 'lmstudio', 'mistral', 'openai', 'openrouter', 'togetherai', 'xai']);
    expect(catalog.provider('openai')?.get('gpt-4o')).toMatchObject({ contextWindow: 128_000, pricing: { input: 2.5, output: 10 } });
    expect(catalog.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(bundledFactsCatalog()).toBe(catalog);
  });
});
