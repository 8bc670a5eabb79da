// An application on inversify's HTTP framework with the Express 5 adapter, serving the catalog
// next to its own controllers.
import 'reflect-metadata';
import { Controller, Get } from '@inversifyjs/http-core';
import { InversifyExpressHttpAdapter } from '@inversifyjs/http-express';
import { Container } from 'inversify';
import type { AddressInfo } from 'node:net';
import { createContainer, TYPES, type ProviderManager } from 'scoped-models';
import { modelsHttpModule } from './modelsHttpModule.js';

@Controller('/')
class HomeController {
  @Get('/')
  home(): string {
    return 'the rest of the application';
  }
}

export async function start(port = 0): Promise<{ url: string; close(): Promise<void> }> {
  const models = createContainer({
    env: 'development',
    config: {
      providers: [
        { name: 'openai', type: 'static', models: ['gpt-4o'] },
        { name: 'ollama', type: 'static', models: ['llama3.1:8b'] },
      ],
    },
  });
  await models.get<ProviderManager>(TYPES.ProviderManager).discoverModels();

  const app = new Container({ parent: models });
  app.load(modelsHttpModule);
  app.bind(HomeController).toSelf().inSingletonScope();
  // useJson: false leaves request bodies unread, so POST /v1/models/refresh reads its own.
  const express = await new InversifyExpressHttpAdapter(app, { logger: false, useJson: false }).build();
  const server = express.listen(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await app.unbindAllAsync();
      await models.unbindAllAsync(); // closes the handler's event streams and the manager
    },
  };
}
