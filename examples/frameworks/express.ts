// Express 5: mount the Node handler as middleware. It answers its own paths (/v1/models…,
// /healthz, /metrics) and hands every other path to the next middleware.
import express from 'express';
import type { AddressInfo } from 'node:net';
import { createModelsHandler } from 'scoped-models';
import { openCatalog, type RunningExample, type StartOptions } from './catalog.js';

export async function start({ port = 0, adminToken }: StartOptions = {}): Promise<RunningExample> {
  const catalog = await openCatalog();
  const models = createModelsHandler(catalog.manager, { metrics: true, adminToken });
  const app = express();
  app.use(models);
  app.get('/', (_req, res) => {
    res.send('the rest of the application');
  });
  const server = app.listen(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      models.close(); // ends event streams, so the server can close
      await new Promise((resolve) => server.close(resolve));
      await catalog.close();
    },
  };
}
