// Serving the catalog from an inversify-built node:http server. The container binds the handler
// (TYPES.ModelsHandler); its admin token comes from the variable config.serve.adminTokenEnv names.
import 'reflect-metadata';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { createContainer, TYPES, type ModelsHandler, type ProviderManager } from 'scoped-models';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function start(options: { port?: number; environment?: Record<string, string | undefined> } = {}): Promise<RunningServer> {
  const container = createContainer({
    env: 'production',
    environment: options.environment ?? process.env,
    config: {
      providers: [
        { name: 'openai', type: 'static', models: [{ id: 'gpt-4o', displayName: 'GPT-4o', contextWindow: 128000 }] },
        { name: 'ollama', type: 'static', models: ['llama3.1:8b'] },
      ],
      serve: { adminTokenEnv: 'SCOPED_MODELS_ADMIN_TOKEN' },
    },
  });
  const manager = container.get<ProviderManager>(TYPES.ProviderManager);
  const handler = container.get<ModelsHandler>(TYPES.ModelsHandler);
  void manager.discoverModels(); // in the background: requests are answered from what is known meanwhile

  const server = createServer(handler); // or app.use(handler) in Express
  await new Promise<void>((resolve) => server.listen(options.port ?? 8080, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      handler.close(); // ends event streams, so server.close() can finish
      await new Promise((resolve) => server.close(resolve));
      await container.unbindAllAsync();
    },
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { url } = await start({ port: Number(process.env['PORT'] ?? 8080) });
  console.log(`serving ${url}/v1/models`);
}
