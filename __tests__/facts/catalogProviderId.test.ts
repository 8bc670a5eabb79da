import { describe, expect, it } from '@jest/globals';
import { catalogProviderId } from '../../src/facts/catalogProviderId.js';

describe('catalogProviderId', () => {
  it('should map our types and presets to models.dev provider ids', () => {
    expect(catalogProviderId('work', { type: 'openai', preset: undefined })).toBe('openai');
    expect(catalogProviderId('g', { type: 'gemini', preset: undefined })).toBe('google');
    expect(catalogProviderId('t', { type: 'openai-compatible', preset: 'together' })).toBe('togetherai');
    expect(catalogProviderId('x', { type: 'openai-compatible', preset: 'xai' })).toBe('xai');
  });

  it('should give none for a server the catalog cannot know', () => {
    expect(catalogProviderId('openai', { type: 'openai-compatible', preset: undefined })).toBeUndefined();
    expect(catalogProviderId('local', { type: 'openai-compatible', preset: 'vllm' })).toBeUndefined();
    expect(catalogProviderId('ollama', { type: 'ollama', preset: undefined })).toBeUndefined();
  });

  it('should go by name for a fixed list or an adapter bound in code', () => {
    expect(catalogProviderId('gemini', { type: 'static', preset: undefined })).toBe('google');
    expect(catalogProviderId('anthropic', undefined)).toBe('anthropic');
  });
});
