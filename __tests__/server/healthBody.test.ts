import { describe, expect, it } from '@jest/globals';
import { healthBody } from '../../src/server/healthBody.js';
import { ControlledProvider, ListProvider } from '../helpers/ControlledProvider.js';
import { createManager } from './handlerServer.js';

describe('healthBody', () => {
  describe('when one provider failed and another did not', () => {
    it('should say degraded', async () => {
      const failing = new ControlledProvider('openai');
      const manager = createManager([failing, new ListProvider('ollama', ['llama3.1:8b'])]);
      const discovery = manager.discoverModels();
      failing.fail(new Error('the upstream is down'));
      await discovery;

      const body = healthBody(manager);

      expect(body.providers.map((provider) => [provider.name, provider.state])).toEqual([
        ['ollama', 'ok'],
        ['openai', 'failed'],
      ]);
      expect(body).toMatchObject({ status: 'degraded', models: 1 });
    });
  });
});
