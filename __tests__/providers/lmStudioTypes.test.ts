import { describe, expect, it } from '@jest/globals';
import { lmStudioTypesUrl, withLmStudioTypes } from '../../src/providers/lmStudioTypes.js';

describe('lmStudioTypesUrl', () => {
  it.each([
    ['http://127.0.0.1:1234/v1', 'http://127.0.0.1:1234/api/v0/models'],
    ['http://127.0.0.1:1234/v1/', 'http://127.0.0.1:1234/api/v0/models'],
    ['http://127.0.0.1:1234', 'http://127.0.0.1:1234/api/v0/models'],
    ['http://gateway/lmstudio/', 'http://gateway/lmstudio/api/v0/models'],
    ['http://gateway/lmstudio//', 'http://gateway/lmstudio/api/v0/models'],
    ['http://gateway/v1proxy/v1', 'http://gateway/v1proxy/api/v0/models'],
    ['http://gateway//lmstudio/v1', 'http://gateway//lmstudio/api/v0/models'],
  ])('should turn base URL %s into %s, keeping a path prefix as written', (baseUrl, expected) => {
    expect(lmStudioTypesUrl(baseUrl).href).toBe(expected);
  });
});

describe('withLmStudioTypes', () => {
  const listing = { invalid: 0, models: [{ id: 'llama' }, { id: 'qwen-vl' }, { id: 'nomic' }] };

  it('should add tools to a chat model whose capabilities list tool_use, and to no other kind', () => {
    const v0 = {
      data: [
        { id: 'llama', type: 'llm', capabilities: ['tool_use'] },
        { id: 'qwen-vl', type: 'vlm', capabilities: ['tool_use'] },
        { id: 'nomic', type: 'embeddings', capabilities: ['tool_use'] },
      ],
    };
    expect(withLmStudioTypes(listing, v0).models.map((model) => model.capabilities)).toEqual([
      ['chat', 'tools'],
      ['chat', 'vision', 'tools'],
      ['embedding'],
    ]);
  });

  it('should take the context length only where the listing has none, and add no empty field', () => {
    const withContext = { invalid: 0, models: [{ id: 'llama', contextWindow: 8192 }, { id: 'qwen-vl' }, { id: 'nomic', contextWindow: 2048 }] };
    const v0 = {
      data: [
        { id: 'llama', type: 'llm', max_context_length: 131072 },
        { id: 'qwen-vl', type: 'vlm' },
        { id: 'nomic', type: 'embeddings' },
      ],
    };
    expect(withLmStudioTypes(withContext, v0).models).toStrictEqual([
      { id: 'llama', contextWindow: 8192, capabilities: ['chat'] },
      { id: 'qwen-vl', capabilities: ['chat', 'vision'] },
      { id: 'nomic', contextWindow: 2048, capabilities: ['embedding'] },
    ]);
  });

  it('should leave the listing as it is when the answer has another shape', () => {
    expect(withLmStudioTypes(listing, { models: [] })).toBe(listing);
  });
});
