import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { classifyModelId } from '../../src/providers/classifyModelId.js';

describe('classifyModelId', () => {
  it.each([
    ['gpt-4o', ['chat']],
    ['o3-mini', ['chat']],
    ['gpt-4o-audio-preview', ['chat', 'audio']],
    ['gpt-audio', ['chat', 'audio']],
    ['gpt-4o-realtime-preview-2024-12-17', ['audio']],
    ['gpt-realtime', ['audio']],
    ['whisper-1', ['transcription']],
    ['gpt-4o-mini-transcribe', ['transcription']],
    ['gpt-4o-transcribe-diarize', ['transcription']],
    ['tts-1-hd', ['speech']],
    ['gpt-4o-mini-tts', ['speech']],
    ['canopylabs/orpheus-v1-english', ['speech']],
    ['playai-tts', ['speech']],
    ['speech-02-hd', ['speech']],
    ['minimax/speech-02-turbo', ['speech']],
    ['freespeech-7b', ['chat']],
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
    // A family word counts at the start or end of the id or between separators, never inside another word.
    ['audio-flamingo-3', ['chat', 'audio']],
    ['nvidia/audio-flamingo-3', ['chat', 'audio']],
    ['thenlper/gte', ['embedding']],
    ['image-01', ['image']],
    ['qwen/qwen-image', ['image']],
    ['sora', ['video']],
    ['veo3', ['video']],
    ['ocr-large', ['ocr']],
    ['deepseek-ai/deepseek-ocr', ['ocr']],
    ['openai/davinci-002', ['completion']],
    ['my-davinci-002-finetune', ['chat']],
  ])('should classify %p as %p', (id, expected) => {
    expect(classifyModelId(id)).toEqual(expected);
  });

  describe('when the ids are OpenAI\'s own', () => {
    it.each([
      ['gpt-3.5-turbo-instruct-0914', ['completion']],
      ['babbage-002', ['completion']],
      ['davinci', ['completion']],
      ['text-davinci-003', ['completion']],
      ['chatgpt-image-latest', ['image']],
      ['sora-2-pro', ['video']],
      ['text-moderation-latest', ['moderation']],
      ['davinci-instruct-beta', ['completion']],
      ['curie-instruct-beta', ['completion']],
      ['gpt-4o-cicada', ['chat']],
      ['gpt-5-codex', ['chat']],
      ['o4-mini-deep-research', ['chat']],
    ])('should classify %p as %p', (id, expected) => {
      expect(classifyModelId(id, 'openai')).toEqual(expected);
    });

    it('should keep a generic server\'s "-Instruct" model in chat', () => {
      expect(classifyModelId('Qwen/Qwen2.5-7B-Instruct')).toEqual(['chat']);
      expect(classifyModelId('Qwen/Qwen2.5-7B-Instruct', 'openai')).toEqual(['completion']);
    });
  });

  describe('when the ids are Google\'s', () => {
    it.each([
      ['gemini-2.5-flash', ['chat']],
      ['gemma-3-27b-it', ['chat']],
      ['lyria-3-pro-preview', ['audio']],
      ['imagen-4.0-generate-001', ['image']],
      ['gemini-2.5-flash-image', ['image']],
      ['gemini-3-pro-image-preview', ['image']],
      ['nano-banana-pro-preview', ['image']],
      ['veo-3.0-generate-001', ['video']],
      ['gemini-2.5-flash-preview-tts', ['speech']],
      ['gemini-3-flash-tts-preview', ['speech']],
      ['gemini-live-2.5-flash-preview', ['audio']],
      ['gemini-2.5-flash-native-audio-preview-09-2025', ['audio']],
      ['gemini-embedding-001', ['embedding']],
      ['aqa', []],
    ])('should classify %p as %p', (id, expected) => {
      expect(classifyModelId(id, 'gemini')).toEqual(expected);
    });

    // A tuned model's name is the user's own: a family word inside it says nothing.
    it.each(['tunedModels/veo-fan-chat', 'tunedModels/lyria-lyrics-helper', 'tunedModels/imagen-captioner', 'tunedModels/nano-banana-recipes', 'tunedModels/faq-aqa', 'tunedModels/live-helper'])(
      'should keep tuned model %p in chat',
      (id) => {
        expect(classifyModelId(id, 'gemini')).toEqual(['chat']);
      },
    );

    it('should apply them to the ids of Gemini\'s OpenAI-compatible endpoint, which carry "models/"', () => {
      expect(classifyModelId('models/gemini-2.5-flash-image')).toEqual(['image']);
      expect(classifyModelId('models/aqa')).toEqual([]);
      expect(classifyModelId('models/gemini-2.5-pro')).toEqual(['chat']);
    });
  });

  it('should always give at least one capability outside Google\'s ids, ignoring case', () => {
    fc.assert(
      fc.property(fc.string().filter((id) => !id.toLowerCase().startsWith('models/')), (id) => {
        const capabilities = classifyModelId(id);
        expect(capabilities.length).toBeGreaterThan(0);
        expect(classifyModelId(id.toUpperCase())).toEqual(classifyModelId(id.toLowerCase()));
      }),
    );
  });

  it('should hand out a fresh array each time', () => {
    const first = classifyModelId('gpt-4o');
    first.push('embedding');
    expect(classifyModelId('gpt-4o')).toEqual(['chat']);
  });
});
