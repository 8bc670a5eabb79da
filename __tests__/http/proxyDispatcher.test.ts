import { afterEach, describe, expect, it } from '@jest/globals';
import { HttpClient } from '../../src/http/HttpClient.js';
import { proxyDispatcher, proxyRouteOf, proxySettings } from '../../src/http/proxyDispatcher.js';
import { sendJson, startFakeServer, type FakeServer } from '../helpers/fakeProviderServer.js';
import { startFakeProxy, type FakeProxy } from '../helpers/fakeProxy.js';
import { cleanupAfterEach } from '../helpers/cleanup.js';
import { rejectionOf } from '../helpers/thrownBy.js';

describe('proxySettings', () => {
  describe('when no proxy variable is set', () => {
    it('should be undefined, even with NO_PROXY set', () => {
      expect(proxySettings({ NO_PROXY: 'localhost', PATH: '/bin' })).toBeUndefined();
      expect(proxySettings({ HTTP_PROXY: '', https_proxy: '' })).toBeUndefined();
    });
  });

  describe('when both spellings are set', () => {
    it('should prefer the lower-case names', () => {
      expect(proxySettings({ HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:1', NO_PROXY: 'a', no_proxy: 'b' })).toEqual({
        httpProxy: '',
        httpsProxy: 'http://lower:1',
        noProxy: 'b',
      });
    });
  });
});

describe('proxyDispatcher', () => {
  let proxy: FakeProxy | undefined;
  let target: FakeServer | undefined;

  afterEach(async () => {
    await proxy?.close();
    await target?.close();
    proxy = undefined;
    target = undefined;
  });

  describe('when no proxy is set', () => {
    it('should give no dispatcher (a direct connection)', () => {
      expect(proxyDispatcher({})).toBeUndefined();
    });
  });

  describe('when the same settings are asked twice', () => {
    it('should share one agent', () => {
      expect(proxyDispatcher({ HTTPS_PROXY: 'http://127.0.0.1:9' })).toBe(proxyDispatcher({ HTTPS_PROXY: 'http://127.0.0.1:9' }));
    });
  });

  describe('when a proxy variable is not an http(s) URL', () => {
    it('should refuse it with a config error naming the variable as it was spelled, without its value', () => {
      const attempt = (): unknown => proxyDispatcher({ https_proxy: 'user:s3cret@proxy:3128', HTTP_PROXY: 'http://127.0.0.1:9' });
      expect(attempt).toThrow(expect.objectContaining({ code: 'config_invalid', issues: [expect.objectContaining({ path: 'https_proxy' })] }));
      expect(attempt).toThrow(/https_proxy: is not an http:\/\/ or https:\/\/ URL; set it like http:\/\/proxy\.internal:3128/);
      expect(attempt).not.toThrow(/s3cret/);
    });

    it.each(['socks5://127.0.0.1:1080', 'xhttp://127.0.0.1:1080', 'proxy internal'])('should refuse %s, which the agent cannot use, saying where the problem is', (value) => {
      expect(() => proxyDispatcher({ HTTP_PROXY: value })).toThrow(/^the proxy environment is invalid; fix these fields:\n {2}- HTTP_PROXY: is not an http:\/\/ or https:\/\/ URL/);
    });
  });

  describe('when HTTP_PROXY is set', () => {
    it('should tunnel the request through the proxy', async () => {
      proxy = await startFakeProxy();
      target = await startFakeServer((_req, res) => sendJson(res, 200, { via: 'target' }));
      const http = new HttpClient({ provider: 'p', dispatcher: proxyDispatcher({ HTTP_PROXY: proxy.url }) });
      const response = await http.getJson({ url: new URL(`${target.url}/models`), signal: new AbortController().signal, deadline: Date.now() + 5_000 });
      expect(response.body).toEqual({ via: 'target' });
      expect(proxy.connects).toEqual([new URL(target.url).host]);
    });
  });

  describe('when NO_PROXY names the host', () => {
    it('should connect directly', async () => {
      proxy = await startFakeProxy();
      target = await startFakeServer((_req, res) => sendJson(res, 200, { via: 'target' }));
      const http = new HttpClient({ provider: 'p', dispatcher: proxyDispatcher({ HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' }) });
      const response = await http.getJson({ url: new URL(target.url), signal: new AbortController().signal, deadline: Date.now() + 5_000 });
      expect(response.body).toEqual({ via: 'target' });
      expect(proxy.connects).toEqual([]);
    });
  });

  describe('when the proxy is down', () => {
    it('should fail with network', async () => {
      const down = await startFakeProxy();
      await down.close();
      const http = new HttpClient({ provider: 'p', retries: 0, dispatcher: proxyDispatcher({ HTTP_PROXY: down.url }) });
      await expect(
        http.getJson({ url: new URL('http://127.0.0.1:9/models'), signal: new AbortController().signal, deadline: Date.now() + 5_000 }),
      ).rejects.toMatchObject({ code: 'network' });
    });

    it('should name the proxy, as the variable set it, as what could not be reached, without its credentials', async () => {
      const down = await startFakeProxy();
      await down.close();
      const address = new URL(down.url);
      const withCredentials = `http://alice:s3cret-proxy-pass@${address.host}`;
      const http = new HttpClient({ provider: 'p', retries: 0, dispatcher: proxyDispatcher({ http_proxy: withCredentials }) });
      const failure = await rejectionOf(http.getJson({ url: new URL('http://127.0.0.1:9/models'), signal: new AbortController().signal, deadline: Date.now() + 5_000 }));
      expect(failure).toMatchObject({ code: 'network', message: expect.stringContaining(`through http_proxy at http://${address.host}`) as unknown });
      expect(String(failure)).not.toMatch(/alice|s3cret/);
    });
  });
});

describe('proxyRouteOf', () => {
  const url = (text: string): URL => new URL(text);

  it('should name HTTPS_PROXY for https:// and HTTP_PROXY for http://', () => {
    const agent = proxyDispatcher({ HTTPS_PROXY: 'http://secure-proxy:3128', HTTP_PROXY: 'http://plain-proxy:8080' });
    expect(proxyRouteOf(agent, url('https://api.openai.com/v1'))).toEqual({ variable: 'HTTPS_PROXY', address: 'http://secure-proxy:3128' });
    expect(proxyRouteOf(agent, url('http://gpu-box:8000/v1'))).toEqual({ variable: 'HTTP_PROXY', address: 'http://plain-proxy:8080' });
  });

  it('should fall back to HTTP_PROXY for https:// when HTTPS_PROXY is unset', () => {
    expect(proxyRouteOf(proxyDispatcher({ HTTP_PROXY: 'http://only:1' }), url('https://x.example'))).toEqual({ variable: 'HTTP_PROXY', address: 'http://only:1' });
  });

  it.each([['api.internal'], ['.internal'], ['*.internal'], ['api.internal:443'], ['*']])('should see that NO_PROXY=%s sends the request directly', (noProxy) => {
    expect(proxyRouteOf(proxyDispatcher({ HTTPS_PROXY: 'http://p:1', NO_PROXY: noProxy }), url('https://api.internal/v1'))).toBeUndefined();
  });

  it('should not bypass for another port or another domain', () => {
    const agent = proxyDispatcher({ HTTPS_PROXY: 'http://p:1', NO_PROXY: 'api.internal:8443,other.example' });
    expect(proxyRouteOf(agent, url('https://api.internal/v1'))).toEqual({ variable: 'HTTPS_PROXY', address: 'http://p:1' });
  });

  it('should be undefined without a proxy agent', () => {
    expect(proxyRouteOf(undefined, url('https://x.example'))).toBeUndefined();
  });

  // A real request through a real proxy shows the route undici took; proxyRouteOf must name the same one.
  describe('when a request goes through the agent', () => {
    const cleanup = cleanupAfterEach();

    type Environment = (proxyUrl: string) => Record<string, string>;

    /**
     * Sends a request for `address` through an agent made from `environment`; PORT in either
     * stands for the target's port. Gives the route undici took and the one proxyRouteOf names.
     */
    async function routes(environment: Environment, address: string): Promise<{ taken: string; named: string }> {
      const proxy = cleanup.closing(await startFakeProxy());
      const target = cleanup.closing(await startFakeServer((_req, res) => sendJson(res, 200, {})));
      const port = new URL(target.url).port;
      const url = new URL(address.replace('PORT', port));
      const settings = Object.entries(environment(proxy.url)).map(([name, value]): [string, string] => [name, value.replace('PORT', port)]);
      const agent = proxyDispatcher(Object.fromEntries(settings));
      const http = new HttpClient({ provider: 'p', retries: 0, requestTimeoutMs: 2_000, dispatcher: agent });
      // Where nothing listens (ports 80 and 443) the request fails: the route is what counts.
      await http.getJson({ url, signal: new AbortController().signal, deadline: Date.now() + 5_000 }).catch(() => undefined);
      const route = (proxied: boolean): string => (proxied ? 'through the proxy' : 'directly');
      return { taken: route(proxy.connects.length > 0), named: route(proxyRouteOf(agent, url) !== undefined) };
    }

    it.each([
      ['127.0.0.1', 'http://127.0.0.1:PORT/v1', 'directly'],
      ['0.0.1', 'http://127.0.0.1:PORT/v1', 'through the proxy'],
      ['.0.0.1', 'http://127.0.0.1:PORT/v1', 'directly'],
      ['*.0.0.1', 'http://127.0.0.1:PORT/v1', 'directly'],
      ['.0.0.1*', 'http://127.0.0.1:PORT/v1', 'through the proxy'],
      ['*', 'http://127.0.0.1:PORT/v1', 'directly'],
      ['127.0.0.1:PORT', 'http://127.0.0.1:PORT/v1', 'directly'],
      ['127.0.0.1:1', 'http://127.0.0.1:PORT/v1', 'through the proxy'],
      ['other.example,127.0.0.1', 'http://127.0.0.1:PORT/v1', 'directly'],
      ['other.example 127.0.0.1', 'http://127.0.0.1:PORT/v1', 'directly'],
      [', ,', 'http://127.0.0.1:PORT/v1', 'through the proxy'],
      ['LOCALHOST', 'http://localhost:PORT/v1', 'directly'],
      ['[::1]', 'http://[::1]:PORT/v1', 'directly'],
      ['127.0.0.1:80', 'http://127.0.0.1/v1', 'directly'],
      ['127.0.0.1:443', 'https://127.0.0.1/v1', 'directly'],
    ])('with NO_PROXY=%j, should send %s %s, as proxyRouteOf names it', async (noProxy, address, expected) => {
      const { taken, named } = await routes((proxyUrl) => ({ HTTP_PROXY: proxyUrl, HTTPS_PROXY: proxyUrl, NO_PROXY: noProxy }), address);
      expect(taken).toBe(expected);
      expect(named).toBe(expected);
    });

    it('should send http:// directly when only HTTPS_PROXY is set, as proxyRouteOf names it', async () => {
      const { taken, named } = await routes((proxyUrl) => ({ HTTPS_PROXY: proxyUrl }), 'http://127.0.0.1:PORT/v1');
      expect(taken).toBe('directly');
      expect(named).toBe('directly');
    });
  });
});
