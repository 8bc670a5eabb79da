import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { classifyModelId } from '../../src/providers/classifyModelId.js';

describe('classifyModelId', () => {
  it.each([
    ['gpt-4o', ['chat']],
    ['o3-mini', ['chat']],
    ['gpt-4o-audio-preview', ['chat', 'audio']],
    ['gpt-audio', ['chat', 'audio']],
    ['gpt-4o-realtime-preview-2024-12-17', ['realtime', 'audio']],
    ['whisper-1', ['audio']],
    ['gpt-4o-mini-transcribe', ['audio']],
    ['tts-1-hd', ['audio']],
    ['canopylabs/orpheus-v1-english', ['audio']],
    ['text-embedding-3-large', ['embedding']],
    ['BAAI/bge-base-en-v1.5', ['embedding']],
    ['intfloat/multilingual-e5-large', ['embedding']],
    ['all-minilm:l6-v2', ['embedding']],
    ['Salesforce/Llama-Rank-V1-rerank', ['rerank']],
    ['omni-moderation-latest', ['moderation']],
    ['meta-llama/llama-prompt-guard-2-86m', ['moderation']],
    ['dall-e-2', ['image']],
    ['gpt-image-1', ['image']],
    ['stabilityai/stable-diffusion-xl-base-1.0', ['image']],
    ['sora-2', ['video']],
    ['mistral-ocr-latest', ['ocr']],
    ['davinci-002', ['completion']],
    ['gpt-3.5-turbo-instruct', ['completion']],
    ['meta-llama/Llama-3.1-8B-Instruct', ['chat']],
    ['ft:gpt-4o-mini-2024-07-18:acme::AbC123', ['chat']],
  ])('should classify %p as %p', (id, expected) => {
    expect(classifyModelId(id)).toEqual(expected);
  });

  it('should always give at least one capability, ignoring case', () => {
    fc.assert(
      fc.property(fc.string(), (id) => {
        const capabilities = classifyModelId(id);
        expect(capabilities.length).toBeGreaterThan(0);
        expect(classifyModelId(id.toUpperCase())).toEqual(classifyModelId(id.toLowerCase()));
      }),
    );
  });

  it('should hand out a fresh array each time', () => {
    const first = classifyModelId('gpt-4o');
    first.push('mutated');
    expect(classifyModelId('gpt-4o')).toEqual(['chat']);
  });
});
