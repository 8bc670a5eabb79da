import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledFactsCatalog } from '../../src/facts/bundledFactsCatalog.js';
import { defaultFactsCatalogPath, newestCatalog, readFetchedCatalog } from '../../src/facts/fetchedCatalogFile.js';
import { updateFactsCatalog } from '../../src/facts/updateFactsCatalog.js';
import { listenOnLoopback, type LoopbackServer } from '../helpers/listenOnLoopback.js';
import { ManualClock } from '../helpers/ManualClock.js';
import { MODELS_DEV_SAMPLE } from './modelsDevSample.js';

describe('updateFactsCatalog', () => {
  const dirs: string[] = [];
  const servers: LoopbackServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function serve(listener: RequestListener): Promise<string> {
    const server = await listenOnLoopback(createServer(listener));
    servers.push(server);
    return `${server.url}/api.json`;
  }

  function catalogPath(): string {
    const dir = mkdtempSync(join(tmpdir(), 'scoped-models-facts-'));
    dirs.push(dir);
    return join(dir, 'nested', 'models.dev.json');
  }

  const signal = new AbortController().signal;

  it('should write the fetched catalog, stamped with when it was fetched, for the next start to read', async () => {
    const url = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(MODELS_DEV_SAMPLE)));
    const path = catalogPath();
    const catalog = await updateFactsCatalog({ path, url, signal, clock: new ManualClock(1_700_000_000_000) });
    expect(catalog).toMatchObject({ source: 'fetched', date: '2025-05-22', fetchedAt: 1_700_000_000_000 });
    const read = readFetchedCatalog(path);
    expect(read?.provider('openai')?.get('gpt-4o')?.contextWindow).toBe(128_000);
    expect(read?.fetchedAt).toBe(1_700_000_000_000);
  });

  describe('when the fetch fails or the answer is not a catalog', () => {
    it.each([
      ['a 500', (res: Parameters<RequestListener>[1]) => res.writeHead(500).end('oops'), 'catalog_fetch_failed'],
      ['an HTML page', (res: Parameters<RequestListener>[1]) => res.writeHead(200, { 'content-type': 'application/json' }).end('"<html>"'), 'catalog_unreadable'],
    ])('should keep the catalog that was there on %s', async (_name, answer, code) => {
      const url = await serve((_req, res) => answer(res));
      const path = catalogPath();
      const good = await updateFactsCatalog({ path, url: await serve((_req, res) => res.end(JSON.stringify(MODELS_DEV_SAMPLE))), signal });
      const before = readFileSync(path, 'utf8');
      await expect(updateFactsCatalog({ path, url, signal, timeoutMs: 2_000 })).rejects.toMatchObject({ code });
      expect(readFileSync(path, 'utf8')).toBe(before);
      expect(readFetchedCatalog(path)?.date).toBe(good.date);
    });
  });
});

describe('readFetchedCatalog', () => {
  it('should read a missing or damaged file as never fetched', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scoped-models-facts-'));
    try {
      expect(readFetchedCatalog(join(dir, 'none.json'))).toBeUndefined();
      writeFileSync(join(dir, 'bad.json'), '{"fetchedAt": 1, "catalog": ');
      expect(readFetchedCatalog(join(dir, 'bad.json'))).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('newestCatalog', () => {
  it('should use the fetched catalog only when its facts are at least as new as the bundled ones', () => {
    const bundled = bundledFactsCatalog();
    const older = { p: { models: { m: { limit: { context: 10 }, last_updated: '2001-01-01' } } } };
    const newer = { p: { models: { m: { limit: { context: 10 }, last_updated: '2999-01-01' } } } };
    expect(newestCatalog(bundled, readFromJson(older))).toBe(bundled);
    expect(newestCatalog(bundled, readFromJson(newer)).source).toBe('fetched');
    expect(newestCatalog(bundled, undefined)).toBe(bundled);
  });
});

describe('defaultFactsCatalogPath', () => {
  it('should sit beside the stored lists in the user cache folder (here: Linux)', () => {
    expect(defaultFactsCatalogPath({ XDG_CACHE_HOME: '/c' })).toBe(join('/c', 'scoped-models', 'models.dev.json'));
  });
});

function readFromJson(json: unknown): ReturnType<typeof readFetchedCatalog> {
  const dir = mkdtempSync(join(tmpdir(), 'scoped-models-facts-'));
  try {
    writeFileSync(join(dir, 'f.json'), JSON.stringify({ fetchedAt: 1, url: 'x', catalog: json }));
    return readFetchedCatalog(join(dir, 'f.json'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
