import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { NullSentinelModelCache } from '../../src/cache/NullSentinelModelCache.js';
import { parseConfig } from '../../src/config/parseConfig.js';
import type { Logger } from '../../src/logging/Logger.js';
import { ProviderManager } from '../../src/manager/ProviderManager.js';
import type { ModelsChange } from '../../src/manager/types.js';
import type { ModelProvider } from '../../src/providers/ModelProvider.js';
import { ControlledProvider, flush, ListProvider } from '../helpers/ControlledProvider.js';
import { ManualClock } from '../helpers/ManualClock.js';

class RecordingLogger implements Logger {
  readonly warnings: string[] = [];
  warn(message: string): void {
    this.warnings.push(message);
  }
  info(): void {}
}

function createManager(providers: ModelProvider[], logger: Logger = new RecordingLogger()): ProviderManager {
  return new ProviderManager(parseConfig({}), new NullSentinelModelCache(), providers, new ManualClock(), logger);
}

describe('ProviderManager', () => {
  describe('.onChange', () => {
    describe('when a discovery changes the list', () => {
      it('should call the listener with the added and removed scoped ids and the new generation', async () => {
        const openai = new ListProvider('openai', ['gpt-4o', 'gpt-3.5-turbo']);
        const manager = createManager([openai]);
        const events: ModelsChange[] = [];
        manager.onChange((change) => {
          events.push(change);
        });

        await manager.discoverModels();
        openai.models = ['gpt-4o', 'o3'];
        await manager.discoverModels();

        expect(events).toEqual([
          { added: ['openai/gpt-3.5-turbo', 'openai/gpt-4o'], removed: [], generation: 1 },
          { added: ['openai/o3'], removed: ['openai/gpt-3.5-turbo'], generation: 2 },
        ]);
        expect(manager.generation).toBe(2);
      });

      it('should have committed the new list before the listener runs', async () => {
        const manager = createManager([new ListProvider('ollama', ['llama3.1:8b'])]);
        let seen: readonly string[] = [];
        manager.onChange(() => {
          seen = manager.validScopedModels();
        });

        await manager.discoverModels();

        expect(seen).toEqual(['ollama/llama3.1:8b']);
      });
    });

    describe('when a discovery changes nothing', () => {
      it('should not call the listener and should keep the generation', async () => {
        const manager = createManager([new ListProvider('openai', ['gpt-4o'])]);
        await manager.discoverModels();
        const events: ModelsChange[] = [];
        manager.onChange((change) => {
          events.push(change);
        });

        await manager.discoverModels();

        expect(events).toEqual([]);
        expect(manager.generation).toBe(1);
      });
    });

    describe('when only what is known of a model changes', () => {
      it('should call the listener with empty added and removed lists', async () => {
        const provider = new ListProvider('anthropic', [{ id: 'claude-sonnet-4-5' }]);
        const manager = createManager([provider]);
        await manager.discoverModels();
        const events: ModelsChange[] = [];
        manager.onChange((change) => {
          events.push(change);
        });

        provider.models = [{ id: 'claude-sonnet-4-5', displayName: 'Claude Sonnet 4.5', contextWindow: 200_000 }];
        await manager.discoverModels();

        expect(events).toEqual([{ added: [], removed: [], generation: 2 }]);
      });
    });

    describe('when a provider fails', () => {
      it('should not call the listener, since the last good list is kept', async () => {
        const provider = new ControlledProvider('openai');
        const manager = createManager([provider]);
        const events: ModelsChange[] = [];
        manager.onChange((change) => {
          events.push(change);
        });

        const discovery = manager.discoverModels();
        provider.fail(new Error('connection refused'));
        const report = await discovery;

        expect(report.providers[0]?.status).toBe('failed');
        expect(events).toEqual([]);
        expect(manager.generation).toBe(0);
      });
    });

    describe('when the unsubscribe function is called', () => {
      it('should not call that listener again, and calling it twice should be harmless', async () => {
        const provider = new ListProvider('openai', ['gpt-4o']);
        const manager = createManager([provider]);
        const kept: number[] = [];
        const dropped: number[] = [];
        manager.onChange((change) => {
          kept.push(change.generation);
        });
        const unsubscribe = manager.onChange((change) => {
          dropped.push(change.generation);
        });

        await manager.discoverModels();
        unsubscribe();
        unsubscribe();
        provider.models = ['o3'];
        await manager.discoverModels();

        expect(kept).toEqual([1, 2]);
        expect(dropped).toEqual([1]);
      });

      it('should still call the other listeners when one unsubscribes while being called', async () => {
        const manager = createManager([new ListProvider('openai', ['gpt-4o'])]);
        const calls: string[] = [];
        const unsubscribe = manager.onChange(() => {
          calls.push('first');
          unsubscribe();
        });
        manager.onChange(() => {
          calls.push('second');
        });

        await manager.discoverModels();

        expect(calls).toEqual(['first', 'second']);
      });
    });

    describe('when a listener throws', () => {
      it('should call the other listeners, finish the discovery and log a warning', async () => {
        const logger = new RecordingLogger();
        const manager = createManager([new ListProvider('openai', ['gpt-4o'])], logger);
        const calls: number[] = [];
        manager.onChange(() => {
          throw new Error('listener exploded');
        });
        manager.onChange((change) => {
          calls.push(change.generation);
        });

        const report = await manager.discoverModels();

        expect(report.providers[0]?.status).toBe('ok');
        expect(calls).toEqual([1]);
        expect(manager.validScopedModels()).toEqual(['openai/gpt-4o']);
        expect(logger.warnings).toEqual(['an onChange listener failed: listener exploded']);
      });
    });

    describe('when a listener rejects', () => {
      it('should call the other listeners and log a warning instead of an unhandled rejection', async () => {
        const logger = new RecordingLogger();
        const manager = createManager([new ListProvider('openai', ['gpt-4o'])], logger);
        const calls: number[] = [];
        manager.onChange(() => Promise.reject(new Error('async listener failed')));
        manager.onChange((change) => {
          calls.push(change.generation);
        });

        await manager.discoverModels();
        await flush();

        expect(calls).toEqual([1]);
        expect(logger.warnings).toEqual(['an onChange listener failed: async listener failed']);
      });
    });

    describe('when lists change in any order', () => {
      it('should report exactly the set differences and grow the generation once per change', async () => {
        const lists = fc.array(fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e:1', 'f/g'), { maxLength: 6 }), {
          minLength: 1,
          maxLength: 8,
        });
        await fc.assert(
          fc.asyncProperty(lists, async (sequence) => {
            const provider = new ListProvider('p', []);
            const manager = createManager([provider]);
            const events: ModelsChange[] = [];
            manager.onChange((change) => {
              events.push(change);
            });
            let previous = new Set<string>();
            let expectedChanges = 0;
            for (const models of sequence) {
              provider.models = models;
              const before = events.length;
              // Every answer taken as it comes (an empty one is otherwise held back once).
              await manager.discoverModels(undefined, { acceptEmpty: true });
              const next = new Set(models.map((id) => `p/${id}`));
              const added = [...next].filter((id) => !previous.has(id)).sort();
              const removed = [...previous].filter((id) => !next.has(id)).sort();
              if (added.length === 0 && removed.length === 0) {
                expect(events.length).toBe(before);
              } else {
                expectedChanges++;
                const event = events.at(-1)!;
                expect([...event.added].sort()).toEqual(added);
                expect([...event.removed].sort()).toEqual(removed);
                expect(event.generation).toBe(expectedChanges);
              }
              previous = next;
            }
            expect(manager.generation).toBe(expectedChanges);
          }),
          { numRuns: 60 },
        );
      });
    });
  });
});
