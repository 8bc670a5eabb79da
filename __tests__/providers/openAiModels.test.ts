import { describe, expect, it } from '@jest/globals';
import { capabilitiesOfType, capabilitiesOfWords, listEntries, outOfChat, readOpenAiModels } from '../../src/providers/openAiModels.js';

describe('listEntries', () => {
  describe.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 7],
    ['a string', 'data'],
    ['an object without a list', { data: 'x', models: 3 }],
  ])('when the body is %s', (_label, body) => {
    it('should return undefined rather than throw', () => {
      expect(listEntries(body)).toBeUndefined();
    });
  });

  it('should read `data`, a bare array, and Ollama-style `models`', () => {
    expect(listEntries({ data: [1] })).toEqual([1]);
    expect(listEntries([2])).toEqual([2]);
    expect(listEntries({ models: [3] })).toEqual([3]);
  });
});

describe('capabilitiesOfType', () => {
  describe.each([
    ['code', ['chat']],
    ['VLM', ['chat', 'vision']],
    ['rerank', ['rerank']],
    ['video', ['video']],
    ['audio', ['speech']],
    ['transcribe', ['transcription']],
  ])('when the server says type %p', (type, expected) => {
    it(`should name ${expected.join(' and ')}`, () => {
      expect(capabilitiesOfType(type)).toEqual(expected);
    });
  });

  it('should return undefined for an unknown or missing type', () => {
    expect(capabilitiesOfType('hologram')).toBeUndefined();
    expect(capabilitiesOfType(undefined)).toBeUndefined();
  });
});

describe('capabilitiesOfWords', () => {
  describe.each([
    [['multimodal'], ['chat', 'vision']],
    [['tool_use'], ['chat', 'tools']],
    [['thinking'], ['chat', 'reasoning']],
    [['embeddings'], ['embedding']],
  ])('when the server lists %p', (words, expected) => {
    it('should add chat only for what is said of chat models', () => {
      expect(capabilitiesOfWords(words)).toEqual(expected);
    });
  });

  it('should return undefined when no word is known', () => {
    expect(capabilitiesOfWords(['sparkles'])).toBeUndefined();
  });
});

describe('outOfChat', () => {
  it('should keep the other capabilities of a model that cannot chat now', () => {
    expect(outOfChat(['chat', 'vision'])).toEqual(['vision']);
    expect(outOfChat(['embedding'])).toEqual(['embedding']);
    expect(outOfChat(['chat'])).toEqual(['other']);
  });
});

describe('readOpenAiModels', () => {
  describe('when an inactive entry is an embedding model', () => {
    it('should keep it as embedding and mark it inactive', () => {
      const { models } = readOpenAiModels([{ id: 'e', type: 'embedding', active: false }]);
      expect(models).toEqual([{ id: 'e', capabilities: ['embedding'], deprecated: 'inactive' }]);
    });
  });

  describe('when an entry has no price', () => {
    it('should leave pricing out', () => {
      const { models } = readOpenAiModels([{ id: 'm', type: 'chat' }]);
      expect(models).toStrictEqual([{ id: 'm', capabilities: ['chat'] }]);
    });
  });
});
