// The catalog every framework example serves: two static providers, discovered once at start-up.
import 'reflect-metadata';
import { createContainer, TYPES, type ProviderManager } from 'scoped-models';

export interface ExampleCatalog {
  manager: ProviderManager;
  close(): Promise<void>;
}

export async function openCatalog(): Promise<ExampleCatalog> {
  const container = createContainer({
    env: 'development',
    config: {
      providers: [
        { name: 'openai', type: 'static', models: [{ id: 'gpt-4o', contextWindow: 128000 }] },
        { name: 'ollama', type: 'static', models: ['llama3.1:8b'] },
      ],
    },
  });
  const manager = container.get<ProviderManager>(TYPES.ProviderManager);
  await manager.discoverModels();
  return { manager, close: () => container.unbindAllAsync() };
}

/** A server an example started, and how to stop it. */
export interface RunningExample {
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Turns on POST /v1/models/refresh (e.g. from process.env.ADMIN_TOKEN). */
  adminToken?: string | undefined;
}
