import { afterEach } from '@jest/globals';
import type { FakeServer } from './fakeProviderServer.js';

/**
 * Registers an `afterEach` that closes every server started in the test, and returns the
 * function that tracks them: `const server = await track(startOpenAiServer(…))`.
 */
export function trackServers(): <S extends FakeServer>(server: Promise<S>) => Promise<S> {
  const servers: FakeServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return async (server) => {
    const started = await server;
    servers.push(started);
    return started;
  };
}

/** A signal that never aborts, for calling an adapter directly. */
export const quietSignal = (): AbortSignal => new AbortController().signal;
