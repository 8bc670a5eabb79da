import { describe, expect, it, jest } from '@jest/globals';
import { main } from '../../examples/embed-in-inversify.js';

describe('examples/embed-in-inversify', () => {
  it('should discover and print the scoped models', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(await main()).toEqual(['ollama/llama3.1:8b', 'openai/gpt-4o', 'openai/gpt-4o-mini']);
      expect(log.mock.calls.flat().join('\n')).toContain('openai: ok (2 models)');
    } finally {
      log.mockRestore();
    }
  });
});
