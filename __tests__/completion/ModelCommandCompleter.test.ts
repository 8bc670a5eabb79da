import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import type { ModelCatalogReader } from '../../src/manager/ModelCatalogReader.js';
import { ModelCommandCompleter } from '../../src/completion/ModelCommandCompleter.js';
import { ScopedModelsError } from '../../src/errors/ScopedModelsError.js';
import { ListProvider } from '../helpers/ControlledProvider.js';
import { thrownBy } from '../helpers/thrownBy.js';
import { CATALOG, managerOf, managerWith, referenceComplete } from './completerFixtures.js';

const items = (completer: ModelCommandCompleter, line: string, cursor?: number): string[] => completer.complete(line, cursor).items;

describe('ModelCommandCompleter', () => {
  describe('constructor', () => {
    describe('when an option is out of range', () => {
      it.each([
        [{ limit: 0 }, /limit must be a whole number/],
        [{ limit: 2.5 }, /limit must be a whole number/],
        [{ command: '/my model' }, /command must be one word/],
        [{ command: '' }, /command must be one word/],
      ])('should throw an invalid_option error for %j', (options, message) => {
        const create = (): ModelCommandCompleter => new ModelCommandCompleter(managerOf(CATALOG), options);
        const error = thrownBy(create);
        expect((error as Error).message).toMatch(message);
        expect(ScopedModelsError.is(error) && error.code).toBe('invalid_option');
      });
    });
  });

  describe('.complete', () => {
    const completer = new ModelCommandCompleter(managerOf(CATALOG));

    describe('when the word is a prefix of scoped ids (tier 1)', () => {
      it('should list them shorter first', () => {
        expect(items(completer, '/model anthropic/c')).toEqual(['anthropic/claude-opus-4-6', 'anthropic/claude-haiku-4-5', 'anthropic/claude-sonnet-4-5', 'openrouter/anthropic/claude-sonnet-4']);
        expect(items(completer, '/model openai/gp')).toEqual(['openai/gpt-4o', 'openai/gpt-4o-mini', 'openrouter/openai/gpt-4o']);
      });

      it('should put every tier-1 match before any tier-2 or tier-3 match, however short', () => {
        expect(items(completer, '/model o')).toEqual([
          'openai/o3',
          'openai/gpt-4o',
          'ollama/llama3.1:8b',
          'openai/gpt-4o-mini',
          'ollama/qwen2.5-coder:7b',
          'openrouter/openai/gpt-4o',
          'openrouter/anthropic/claude-sonnet-4',
          'openrouter/meta-llama/llama-3.1-70b-instruct',
          'ollama/hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M',
          // Tier 3: `opus` starts a word; no tier-2 match exists.
          'anthropic/claude-opus-4-6',
        ]);
      });
    });

    describe('when the word is a prefix of the model id or of the text after a "/" (tier 2)', () => {
      it('should find the model under every provider that offers it', () => {
        expect(items(completer, '/model gpt-4o')).toEqual(['openai/gpt-4o', 'openai/gpt-4o-mini', 'openrouter/openai/gpt-4o']);
      });

      it('should match the text after an inner "/"', () => {
        expect(items(completer, '/model bartowski/')).toEqual(['ollama/hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M']);
      });
    });

    describe('when the word starts at a word boundary (tier 3)', () => {
      it('should match from a "-" boundary', () => {
        expect(items(completer, '/model sonnet')).toEqual(['anthropic/claude-sonnet-4-5', 'openrouter/anthropic/claude-sonnet-4']);
      });

      it('should let the typed text run across separators', () => {
        expect(items(completer, '/model sonnet-4-')).toEqual(['anthropic/claude-sonnet-4-5']);
      });

      it('should match after ":" and "." boundaries', () => {
        expect(items(completer, '/model 8b')).toEqual(['ollama/llama3.1:8b']);
        expect(items(completer, '/model q4_k')).toEqual(['ollama/hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M']);
        expect(items(completer, '/model 2-3b')).toEqual(['ollama/hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M']);
      });

      it('should rank tier-2 matches before tier-3 matches', () => {
        // `llama…` starts the model id of ollama/llama3.1:8b (tier 2) and a word of meta-llama (tier 3).
        expect(items(completer, '/model llama')).toEqual([
          'ollama/llama3.1:8b',
          'openrouter/meta-llama/llama-3.1-70b-instruct',
          'ollama/hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M',
        ]);
      });

      it('should not treat the middle of a word as a boundary', () => {
        // `ini` is inside `mini` only: no prefix tier matches, so the fuzzy tier answers.
        expect(items(completer, '/model mini')).toEqual(['openai/gpt-4o-mini']);
        expect(items(completer, '/model 4o-mini')).toEqual(['openai/gpt-4o-mini']);
        expect(items(new ModelCommandCompleter(managerOf({ p: ['mini', 'xminiy'] })), '/model ini')).toEqual(['p/mini', 'p/xminiy']);
        expect(items(new ModelCommandCompleter(managerOf({ p: ['ab-mini', 'xminiy'] })), '/model mini')).toEqual(['p/ab-mini']);
      });
    });

    describe('when no prefix matches (tier 4)', () => {
      it('should fall back to a fuzzy subsequence', () => {
        expect(items(completer, '/model gpt4o')).toEqual(['openai/gpt-4o', 'openai/gpt-4o-mini', 'openrouter/openai/gpt-4o']);
        expect(items(completer, '/model cs45')).toEqual(['anthropic/claude-sonnet-4-5']);
      });

      it('should not add fuzzy matches when a prefix tier found something', () => {
        // `o3` is a subsequence of many ids but a prefix of the model id of openai/o3 only.
        expect(items(completer, '/model o3')).toEqual(['openai/o3']);
      });

      it('should return nothing when not even a subsequence matches', () => {
        expect(completer.complete('/model zzz')).toEqual({ items: [], from: 7 });
      });
    });

    describe('when the case differs', () => {
      it('should match ignoring case and return ids as they are', () => {
        expect(items(completer, '/model GPT-4O-M')).toEqual(['openai/gpt-4o-mini']);
        expect(items(completer, '/model llama-3.2')).toEqual(['ollama/hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M']);
      });
    });

    describe('when the word is empty', () => {
      it('should list every chat model, shorter first, then in code-unit order', () => {
        expect(completer.complete('/model ')).toEqual({
          from: 7,
          items: [
            'openai/o3',
            'openai/gpt-4o',
            'ollama/llama3.1:8b',
            'openai/gpt-4o-mini',
            'ollama/qwen2.5-coder:7b',
            'openrouter/openai/gpt-4o',
            'anthropic/claude-opus-4-6',
            'anthropic/claude-haiku-4-5',
            'anthropic/claude-sonnet-4-5',
            'openrouter/anthropic/claude-sonnet-4',
            'openrouter/meta-llama/llama-3.1-70b-instruct',
            'ollama/hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M',
          ],
        });
      });

      it('should accept several spaces after the command', () => {
        expect(completer.complete('/model   o3')).toEqual({ items: ['openai/o3'], from: 9 });
      });
    });

    describe('when the cursor is in the middle of the line', () => {
      it('should complete the word that ends at the cursor and ignore the text after it', () => {
        const line = '/model gpt-4o-mini please';
        expect(completer.complete(line, 10)).toEqual({ items: ['openai/gpt-4o', 'openai/gpt-4o-mini', 'openrouter/openai/gpt-4o'], from: 7 });
      });

      it('should complete the command word when the cursor is inside it', () => {
        expect(completer.complete('/mo openai/gpt-4o', 3)).toEqual({ items: ['/model', '/models'], from: 0 });
      });

      it('should clamp a cursor outside the line', () => {
        expect(completer.complete('/model o3', 99)).toEqual({ items: ['openai/o3'], from: 7 });
        expect(completer.complete('/model o3', -5)).toEqual({ items: [], from: 0 });
        expect(completer.complete('/model o3', Number.NaN)).toEqual({ items: ['openai/o3'], from: 7 });
      });
    });

    describe('when the line is still typing its command', () => {
      it('should complete the command itself', () => {
        expect(completer.complete('/mo')).toEqual({ items: ['/model', '/models'], from: 0 });
        expect(completer.complete('  /models')).toEqual({ items: ['/models'], from: 2 });
        expect(completer.complete('/x')).toEqual({ items: [], from: 0 });
      });

      it('should offer the configured commands', () => {
        const custom = new ModelCommandCompleter(managerOf(CATALOG), { commands: ['/model', '/models', '/discover', '/help'] });
        expect(items(custom, '/')).toEqual(['/help', '/model', '/models', '/discover']);
      });
    });

    describe('when the line is not the model command', () => {
      it.each([['hello'], ['/models o'], ['/model o3 extra'], ['/modelx o'], ['']])('should complete nothing in %j', (line) => {
        expect(completer.complete(line)).toEqual({ items: [], from: line.length });
      });
    });

    describe('when the command is configured', () => {
      it('should complete the argument of that command only', () => {
        const custom = new ModelCommandCompleter(managerOf(CATALOG), { command: '/use' });
        expect(items(custom, '/use o3')).toEqual(['openai/o3']);
        expect(items(custom, '/model o3')).toEqual([]);
        expect(items(custom, '/u')).toEqual(['/use']);
      });
    });

    describe('when the separator is not "/"', () => {
      it('should treat the text after the first separator as the model id', () => {
        const custom = new ModelCommandCompleter(managerOf({ openai: ['gpt-4o'], openrouter: ['openai/gpt-4o'] }, '::'));
        expect(items(custom, '/model gpt')).toEqual(['openai::gpt-4o', 'openrouter::openai/gpt-4o']);
        // A word also starts inside the separator, after its first ":".
        expect(items(custom, '/model :gpt')).toEqual(['openai::gpt-4o']);
      });
    });

    describe('when capabilities differ', () => {
      it('should offer chat models only by default', () => {
        expect(items(completer, '/model text-emb')).toEqual([]);
      });

      it('should offer the capability asked for, or every model with null', () => {
        expect(items(new ModelCommandCompleter(managerOf(CATALOG), { capability: 'embedding' }), '/model ')).toEqual(['openai/text-embedding-3-small']);
        expect(items(new ModelCommandCompleter(managerOf(CATALOG), { capability: null }), '/model text-emb')).toEqual(['openai/text-embedding-3-small']);
      });
    });

    describe('when there are more matches than the limit', () => {
      it('should return the best `limit` of them', () => {
        const limited = new ModelCommandCompleter(managerOf(CATALOG), { limit: 2 });
        expect(items(limited, '/model ')).toEqual(['openai/o3', 'openai/gpt-4o']);
        expect(items(limited, '/model llama')).toEqual(['ollama/llama3.1:8b', 'openrouter/meta-llama/llama-3.1-70b-instruct']);
        expect(items(limited, '/model gpt4o')).toEqual(['openai/gpt-4o', 'openai/gpt-4o-mini']);
      });
    });

    describe('when there are no models', () => {
      it('should return no items', () => {
        const empty = new ModelCommandCompleter(managerOf({}));
        expect(empty.complete('/model ')).toEqual({ items: [], from: 7 });
        expect(empty.complete('/model gpt4o')).toEqual({ items: [], from: 7 });
      });
    });
  });

  describe('index', () => {
    describe('when the valid list is unchanged between calls', () => {
      it('should read the list on every call and build the index once', () => {
        const manager = managerOf(CATALOG);
        let reads = 0;
        const counting = {
          separator: manager.separator,
          generation: manager.generation,
          validScopedModels: (q?: Parameters<typeof manager.validScopedModels>[0]) => (reads++, manager.validScopedModels(q)),
        };
        const completer = new ModelCommandCompleter(counting);
        for (const word of ['o', 'op', 'ope', 'open', 'sonnet', 'gpt4o']) completer.complete(`/model ${word}`);
        expect(reads).toBe(6);
        expect(completer.indexBuilds).toBe(1);
      });

      it('should not read the list while the command word is typed', () => {
        const completer = new ModelCommandCompleter(managerOf(CATALOG));
        completer.complete('/mod');
        expect(completer.indexBuilds).toBe(0);
      });
    });

    describe('when a discovery changes the list', () => {
      it('should rebuild once and complete from the new list', async () => {
        const provider = new ListProvider('lab', ['alpha-1']);
        const manager = managerWith([provider]);
        await manager.discoverModels();
        const completer = new ModelCommandCompleter(manager);
        expect(items(completer, '/model al')).toEqual(['lab/alpha-1']);
        provider.models = ['alpha-1', 'alpha-2'];
        await manager.discoverModels();
        expect(items(completer, '/model al')).toEqual(['lab/alpha-1', 'lab/alpha-2']);
        expect(items(completer, '/model 2')).toEqual(['lab/alpha-2']);
        expect(completer.indexBuilds).toBe(2);
      });
    });

    describe('when the list array is new but its content is not', () => {
      it('should not rebuild after a discovery that changed nothing', async () => {
        const provider = new ListProvider('lab', ['alpha-1']);
        const manager = managerWith([provider]);
        await manager.discoverModels();
        const completer = new ModelCommandCompleter(manager);
        const before = manager.validScopedModels({ capability: 'chat' });
        items(completer, '/model al');
        await manager.discoverModels();
        expect(manager.validScopedModels({ capability: 'chat' })).not.toBe(before);
        expect(items(completer, '/model al')).toEqual(['lab/alpha-1']);
        expect(completer.indexBuilds).toBe(1);
      });

      it('should not rebuild when another query took the single cache slot meanwhile', () => {
        const manager = managerOf(CATALOG);
        const completer = new ModelCommandCompleter(manager);
        items(completer, '/model o');
        manager.validScopedModels();
        items(completer, '/model op');
        expect(completer.indexBuilds).toBe(1);
      });
    });
  });
});

