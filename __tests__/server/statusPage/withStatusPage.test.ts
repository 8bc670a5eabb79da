import 'reflect-metadata';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { connect } from 'node:net';
import type { Browser, Page } from 'puppeteer-core';
import { systemClock } from '../../../src/time/Clock.js';
import { createModelsHandler, type ModelsHandler } from '../../../src/server/createModelsHandler.js';
import { STATUS_PAGE_CSS } from '../../../src/server/statusPage/statusPageCss.js';
import { STATUS_PAGE_CSP, withStatusPage } from '../../../src/server/statusPage/withStatusPage.js';
import type { ProviderManager } from '../../../src/manager/ProviderManager.js';
import { createProvider } from '../../../src/providers/createProvider.js';
import { parseConfig } from '../../../src/config/parseConfig.js';
import { ProviderManager as Manager } from '../../../src/manager/ProviderManager.js';
import { NullSentinelModelCache } from '../../../src/cache/NullSentinelModelCache.js';
import { silentLogger } from '../../../src/logging/Logger.js';
import { type OpenAiServer, startOpenAiServer } from '../../helpers/fakeProviderServer.js';
import { type HandlerServer, startHandlerServer } from '../handlerServer.js';
import { launchBrowser } from './launchBrowser.js';

interface Running {
  provider: OpenAiServer;
  manager: ProviderManager;
  handler: ModelsHandler;
  server: HandlerServer;
}

/** `serve`'s stack: a manager over a real HTTP provider, the models handler, the page in front. */
async function start(models: string[]): Promise<Running> {
  const provider = await startOpenAiServer({ models });
  const config = parseConfig({ providers: [{ name: 'openai', type: 'openai', baseUrl: provider.baseUrl, apiKey: 'k' }, { name: 'off', type: 'static', models: ['x'], enabled: false }] });
  const providers = config.providers.map((entry, index) => createProvider(entry, index, { environment: {}, discovery: config.discovery, clock: systemClock }));
  const manager = new Manager(config, new NullSentinelModelCache(), providers, systemClock, silentLogger);
  await manager.discoverModels();
  const handler = withStatusPage(createModelsHandler(manager, { heartbeatMs: 60_000 }));
  const server = await startHandlerServer(handler);
  return { provider, manager, handler, server };
}

/** The text of every element matching `selector`, read in the page (the tests have no DOM types). */
async function texts(page: Page, selector: string): Promise<string[]> {
  const found: unknown = await page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((element) => element.textContent)`);
  return found as string[];
}

/** Every byte the server sends for a HEAD, read off a plain socket: fetch and node:http would hide a body sent by mistake. */
function rawHead(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(`HEAD ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

describe(withStatusPage, () => {
  let running: Running | undefined;

  afterEach(async () => {
    if (running === undefined) return;
    running.handler.close();
    await running.server.close();
    await running.manager.close();
    await running.provider.close();
    running = undefined;
  });

  describe('GET /', () => {
    it('should answer the page under a Content-Security-Policy without inline script, and pass other paths on', async () => {
      running = await start(['gpt-4o']);
      const page = await fetch(`${running.server.url}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('content-security-policy')).toBe(STATUS_PAGE_CSP);
      expect(STATUS_PAGE_CSP).toContain("script-src 'self'");
      expect(STATUS_PAGE_CSP).not.toContain('unsafe-inline');
      const html = await page.text();
      expect(html).not.toMatch(/<script>|<style>|\son[a-z]+=/);
      expect((await fetch(`${running.server.url}/status-page.js`)).headers.get('content-type')).toContain('text/javascript');
      expect((await fetch(`${running.server.url}/v1/models`)).status).toBe(200);
      expect((await fetch(`${running.server.url}/`, { method: 'POST' })).status).toBe(404);
    });

    it('should serve the style sheet whole, unsniffed and revalidated, and HEAD with its length but no body', async () => {
      running = await start(['gpt-4o']);

      const css = await fetch(`${running.server.url}/status-page.css?v=1`);
      const head = await rawHead(running.server.port, '/status-page.css');

      expect(css.status).toBe(200);
      expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
      expect(css.headers.get('x-content-type-options')).toBe('nosniff');
      expect(css.headers.get('cache-control')).toBe('no-cache');
      const text = await css.text();
      expect(text).toBe(STATUS_PAGE_CSS);
      expect(text).toMatch(/^body \{[^}]+\}/);
      expect(text).toContain('.failed {');
      expect(head).toContain(`\r\ncontent-length: ${Buffer.byteLength(STATUS_PAGE_CSS)}\r\n`);
      expect(head.endsWith('\r\n\r\n')).toBe(true);
    });
  });

  describe('in a real headless Chromium', () => {
    let browser: Browser | undefined;
    const pages: Page[] = [];

    afterEach(async () => {
      await Promise.all(pages.splice(0).map((page) => page.close()));
    });

    beforeAll(async () => {
      browser = await launchBrowser();
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
    });

    it('should load without console errors, complete "gpt" as typed, and update the count when a discovery adds a model', async () => {
      running = await start(['gpt-4o', 'gpt-4o-mini', 'o3']);
      const page = await browser!.newPage();
      pages.push(page);
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warn') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(String(error)));
      await page.goto(`${running.server.url}/`, { waitUntil: 'load' });
      await page.waitForFunction("document.getElementById('total').textContent === '3'");
      await page.waitForFunction("document.getElementById('live').textContent === 'live'");
      const row = await texts(page, 'tr[data-provider="openai"] td');
      expect(row.slice(0, 3)).toEqual(['openai', 'ok', '3']);

      await page.type('#search', 'gpt');
      await page.waitForFunction("document.querySelectorAll('#completions li').length === 2");
      const items = await texts(page, '#completions li');
      expect(items).toEqual(['openai/gpt-4o', 'openai/gpt-4o-mini']);

      running.provider.setModels(['gpt-4o', 'gpt-4o-mini', 'o3', 'gpt-5']);
      await running.manager.discoverModels();
      await page.waitForFunction("document.getElementById('total').textContent === '4'");
      expect(await texts(page, 'tr[data-provider="openai"] td.number')).toEqual(['4']);
      expect(problems).toEqual([]);
    }, 60_000);
  });
});
