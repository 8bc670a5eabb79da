// The servers of the serve scenario, in a process of their own so that the load generator
// does not share their CPU: the models handler over 1k models (warm), and a bare node:http
// server answering the very same bytes. Tells its parent both ports over IPC.
import { Buffer } from 'node:buffer';
import { createServer, get } from 'node:http';
import process from 'node:process';
import { TYPES } from '../../dist/index.js';
import { benchManager } from './benchManager.js';
import { realisticCatalog } from './ids.js';

const SIZE = Number(process.argv[2] ?? 1_000);

/**
 * @param {import('node:http').Server} server
 * @returns {Promise<number>} its port on 127.0.0.1
 */
async function listen(server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  return /** @type {import('node:net').AddressInfo} */ (server.address()).port;
}

/**
 * @param {number} port
 * @returns {Promise<{ body: Buffer, contentType: string }>}
 */
function fetchModels(port) {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/v1/models' }, (res) => {
      /** @type {Buffer[]} */
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ body: Buffer.concat(chunks), contentType: String(res.headers['content-type']) }));
    }).on('error', reject);
  });
}

const { container, manager } = await benchManager(realisticCatalog(SIZE));
const count = manager.validScopedModels().length;
const handler = container.get(TYPES.ModelsHandler);
const api = createServer(handler);
const apiPort = await listen(api);
// Warm: the list is built and serialised once before any measured request.
const { body, contentType } = await fetchModels(apiPort);
const constant = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': contentType, 'content-length': String(body.length) });
  res.end(body);
});
const constantPort = await listen(constant);
process.send?.({ apiPort, constantPort, bytes: body.length, models: count });
process.on('disconnect', () => process.exit(0));
