import { describe, expect, it } from '@jest/globals';
import { withHints } from '../../../src/cli/repl/withHints.js';
import type { ScopedModelInfo } from '../../../src/manager/types.js';

const INFO: Record<string, ScopedModelInfo> = {
  'openai/gpt-4o': { id: 'openai/gpt-4o', provider: 'openai', model: 'gpt-4o', capabilities: ['chat'], contextWindow: 128_000, pricing: { input: 2.5, output: 10 } },
  'openai/gpt-4o-mini': { id: 'openai/gpt-4o-mini', provider: 'openai', model: 'gpt-4o-mini', capabilities: ['chat'], contextWindow: 128_000 },
  'openai/bare': { id: 'openai/bare', provider: 'openai', model: 'bare', capabilities: ['chat'] },
};
const lookup = (id: string): ScopedModelInfo | undefined => INFO[id];

describe('withHints', () => {
  it('should list several candidates each with its hint, and leave the rest as they are', () => {
    const complete = withHints(() => [['openai/gpt-4o', 'openai/gpt-4o-mini', 'openai/bare', '/models'], 'openai/'], lookup);
    expect(complete('/model openai/')).toEqual([
      ['openai/gpt-4o (128k · $2.50/$10)', 'openai/gpt-4o-mini (128k)', 'openai/bare', '/models'],
      'openai/',
    ]);
  });

  it('should hand a single match back bare, since readline inserts it as it is', () => {
    const complete = withHints(() => [['openai/gpt-4o'], 'gpt'], lookup);
    expect(complete('/model gpt')).toEqual([['openai/gpt-4o'], 'gpt']);
  });
});
