// Embedding scoped-models in an inversify backend: build the container once at start-up,
// get the manager, discover, answer reads from the cache, and close the container at the end.
import 'reflect-metadata';
import { createContainer, TYPES, type ProviderManager } from 'scoped-models';

export async function main(): Promise<readonly string[]> {
  const container = createContainer({
    env: 'production', // binds the LRU cache; development and test bind the null-sentinel cache
    config: {
      providers: [
        { name: 'openai', type: 'static', models: ['gpt-4o', 'gpt-4o-mini'] },
        { name: 'ollama', type: 'static', models: ['llama3.1:8b'] },
      ],
    },
  });
  try {
    const manager = container.get<ProviderManager>(TYPES.ProviderManager);
    const report = await manager.discoverModels();
    console.log(report.providers.map((p) => `${p.name}: ${p.status} (${p.models} models)`).join('\n'));
    const models = manager.validScopedModels(); // a cache hit from here on: the same frozen array
    console.log(models.join('\n'));
    return models;
  } finally {
    // Closes the store (Redis connections when NODE_ENV=production and REDIS_URL is set) and
    // stops timers, so the process can exit.
    await container.unbindAllAsync();
  }
}
