import { createRequire } from 'node:module';
import type { Dispatcher } from 'undici';
import { ConfigError } from '../errors/ConfigError.js';

// undici takes ~100 ms to load: it is loaded only when a proxy is set, so a CLI start stays fast.
const require = createRequire(import.meta.url);

/** The proxy settings found in an environment; `undefined` when none is set. */
export interface ProxySettings {
  httpProxy: string;
  httpsProxy: string;
  noProxy: string;
}

/** The proxy a request goes through, for messages: the variable that set it and its address (no credentials). */
export interface ProxyRoute {
  /** `HTTPS_PROXY`, `https_proxy`, `HTTP_PROXY` or `http_proxy`, as it was spelled. */
  variable: string;
  /** `http://proxy.internal:3128`: the proxy's origin, without user or password. */
  address: string;
}

/**
 * Reads `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` (lower-case names first, as curl and
 * undici do). `undefined` when neither proxy variable is set.
 */
export function proxySettings(environment: Readonly<Record<string, string | undefined>>): ProxySettings | undefined {
  const read = (name: string): string => environment[variableName(environment, name)] || '';
  const httpProxy = read('HTTP_PROXY');
  const httpsProxy = read('HTTPS_PROXY');
  if (httpProxy === '' && httpsProxy === '') return undefined;
  return { httpProxy, httpsProxy, noProxy: read('NO_PROXY') };
}

/** The spelling of `name` that is set, lower case first (as curl and undici read them). */
function variableName(environment: Readonly<Record<string, string | undefined>>, name: string): string {
  return environment[name.toLowerCase()] ? name.toLowerCase() : name;
}

const agents = new Map<string, Dispatcher>();
/** What each agent was made from, so an error can name the proxy it went through. */
const routes = new WeakMap<Dispatcher, (url: URL) => ProxyRoute | undefined>();

/**
 * The dispatcher that sends requests through the environment's proxy, or `undefined` for a
 * direct connection. Node's own fetch ignores these variables; undici's agent honours them.
 * One agent per distinct setting is shared, so connections are pooled across providers.
 */
export function proxyDispatcher(environment: Readonly<Record<string, string | undefined>>): Dispatcher | undefined {
  const settings = proxySettings(environment);
  if (settings === undefined) return undefined;
  const key = JSON.stringify(settings);
  let agent = agents.get(key);
  if (agent === undefined) {
    checkProxyUrls(environment, settings);
    // Every setting is passed explicitly (empty when unset) so the agent never reads process.env itself.
    const { EnvHttpProxyAgent } = require('undici') as typeof import('undici');
    agent = new EnvHttpProxyAgent(settings);
    agents.set(key, agent);
    routes.set(agent, (url) => proxyRoute(environment, settings, url));
  }
  return agent;
}

/**
 * Refuses a proxy variable that is not an http(s) URL with a message naming the variable (undici
 * would say only "Invalid URL"). The value is not repeated: it may hold a password.
 */
function checkProxyUrls(environment: Readonly<Record<string, string | undefined>>, settings: ProxySettings): void {
  const bad = (value: string): boolean => value !== '' && !/^https?:$/.test(URL.parse(value)?.protocol ?? '');
  const values = { HTTPS_PROXY: settings.httpsProxy, HTTP_PROXY: settings.httpProxy };
  const issues = Object.entries(values)
    .filter(([, value]) => bad(value))
    .map(([name]) => ({ path: variableName(environment, name), message: 'is not an http:// or https:// URL; set it like http://proxy.internal:3128, or unset it' }));
  if (issues.length > 0) throw new ConfigError(issues, 'the proxy environment');
}

/** The proxy `dispatcher` sends a request for `url` through; `undefined` for a direct connection or another dispatcher. */
export function proxyRouteOf(dispatcher: Dispatcher | undefined, url: URL): ProxyRoute | undefined {
  return dispatcher === undefined ? undefined : routes.get(dispatcher)?.(url);
}

function proxyRoute(environment: Readonly<Record<string, string | undefined>>, settings: ProxySettings, url: URL): ProxyRoute | undefined {
  if (bypassed(settings.noProxy, url)) return undefined;
  const https = url.protocol === 'https:' && settings.httpsProxy !== '';
  const value = https ? settings.httpsProxy : settings.httpProxy;
  if (value === '') return undefined;
  const variable = variableName(environment, https ? 'HTTPS_PROXY' : 'HTTP_PROXY');
  // The agent was made from this value, and undici refuses one that is not an http(s) URL.
  return { variable, address: new URL(value).origin };
}

/**
 * Whether undici's agent sends `url` directly, by its NO_PROXY rules (mirrored, so a message names
 * the route the request took): entries split on commas and spaces; `host` and `host:port` match
 * exactly, `.domain` and `*.domain` by suffix, `*` everything.
 */
function bypassed(noProxy: string, url: URL): boolean {
  // The hostname keeps an IPv6 address's brackets (`[::1]`), as undici compares it.
  const host = url.hostname;
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  return noProxy.split(/[,\s]/).some((entry) => {
    const hostAndPort = /(.+):(\d+)$/.exec(entry);
    const name = (hostAndPort?.[1] ?? entry).toLowerCase();
    const entryPort = Number(hostAndPort?.[2] ?? 0);
    if (entryPort !== 0 && entryPort !== port) return false;
    // An empty entry (`a,,b`) matches nothing: no host is empty.
    return /^[.*]/.test(name) ? host.endsWith(name.replace(/^\*/, '')) : host === name;
  });
}