describe('ModelCommandCompleter at scale', () => {
  describe('.complete', () => {
    describe('when there are 100k models', () => {
      const FAMILIES = ['gpt', 'claude-sonnet', 'llama', 'qwen2.5-coder', 'mistral-large', 'gemini-2.5-flash', 'deepseek-r1', 'phi'];
      const PROVIDERS = ['openai', 'anthropic', 'openrouter', 'ollama', 'groq', 'mistral', 'together', 'gemini'];
      const catalog: Record<string, string[]> = Object.fromEntries(PROVIDERS.map((name) => [name, [] as string[]]));
      for (let i = 0; i < 100_000; i++) {
        catalog[PROVIDERS[i % 8]!]!.push(`${FAMILIES[Math.floor(i / 8) % 8]!}-${i % 97}.${i % 13}-v${i}:q${i % 5}`);
      }
      const manager = managerOf(catalog);
      const ids = manager.validScopedModels({ capability: 'chat' });
      const completer = new ModelCommandCompleter(manager);

      it('should rank exactly like the plain reference', () => {
        expect(ids).toHaveLength(100_000);
        for (const word of ['openai/gpt-1', 'llama-4', 'sonnet-12.', 'v9999', 'gpt4o']) {
          expect(completer.complete(`/model ${word}`).items).toEqual(referenceComplete(ids, word, '/', 50));
        }
      });

      it('should answer many queries from one index build (speed is measured by npm run bench)', () => {
        const words = ['o', 'anthropic/cl', 'llama', 'sonnet-4', 'v123', 'q3'];
        for (let round = 0; round < 3; round++) for (const word of words) completer.complete(`/model ${word}`);
        expect(completer.indexBuilds).toBe(1);
      });
    });
  });
});

describe('ModelCommandCompleter over any ModelCatalogReader', () => {
  it('should complete from a reader that is not a ProviderManager, re-indexing when its generation moves', () => {
    let ids: readonly string[] = ['lab/alpha', 'lab/beta'];
    let generation = 1;
    const reader: ModelCatalogReader = {
      validScopedModels: () => ids,
      modelInfo: () => undefined,
      providerStatus: () => [],
      onChange: () => () => undefined,
      get generation() {
        return generation;
      },
      separator: '/',
    };
    const completer = new ModelCommandCompleter(reader);
    expect(completer.complete('/model lab/a').items).toEqual(['lab/alpha']);
    ids = ['lab/alpha', 'lab/alpine'];
    generation = 2;
    expect(completer.complete('/model lab/alp').items).toEqual(['lab/alpha', 'lab/alpine']);
    expect(completer.indexBuilds).toBe(2);
  });
});
