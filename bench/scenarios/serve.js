import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, URL } from 'node:url';
import { Pool } from 'undici';
import { figure } from '../lib/figures.js';

/** @typedef {import('../lib/figures.js').Figure} Figure */

const MODELS = 1_000;
/** Requests in flight at once, one per connection. */
const CONNECTIONS = 16;

/**
 * Requests per second of `GET /v1/models` (1k models, warm) next to a node:http server
 * answering a constant body of the same size, both measured the same way in the same run,
 * alternately. The servers run in a child process, the load here.
 * @param {{ quick: boolean, log: (line: string) => void }} context
 * @returns {Promise<Figure[]>}
 */
export async function serveScenario({ quick, log }) {
  const child = fork(fileURLToPath(new URL('../lib/serveChild.js', import.meta.url)), [String(MODELS)]);
  try {
    /** @type {{ apiPort: number, constantPort: number, bytes: number, models: number }} */
    const ready = await new Promise((resolve, reject) => {
      child.once('message', (message) => resolve(/** @type {{ apiPort: number, constantPort: number, bytes: number, models: number }} */ (message)));
      child.once('exit', (code) => reject(new Error(`the server process ended with code ${String(code)}`)));
    });
    const durationMs = quick ? 1_000 : 3_000;
    const rounds = quick ? 1 : 3;
    let api = 0;
    let constant = 0;
    for (let round = 0; round < rounds; round++) {
      api = Math.max(api, await requestsPerSecond(ready.apiPort, ready.bytes, durationMs));
      constant = Math.max(constant, await requestsPerSecond(ready.constantPort, ready.bytes, durationMs));
    }
    log(`${ready.models} models, ${ready.bytes} bytes per answer`);
    return [
      figure({
        scenario: 'serve',
        name: `GET /v1/models, ${ready.models} models warm (${Math.round(ready.bytes / 1024)} KiB), ${CONNECTIONS} connections`,
        value: api,
        unit: 'req/s',
        baseline: 'node:http answering the same bytes',
        baselineValue: constant,
        target: { op: '>=', limit: 0.7 },
      }),
    ];
  } finally {
    child.kill();
  }
}

/**
 * Completed `GET /v1/models` per second over `durationMs`, after a short warm-up, with
 * {@link CONNECTIONS} keep-alive connections each sending its next request as soon as its
 * answer has been read in full.
 * @param {number} port
 * @param {number} bytes the size every answer must have
 * @param {number} durationMs
 * @returns {Promise<number>}
 */
async function requestsPerSecond(port, bytes, durationMs) {
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: CONNECTIONS, pipelining: 1 });
  try {
    await load(pool, bytes, Math.min(500, durationMs / 2));
    const start = performance.now();
    const completed = await load(pool, bytes, durationMs);
    return completed / ((performance.now() - start) / 1000);
  } finally {
    await pool.close();
  }
}

/**
 * @param {Pool} pool
 * @param {number} bytes
 * @param {number} durationMs
 * @returns {Promise<number>} requests completed
 */
async function load(pool, bytes, durationMs) {
  const end = performance.now() + durationMs;
  let completed = 0;
  const worker = async () => {
    while (performance.now() < end) {
      const { statusCode, body } = await pool.request({ path: '/v1/models', method: 'GET' });
      let received = 0;
      for await (const chunk of body) received += /** @type {Buffer} */ (chunk).length;
      if (statusCode !== 200 || received !== bytes) throw new Error(`unexpected answer: ${statusCode}, ${received} bytes`);
      completed++;
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  return completed;
}
