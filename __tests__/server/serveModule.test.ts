import 'reflect-metadata';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { ScopedModelsConfigInput } from '../../src/config/schema.js';
import { createContainer } from '../../src/container/createContainer.js';
import { ConfigError } from '../../src/errors/ConfigError.js';
import type { ProviderManager } from '../../src/manager/ProviderManager.js';
import type { ModelsHandler } from '../../src/server/createModelsHandler.js';
import { TYPES } from '../../src/tokens.js';
import { send, startHandlerServer, type HandlerServer } from './handlerServer.js';

const config: ScopedModelsConfigInput = {
  providers: [{ name: 'fixed', type: 'static', models: ['a'] }],
  serve: { adminTokenEnv: 'MODELS_ADMIN_TOKEN' },
};
const servers: HandlerServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function refreshStatus(environment: Record<string, string>, input: ScopedModelsConfigInput = config): Promise<number> {
  const container = createContainer({ env: 'test', config: input, environment });
  const server = await startHandlerServer(container.get<ModelsHandler>(TYPES.ModelsHandler));
  servers.push(server);
  const response = await send(server.port, { method: 'POST', path: '/v1/models/refresh', headers: { authorization: 'Bearer t0ken' } });
  return response.status;
}

describe('serveModule', () => {
  describe('when config.serve.adminTokenEnv names a set variable', () => {
    it('should bind a handler whose refresh route takes that token', async () => {
      expect(await refreshStatus({ MODELS_ADMIN_TOKEN: 't0ken' })).toBe(200);
      expect(await refreshStatus({ MODELS_ADMIN_TOKEN: 'other' })).toBe(401);
    });
  });

  describe('when the variable is unset or empty, or none is named', () => {
    it('should bind a handler without the refresh route', async () => {
      expect(await refreshStatus({})).toBe(404);
      expect(await refreshStatus({ MODELS_ADMIN_TOKEN: ' ' })).toBe(404);
      expect(await refreshStatus({ MODELS_ADMIN_TOKEN: 't0ken' }, { providers: [] })).toBe(404);
    });
  });

  describe('when the handler is asked for twice', () => {
    it("should give the same singleton, over the container's manager", async () => {
      const container = createContainer({ env: 'test', config });
      const handler = container.get<ModelsHandler>(TYPES.ModelsHandler);
      await container.get<ProviderManager>(TYPES.ProviderManager).discoverModels();
      const server = await startHandlerServer(handler);
      servers.push(server);

      expect(container.get(TYPES.ModelsHandler)).toBe(handler);
      expect(JSON.parse((await send(server.port, { path: '/v1/models' })).text)).toMatchObject({ data: [{ id: 'fixed/a' }] });
    });
  });

  describe('when the container is unbound', () => {
    it('should close the handler, so event streams end', async () => {
      const container = createContainer({ env: 'test', config });
      const handler = container.get<ModelsHandler>(TYPES.ModelsHandler);
      const server = await startHandlerServer(handler);
      servers.push(server);

      await container.unbindAllAsync();

      expect((await send(server.port, { path: '/v1/models/events' })).status).toBe(503);
    });
  });

  describe('when serve.adminTokenEnv is not a variable name', () => {
    it('should reject the configuration', () => {
      expect(() => createContainer({ env: 'test', config: { serve: { adminTokenEnv: 'not a name' } } })).toThrow(ConfigError);
      expect(() => createContainer({ env: 'test', config: { serve: { adminToken: 'x' } as never } })).toThrow(ConfigError);
    });
  });
});
