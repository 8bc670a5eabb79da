// One catalog and one handler per server process, created on first import. A Next.js app keeps
// this in its own lib/ folder; the route file below only re-exports the handler.
import 'reflect-metadata';
import { createContainer, createModelsFetchHandler, TYPES, type ProviderManager } from 'scoped-models';

const container = createContainer({
  config: {
    providers: [
      { name: 'openai', type: 'static', models: ['gpt-4o'] },
      { name: 'ollama', type: 'static', models: ['llama3.1:8b'] },
    ],
  },
});
export const manager = container.get<ProviderManager>(TYPES.ProviderManager);
void manager.discoverModels(); // in the background: requests answer what is known meanwhile

export const modelsHandler = createModelsFetchHandler(manager);

/** Releases the catalog (for tests; a server process just exits). */
export async function closeModels(): Promise<void> {
  modelsHandler.close();
  await container.unbindAllAsync();
}
