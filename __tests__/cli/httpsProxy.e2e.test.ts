import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startFakeProxy, type FakeProxy } from '../helpers/fakeProxy.js';
import { describeNeeding, tool } from '../helpers/requireTools.js';
import { compatibleConfig, TempDir } from './cliHarness.js';
import { cleanEnv, spawnCli } from './spawnCli.js';

const run = promisify(execFile);

/**
 * HTTPS_PROXY end to end: the built CLI, an HTTPS provider with a certificate of its own (trusted
 * through NODE_EXTRA_CA_CERTS, as a user behind a corporate proxy would), and a real CONNECT proxy.
 */
describeNeeding('scoped-models discover through HTTPS_PROXY', [tool('openssl', ['version'])], () => {
  const dir = new TempDir();
  let provider: Server;
  let proxy: FakeProxy;
  let origin: string;
  let cert: string;

  beforeAll(async () => {
    cert = join(dir.path, 'cert.pem');
    const key = join(dir.path, 'key.pem');
    await run('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    ]);
    provider = createServer({ cert: readFileSync(cert), key: readFileSync(key) }, (req, res) => {
      const body = JSON.stringify({ object: 'list', data: [{ id: 'tls-model', object: 'model', created: 0, owned_by: 'lab' }] });
      res.writeHead(req.url === '/v1/models' ? 200 : 404, { 'content-type': 'application/json' });
      res.end(body);
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    origin = `127.0.0.1:${(provider.address() as AddressInfo).port}`;
    proxy = await startFakeProxy();
  });

  afterAll(async () => {
    provider?.closeAllConnections();
    await new Promise((resolve) => (provider === undefined ? resolve(undefined) : provider.close(resolve)));
    await proxy?.close();
    dir.remove();
  });

  it('should tunnel the provider request through the proxy and list its models', async () => {
    const config = dir.write('proxied.json', compatibleConfig([{ name: 'lab', baseUrl: `https://${origin}/v1` }]));
    const result = await spawnCli(['discover', '--json', '--config', config], {
      env: cleanEnv({ HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: cert }),
    });
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ providers: [{ name: 'lab', status: 'ok', models: 1, added: ['lab/tls-model'] }] });
    expect(proxy.connects).toEqual([origin]);
  });
});
