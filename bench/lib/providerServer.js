import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';
import { clearTimeout, setTimeout } from 'node:timers';

/**
 * A local OpenAI-compatible provider: `GET /v1/models` answers the given ids after `delayMs`.
 * @typedef {object} ProviderServer
 * @property {string} baseUrl e.g. `http://127.0.0.1:41234/v1`
 * @property {number} requests how many model-list requests arrived so far
 * @property {() => Promise<void>} close stops it and drops open connections
 */

/** @param {readonly string[]} ids */
const listBody = (ids) => Buffer.from(JSON.stringify({ object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'bench' })) }));

/**
 * @param {{ ids: readonly string[], delayMs: number, idsForKey?: (key: string) => readonly string[] }} options
 *   `idsForKey`: the list depends on the `Authorization: Bearer` key (`ids` is then unused)
 * @returns {Promise<ProviderServer>}
 */
export async function startProviderServer({ ids, delayMs, idsForKey }) {
  const fixed = listBody(ids);
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  /** @type {Set<NodeJS.Timeout>} */
  const timers = new Set();
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/v1/models') {
      res.writeHead(404).end();
      return;
    }
    state.requests++;
    const body = idsForKey === undefined ? fixed : listBody(idsForKey((req.headers.authorization ?? '').replace(/^Bearer /, '')));
    const timer = setTimeout(() => {
      timers.delete(timer);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) }).end(body);
    }, delayMs);
    timers.add(timer);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const state = {
    baseUrl: `http://127.0.0.1:${address.port}/v1`,
    requests: 0,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
  return state;
}
